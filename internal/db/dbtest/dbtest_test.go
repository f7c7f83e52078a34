package dbtest

import (
	"errors"
	"testing"
)

func TestCheckPG(t *testing.T) {
	up := func(string) error { return nil }
	down := func(string) error { return errors.New("connection refused") }
	for _, c := range []struct {
		name    string
		ci, dsn string
		ping    func(string) error
		wantErr bool
	}{
		{"laptop without PostgreSQL", "", "", down, false},
		{"laptop with PostgreSQL down", "", "postgres://x", down, false},
		{"CI without DANGJIAN_TEST_PG", "true", "", up, true},
		{"CI with PostgreSQL down", "true", "postgres://x", down, true},
		{"CI with PostgreSQL up", "true", "postgres://x", up, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := checkPG(c.ci, c.dsn, c.ping); (err != nil) != c.wantErr {
				t.Errorf("checkPG(%q, %q) = %v, want error %v", c.ci, c.dsn, err, c.wantErr)
			}
		})
	}
}

func TestPingPGUnreachable(t *testing.T) {
	// A port nothing listens on: the ping must fail, not hang or pass.
	if err := pingOnce("postgres://postgres@127.0.0.1:1/test?connect_timeout=2"); err == nil {
		t.Fatal("ping of a closed port succeeded")
	}
}
