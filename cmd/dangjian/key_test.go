package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// keyEnv is the environment without any personal-data key.
func keyEnv(extra ...string) []string {
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DANGJIAN_SECRET_KEY=") && !strings.HasPrefix(e, "DANGJIAN_NEW_SECRET_KEY=") {
			env = append(env, e)
		}
	}
	return append(env, extra...)
}

func dj(t *testing.T, bin string, env []string, args ...string) (string, error) {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Env = env
	out, err := c.CombinedOutput()
	return string(out), err
}

// serveBriefly starts serve and reports whether it answered /healthz.
func serveBriefly(t *testing.T, bin, dbPath string, env []string) (bool, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var logs bytes.Buffer
	c := exec.Command(bin, "serve", "--db", dbPath, "--listen", addr)
	c.Env, c.Stdout, c.Stderr = env, &logs, &logs
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	defer func() { c.Process.Kill(); <-done }()
	for i := 0; i < 200; i++ {
		select {
		case <-done:
			done <- nil
			return false, logs.String()
		default:
		}
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return true, logs.String()
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false, logs.String()
}

// TestKeyRules: no public default key. serve refuses a real database
// without a key; demo generates a random key beside the database (0600)
// and serve then starts on it with a warning; rekey re-seals under a new
// key, after which the old one no longer opens the data.
func TestKeyRules(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "dangjian")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	env := keyEnv()

	plain := filepath.Join(dir, "plain.db")
	if out, err := dj(t, bin, env, "migrate", "--db", plain); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if ok, logs := serveBriefly(t, bin, plain, env); ok || !strings.Contains(logs, "no personal-data key set") {
		t.Fatalf("serve on a real database without a key: started=%v\n%s", ok, logs)
	}
	if out, err := dj(t, bin, env, "user", "--db", plain, "--username", "probe", "--password", "Str0ng!pass-x", "--roles", "viewer"); err == nil || !strings.Contains(out, "no personal-data key") {
		t.Fatalf("user without a key: %v %s", err, out)
	}

	demo := filepath.Join(dir, "demo.db")
	out, err := dj(t, bin, env, "demo", "--scale", "tiny", "--db", demo)
	if err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	st, err := os.Stat(demo + ".key")
	if err != nil || st.Mode().Perm() != 0o600 || !strings.Contains(out, demo+".key") {
		t.Fatalf("generated key file: %v %v; output says: %s", st, err, out)
	}
	key, _ := os.ReadFile(demo + ".key")
	if len(strings.TrimSpace(string(key))) < 32 || strings.Contains(string(key), "change-me") {
		t.Fatalf("generated key %q", key)
	}
	if ok, logs := serveBriefly(t, bin, demo, env); !ok || !strings.Contains(logs, "warning: demo database") {
		t.Fatalf("serve on the demo database: started=%v\n%s", ok, logs)
	}

	// rekey: the new key opens everything, the old one nothing.
	newKey := "a-new-production-key-0123456789"
	if out, err := dj(t, bin, env, "rekey", "--db", demo, "--new-key", newKey); err != nil || !strings.Contains(out, "re-sealed") {
		t.Fatalf("rekey: %v %s", err, out)
	}
	if b, _ := os.ReadFile(demo + ".key"); strings.TrimSpace(string(b)) != newKey {
		t.Fatalf("the key file after rekey holds %q", b)
	}
	oldEnv := keyEnv("DANGJIAN_SECRET_KEY=" + strings.TrimSpace(string(key)))
	if out, err := dj(t, bin, oldEnv, "rekey", "--db", demo, "--new-key", "yet-another-key-0123456789"); err == nil {
		t.Fatalf("rekey with the old key as current succeeded: %s", out)
	}
}
