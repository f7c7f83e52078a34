package config

import (
	"flag"
	"strings"
	"testing"
)

func TestConfigTable(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"defaults", nil, ""},
		{"bad duration", []string{"--session-idle", "soon"}, "session-idle"},
		{"short key", []string{"--secret-key", "abc"}, "secret-key"},
		{"bad lockout", []string{"--lockout-after", "0"}, "lockout-after"},
		{"bad listen", []string{"--listen", "8080"}, "listen"},
		{"bad rate", []string{"--rate-login", "lots"}, "rate-login"},
		{"bad rate period", []string{"--rate-open311", "5/1ms"}, "rate-open311"},
		{"pow too hard", []string{"--pow-bits", "25"}, "pow-bits"},
		{"bad delay", []string{"--login-delay-max", "0s"}, "login-delay-max"},
	}
	for _, c := range cases {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		build := Register(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		cfg, err := build()
		if c.wantErr == "" {
			if err != nil || cfg.LockoutAfter != 5 || cfg.SessionIdle.Minutes() != 30 || cfg.PowBits != 16 ||
				cfg.Rates["login"].String() != "30/1m0s" || cfg.Rates["open311"].N != 60 || len(cfg.Rates) != 7 || cfg.LoginDelayAfter != 10 {
				t.Errorf("%s: %v %+v", c.name, err, cfg)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("%s: err = %v, want mention of %s", c.name, err, c.wantErr)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	build := Register(fs)
	fs.Parse([]string{"--db", "postgres://u:pw@h/db", "--secret-key", "supersecretvalue123"})
	cfg, _ := build()
	d := cfg.Describe()
	if strings.Contains(d, "pw@") || strings.Contains(d, "supersecretvalue123") {
		t.Errorf("secrets not masked:\n%s", d)
	}
}
