package web_test

import (
	"dangjian/internal/config"
	"dangjian/internal/ratelimit"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// obj decodes a JSON object answer.
func obj(t *testing.T, r resp) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("not a JSON object (%d): %.300s", r.code, r.body)
	}
	return m
}

// num reads a number at a path of keys and indices in a decoded answer.
func num(t *testing.T, v any, path ...any) int64 {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("no object at %v", p)
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || len(a) <= k {
				t.Fatalf("no element %d", k)
			}
			v = a[k]
		}
	}
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("not a number at %v: %v", path, v)
	}
	return int64(f)
}

// ok fails unless r has status code.
func ok(t *testing.T, what string, r resp, code int) resp {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s: %d, want %d: %.400s", what, r.code, code, r.body)
	}
	return r
}

// badCase is one request that must be refused without writing.
type badCase struct {
	name, method, path string
	body               any
	status             int
	key                string
	table              string // rows of this table must not change ("" for the audit log only)
}

func runBad(t *testing.T, e *env, c *client, cases []badCase) {
	t.Helper()
	for _, bc := range cases {
		rows := func() int {
			if bc.table == "" {
				return 0
			}
			var n int
			if err := e.s.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM `+bc.table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		n, a := rows(), auditWrites(t, e)
		wantAPIError(t, bc.name, c.do(bc.method, bc.path, bc.body), bc.status, bc.key)
		if rows() != n || auditWrites(t, e) != a {
			t.Errorf("%s: a refused request wrote", bc.name)
		}
	}
}

// audited fails unless each action was written to the audit log by the
// account through the API.
func audited(t *testing.T, e *env, username string, actions ...string) {
	t.Helper()
	for _, a := range actions {
		var n int
		if err := e.s.DB.Read().QueryRowContext(t.Context(), e.s.DB.Rebind(`SELECT count(*) FROM audit_log WHERE action = ? AND username = ?`), a, username).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("no %s entry by %s in the audit log", a, username)
		}
	}
}

func itoa(n int64) string { return strings.TrimSpace(strings.Replace(jsonNum(n), "\n", "", -1)) }

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}

// apiErr is the error body of a failed API call.
func apiErr(r resp) (code, field, key, msg string) {
	var out struct {
		Error struct{ Code, Field, Key, Message string }
	}
	json.Unmarshal([]byte(r.body), &out)
	return out.Error.Code, out.Error.Field, out.Error.Key, out.Error.Message
}

func wantAPIError(t *testing.T, what string, r resp, status int, key string) {
	t.Helper()
	_, _, k, msg := apiErr(r)
	if r.code != status || k != key || msg == "" || strings.Contains(msg, "err.") {
		t.Errorf("%s: %d %s %q, want %d %s with a translated message", what, r.code, k, msg, status, key)
	}
	for _, bad := range []string{"goroutine", "SELECT", "INSERT", ".go:"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("%s leaks %q", what, bad)
		}
	}
}

func limited(rules map[string]string, powBits int) func(*config.Config) {
	return func(c *config.Config) {
		c.Rates = map[string]ratelimit.Rule{}
		for class, r := range rules {
			rule, err := ratelimit.ParseRule(r)
			if err != nil {
				panic(err)
			}
			c.Rates[class] = rule
		}
		c.PowBits = powBits
	}
}
