package config

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/ratelimit"
)

// Rate-limit classes: each names the routes it covers (web/abuse.go) and
// has one option, "N/duration" per key or "off".
const (
	RateLogin    = "login"    // sign-ins, per source address
	RateSignup   = "signup"   // /join talent sign-ups, per source address
	RateDeclare  = "declare"  // anonymous declarations, per source address
	RateRegister = "register" // mobile-member registrations, per address and account
	RateOpen311  = "open311"  // Open311 service requests, per address and API key
	RateExport   = "export"   // CSV and Excel exports, per address and account
	RateCoverage = "coverage" // coverage and siting runs, per address and account
)

var rateDefaults = []struct{ class, def, usage string }{
	{RateLogin, "30/1m", "sign-ins per source address"},
	{RateSignup, "10/1h", "talent sign-ups (/join) per source address"},
	{RateDeclare, "10/1h", "anonymous declarations (/declare) per source address"},
	{RateRegister, "20/1h", "mobile-member registrations per source address and per account"},
	{RateOpen311, "60/1m", "Open311 service requests per source address and per API key"},
	{RateExport, "30/1m", "exports per source address and per account"},
	{RateCoverage, "10/10m", "coverage and siting runs started per source address and per account"},
}

func init() {
	for _, r := range rateDefaults {
		class := r.class
		options = append(options, option{"rate-" + class, "DANGJIAN_RATE_" + strings.ToUpper(class), r.def,
			r.usage + `: "N/duration" or off; over it the answer is 429 with Retry-After`, false,
			func(c *Config, v string) error {
				rule, err := ratelimit.ParseRule(v)
				if err != nil {
					return err
				}
				if c.Rates == nil {
					c.Rates = map[string]ratelimit.Rule{}
				}
				c.Rates[class] = rule
				return nil
			}, func(c *Config) string { return c.Rates[class].String() }})
	}
	options = append(options,
		option{"pow-bits", "DANGJIAN_POW_BITS", "16", "proof-of-work difficulty of public sign-ups, in leading zero bits (0: none)", false,
			intOpt(0, 24, func(c *Config) *int { return &c.PowBits }), func(c *Config) string { return strconv.Itoa(c.PowBits) }},
		option{"login-delay-after", "DANGJIAN_LOGIN_DELAY_AFTER", "10", "failed sign-ins to one account, from any address, before each further one makes it wait", false,
			intOpt(1, 1000, func(c *Config) *int { return &c.LoginDelayAfter }), func(c *Config) string { return strconv.Itoa(c.LoginDelayAfter) }},
		option{"login-delay-max", "DANGJIAN_LOGIN_DELAY_MAX", "2m", "longest wait of an account under repeated failed sign-ins (it doubles from 1s)", false,
			durationOpt(func(c *Config) *time.Duration { return &c.LoginDelayMax }), func(c *Config) string { return c.LoginDelayMax.String() }},
	)
}

func intOpt(lo, hi int, field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return errors.New("must be a number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi))
		}
		*field(c) = n
		return nil
	}
}
