package webtest

import (
	"dangjian/internal/config"
	"dangjian/internal/ratelimit"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// obj decodes a JSON object answer.
func Obj(t *testing.T, r Resp) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("not a JSON object (%d): %.300s", r.Code, r.Body)
	}
	return m
}

// num reads a number at a path of keys and indices in a decoded answer.
func Num(t *testing.T, v any, path ...any) int64 {
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
func Ok(t *testing.T, what string, r Resp, code int) Resp {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: %d, want %d: %.400s", what, r.Code, code, r.Body)
	}
	return r
}

// badCase is one request that must be refused without writing.
type BadCase struct {
	Name, Method, Path string
	Body               any
	Status             int
	Key                string
	Table              string // rows of this table must not change ("" for the audit log only)
}

func RunBad(t *testing.T, e *Env, c *Client, cases []BadCase) {
	t.Helper()
	for _, bc := range cases {
		rows := func() int {
			if bc.Table == "" {
				return 0
			}
			var n int
			if err := e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM `+bc.Table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		n, a := rows(), AuditWrites(t, e)
		WantAPIError(t, bc.Name, c.Do(bc.Method, bc.Path, bc.Body), bc.Status, bc.Key)
		if rows() != n || AuditWrites(t, e) != a {
			t.Errorf("%s: a refused request wrote", bc.Name)
		}
	}
}

// audited fails unless each action was written to the audit log by the
// account through the API.
func Audited(t *testing.T, e *Env, username string, actions ...string) {
	t.Helper()
	for _, a := range actions {
		var n int
		if err := e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT count(*) FROM audit_log WHERE action = ? AND username = ?`), a, username).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("no %s entry by %s in the audit log", a, username)
		}
	}
}

func Itoa(n int64) string { return strings.TrimSpace(strings.Replace(jsonNum(n), "\n", "", -1)) }

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

func CloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}

// apiErr is the error body of a failed API call.
func APIErr(r Resp) (code, field, key, msg string) {
	var out struct {
		Error struct{ Code, Field, Key, Message string }
	}
	json.Unmarshal([]byte(r.Body), &out)
	return out.Error.Code, out.Error.Field, out.Error.Key, out.Error.Message
}

func WantAPIError(t *testing.T, what string, r Resp, status int, key string) {
	t.Helper()
	_, _, k, msg := APIErr(r)
	if r.Code != status || k != key || msg == "" || strings.Contains(msg, "err.") {
		t.Errorf("%s: %d %s %q, want %d %s with a translated message", what, r.Code, k, msg, status, key)
	}
	for _, bad := range []string{"goroutine", "SELECT", "INSERT", ".go:"} {
		if strings.Contains(r.Body, bad) {
			t.Errorf("%s leaks %q", what, bad)
		}
	}
}

func Limited(rules map[string]string, powBits int) func(*config.Config) {
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
