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
	}
	for _, c := range cases {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		build := Register(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		cfg, err := build()
		if c.wantErr == "" {
			if err != nil || cfg.LockoutAfter != 5 || cfg.SessionIdle.Minutes() != 30 {
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
