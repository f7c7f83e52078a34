package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/kit"
)

// The access-scope matrix: every route has a row, kept with its feature's
// tests, and each row proves that a 海棠区 account (and a 海棠 branch
// secretary) can reach its own data through the route but nothing of
// 吉阳区: no list, search, filter, export, detail or write gets around the
// scope. runMatrix fails for a route of the set without a row.

type matrixCheck func(t *testing.T, e *env, ht, br *client)

// noLeak fails when a response mentions 吉阳 fixture data.
func noLeak(t *testing.T, what string, r resp) {
	t.Helper()
	for _, s := range []string{"JY党员", "JY旅游", "JY-B", "JY-C", "JY区委", "吉阳区"} {
		if strings.Contains(r.body, s) {
			t.Errorf("%s leaks %q: %.300s", what, s, r.body)
		}
	}
}

func want(t *testing.T, what string, r resp, codes ...int) {
	t.Helper()
	for _, c := range codes {
		if r.code == c {
			return
		}
	}
	t.Errorf("%s: status %d, want %v: %.300s", what, r.code, codes, r.body)
}

// list GETs path with filters that name 吉阳 as both 海棠 accounts: nothing
// of 吉阳 shows, and own (if set) shows to the district official.
func list(path string, own string) matrixCheck {
	return func(t *testing.T, e *env, h, b *client) {
		jyOrg, jyArea := fmt.Sprint(e.w.Jiyang.Branches[0].ID), fmt.Sprint(e.w.Jiyang.Village.ID)
		for _, q := range []string{"", "?q=JY", "?org_id=" + jyOrg, "?area_id=" + jyArea, "?per_page=500", "?sort=-name"} {
			r := h.do("GET", path+q, nil)
			want(t, path+q, r, 200)
			noLeak(t, path+q, r)
			rb := b.do("GET", path+q, nil)
			noLeak(t, "branch "+path+q, rb)
			if strings.Contains(rb.body, "HT党员1") {
				t.Errorf("branch secretary sees the other branch through %s", path+q)
			}
		}
		if own != "" {
			if r := h.do("GET", path, nil); !strings.Contains(r.body, own) {
				t.Errorf("%s: own data %q missing", path, own)
			}
		}
	}
}

// detail GETs pattern with the own id (200, showing ownText) and the
// foreign one (404, nothing shown).
func detail(pattern, own, foreign, ownText string) matrixCheck {
	return func(t *testing.T, e *env, h, b *client) {
		r := h.do("GET", strings.Replace(pattern, "{id}", own, 1), nil)
		want(t, "own "+pattern, r, 200)
		if ownText != "" && !strings.Contains(r.body, ownText) {
			t.Errorf("own %s lacks %q", pattern, ownText)
		}
		r = h.do("GET", strings.Replace(pattern, "{id}", foreign, 1), nil)
		want(t, "foreign "+pattern, r, 404)
		noLeak(t, "foreign "+pattern, r)
	}
}

// A refused write is refused with its status and leaves the registry and
// the audit log as they were (a 422 for a bad body would also pass the
// status check alone).
func apiWrite(method, pattern, foreign string, body any, codes ...int) matrixCheck {
	return func(t *testing.T, e *env, h, b *client) {
		before := dbtest.Contents(t, e.s.DB, registryTables...)
		r := h.do(method, strings.Replace(pattern, "{id}", foreign, 1), body)
		want(t, method+" foreign "+pattern, r, codes...)
		noLeak(t, method+" "+pattern, r)
		if after := dbtest.Contents(t, e.s.DB, registryTables...); after != before {
			t.Errorf("%s foreign %s changed the registry or the audit log", method, pattern)
		}
	}
}

// formWrite is apiWrite for a form POST.
func formWrite(pattern, foreign string, form url.Values, codes ...int) matrixCheck {
	return func(t *testing.T, e *env, h, b *client) {
		before := dbtest.Contents(t, e.s.DB, registryTables...)
		r := h.do("POST", strings.Replace(pattern, "{id}", foreign, 1), form)
		want(t, "POST foreign "+pattern, r, codes...)
		noLeak(t, "POST "+pattern, r)
		if after := dbtest.Contents(t, e.s.DB, registryTables...); after != before {
			t.Errorf("POST foreign %s changed the registry or the audit log", pattern)
		}
	}
}

// adminOnly is a route that both 海棠 accounts are refused.
func adminOnly(method, path string, body any) matrixCheck {
	return func(t *testing.T, e *env, h, b *client) {
		want(t, "district "+path, h.do(method, path, body), 403)
		want(t, "branch "+path, b.do(method, path, body), 403)
	}
}

// registryTables are what a refused registry write must leave unchanged;
// the audit log without sign-ins, which the matrix's own logins add.
var registryTables = []string{"areas", "orgs", "units", "people", "transfers",
	"(SELECT * FROM audit_log WHERE action NOT LIKE 'login%' AND action <> 'logout') a"}

// runMatrix checks that every route of routes has a row in m and every
// row names one of them, then runs each row as the 海棠区 official and
// the 海棠 branch secretary.
func runMatrix(t *testing.T, e *env, routes []kit.Route, m map[string]matrixCheck) {
	t.Helper()
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		if _, ok := m[key]; !ok {
			t.Errorf("route %s has no row in the scope matrix", key)
		}
	}
	for key := range m {
		if !seen[key] {
			t.Errorf("matrix row %s names no route of its module", key)
		}
	}
	ht, br := e.login("haitang"), e.login("htbranch")
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		if check, ok := m[key]; ok {
			t.Run(key, func(t *testing.T) { check(t, e, ht, br) })
		}
	}
}

// only is the rows of m for routes (a shared part of the matrix, such as
// the organization network's JSON API, that several modules' routes use).
func only(routes []kit.Route, m map[string]matrixCheck) map[string]matrixCheck {
	out := map[string]matrixCheck{}
	for _, rt := range routes {
		if c, ok := m[rt.Method+" "+rt.Pattern]; ok {
			out[rt.Method+" "+rt.Pattern] = c
		}
	}
	return out
}

// merge is the union of row sets.
func merge(ms ...map[string]matrixCheck) map[string]matrixCheck {
	out := map[string]matrixCheck{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
