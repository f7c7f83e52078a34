// Package config is the one typed option table. Each option has a flag name,
// a DANGJIAN_* environment variable, a default, a validator, and whether it
// is secret (masked when printed). Flags override the environment, which
// overrides defaults.
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/ratelimit"
)

// Config is the validated configuration.
type Config struct {
	DB             string
	Listen         string
	SecretKey      string
	SessionIdle    time.Duration
	SessionMax     time.Duration
	LockoutAfter   int
	LockoutFor     time.Duration
	CookieSecure   bool
	MaxUploadBytes int64
	DataDir        string
	// Rates are the rate limits by class (abuse.go); a class without a
	// rule, as in a Config built in code, is not limited.
	Rates           map[string]ratelimit.Rule
	PowBits         int // proof-of-work difficulty of public sign-ups; 0: none
	LoginDelayAfter int
	LoginDelayMax   time.Duration
}

type option struct {
	name    string
	env     string
	def     string
	usage   string
	secret  bool
	apply   func(c *Config, v string) error
	current func(c *Config) string
}

var options = []option{
	{"db", "DANGJIAN_DB", "dangjian.db", "database: a SQLite file path, or a postgres:// URL", true,
		func(c *Config, v string) error {
			if v == "" {
				return errors.New("must not be empty")
			}
			c.DB = v
			return nil
		}, func(c *Config) string { return c.DB }},
	{"listen", "DANGJIAN_LISTEN", "127.0.0.1:8080", "HTTP listen address", false,
		func(c *Config, v string) error {
			if !strings.Contains(v, ":") {
				return errors.New("must be host:port")
			}
			c.Listen = v
			return nil
		}, func(c *Config) string { return c.Listen }},
	{"secret-key", "DANGJIAN_SECRET_KEY", "", "key for personal-data encryption (16+ bytes); no default: run and demo generate one beside the database", true,
		func(c *Config, v string) error {
			if v != "" && len(v) < 16 {
				return errors.New("must be at least 16 bytes")
			}
			c.SecretKey = v
			return nil
		}, func(c *Config) string { return c.SecretKey }},
	{"session-idle", "DANGJIAN_SESSION_IDLE", "30m", "idle time after which a session expires", false,
		durationOpt(func(c *Config) *time.Duration { return &c.SessionIdle }), func(c *Config) string { return c.SessionIdle.String() }},
	{"session-max", "DANGJIAN_SESSION_MAX", "12h", "absolute lifetime of a session, however active", false,
		durationOpt(func(c *Config) *time.Duration { return &c.SessionMax }), func(c *Config) string { return c.SessionMax.String() }},
	{"lockout-after", "DANGJIAN_LOCKOUT_AFTER", "5", "failed logins before an account is locked", false,
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return errors.New("must be a number from 1 to 100")
			}
			c.LockoutAfter = n
			return nil
		}, func(c *Config) string { return strconv.Itoa(c.LockoutAfter) }},
	{"lockout-for", "DANGJIAN_LOCKOUT_FOR", "30m", "how long a locked account stays locked", false,
		durationOpt(func(c *Config) *time.Duration { return &c.LockoutFor }), func(c *Config) string { return c.LockoutFor.String() }},
	{"cookie-secure", "DANGJIAN_COOKIE_SECURE", "false", "mark cookies Secure (behind HTTPS)", false,
		func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("must be true or false")
			}
			c.CookieSecure = b
			return nil
		}, func(c *Config) string { return strconv.FormatBool(c.CookieSecure) }},
	{"max-upload", "DANGJIAN_MAX_UPLOAD", "268435456", "largest accepted upload in bytes", false,
		func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1024 {
				return errors.New("must be a number of bytes, at least 1024")
			}
			c.MaxUploadBytes = n
			return nil
		}, func(c *Config) string { return strconv.FormatInt(c.MaxUploadBytes, 10) }},
	{"data-dir", "DANGJIAN_DATA_DIR", "", "directory of shipped data (empty: the copy embedded in the binary)", false,
		func(c *Config, v string) error { c.DataDir = v; return nil }, func(c *Config) string { return c.DataDir }},
}

func durationOpt(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return errors.New("must be a positive duration such as 30m")
		}
		*field(c) = d
		return nil
	}
}

// Register adds every option as a flag on fs and returns a function that,
// after fs.Parse, builds the validated Config.
func Register(fs *flag.FlagSet) func() (*Config, error) {
	vals := make([]*string, len(options))
	for i, o := range options {
		def := o.def
		if v, ok := os.LookupEnv(o.env); ok {
			def = v
		}
		vals[i] = fs.String(o.name, def, fmt.Sprintf("%s (env %s)", o.usage, o.env))
	}
	return func() (*Config, error) {
		c := &Config{}
		var errs []string
		for i, o := range options {
			if err := o.apply(c, *vals[i]); err != nil {
				errs = append(errs, fmt.Sprintf("--%s (%s): %v", o.name, o.env, err))
			}
		}
		if len(errs) > 0 {
			return nil, errors.New(strings.Join(errs, "; "))
		}
		return c, nil
	}
}

// Describe lists the options and their current values, secrets masked.
func (c *Config) Describe() string {
	var b strings.Builder
	for _, o := range options {
		v := o.current(c)
		if o.secret && v != "" {
			v = maskSecret(v)
		}
		fmt.Fprintf(&b, "%-18s %-28s %s\n", o.name, o.env, v)
	}
	return b.String()
}

func maskSecret(v string) string {
	if i := strings.Index(v, "://"); i >= 0 {
		// keep scheme and host of a URL, drop credentials
		rest := v[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			rest = "***@" + rest[at+1:]
		}
		return v[:i+3] + rest
	}
	if strings.HasSuffix(v, ".db") {
		return v
	}
	return "********"
}
