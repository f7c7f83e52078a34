package webtest

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

type MatrixCheck func(t *testing.T, e *Env, ht, br *Client)

// noLeak fails when a response mentions 吉阳 fixture data.
func NoLeak(t *testing.T, what string, r Resp) {
	t.Helper()
	for _, s := range []string{"JY党员", "JY旅游", "JY-B", "JY-C", "JY区委", "吉阳区"} {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s leaks %q: %.300s", what, s, r.Body)
		}
	}
}

func Want(t *testing.T, what string, r Resp, codes ...int) {
	t.Helper()
	for _, c := range codes {
		if r.Code == c {
			return
		}
	}
	t.Errorf("%s: status %d, want %v: %.300s", what, r.Code, codes, r.Body)
}

// list GETs path with filters that name 吉阳 as both 海棠 accounts: nothing
// of 吉阳 shows, and own (if set) shows to the district official.
func List(path string, own string) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		jyOrg, jyArea := fmt.Sprint(e.W.Jiyang.Branches[0].ID), fmt.Sprint(e.W.Jiyang.Village.ID)
		for _, q := range []string{"", "?q=JY", "?org_id=" + jyOrg, "?area_id=" + jyArea, "?per_page=500", "?sort=-name"} {
			r := h.Do("GET", path+q, nil)
			Want(t, path+q, r, 200)
			NoLeak(t, path+q, r)
			rb := b.Do("GET", path+q, nil)
			NoLeak(t, "branch "+path+q, rb)
			if strings.Contains(rb.Body, "HT党员1") {
				t.Errorf("branch secretary sees the other branch through %s", path+q)
			}
		}
		if own != "" {
			if r := h.Do("GET", path, nil); !strings.Contains(r.Body, own) {
				t.Errorf("%s: own data %q missing", path, own)
			}
		}
	}
}

// detail GETs pattern with the own id (200, showing ownText) and the
// foreign one (404, nothing shown).
func Detail(pattern, own, foreign, ownText string) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		r := h.Do("GET", strings.Replace(pattern, "{id}", own, 1), nil)
		Want(t, "own "+pattern, r, 200)
		if ownText != "" && !strings.Contains(r.Body, ownText) {
			t.Errorf("own %s lacks %q", pattern, ownText)
		}
		r = h.Do("GET", strings.Replace(pattern, "{id}", foreign, 1), nil)
		Want(t, "foreign "+pattern, r, 404)
		NoLeak(t, "foreign "+pattern, r)
	}
}

// A refused write is refused with its status and leaves the registry and
// the audit log as they were (a 422 for a bad body would also pass the
// status check alone).
func APIWrite(method, pattern, foreign string, body any, codes ...int) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		before := dbtest.Contents(t, e.S.DB, registryTables...)
		r := h.Do(method, strings.Replace(pattern, "{id}", foreign, 1), body)
		Want(t, method+" foreign "+pattern, r, codes...)
		NoLeak(t, method+" "+pattern, r)
		if after := dbtest.Contents(t, e.S.DB, registryTables...); after != before {
			t.Errorf("%s foreign %s changed the registry or the audit log", method, pattern)
		}
	}
}

// formWrite is apiWrite for a form POST.
func FormWrite(pattern, foreign string, form url.Values, codes ...int) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		before := dbtest.Contents(t, e.S.DB, registryTables...)
		r := h.Do("POST", strings.Replace(pattern, "{id}", foreign, 1), form)
		Want(t, "POST foreign "+pattern, r, codes...)
		NoLeak(t, "POST "+pattern, r)
		if after := dbtest.Contents(t, e.S.DB, registryTables...); after != before {
			t.Errorf("POST foreign %s changed the registry or the audit log", pattern)
		}
	}
}

// adminOnly is a route that both 海棠 accounts are refused.
func AdminOnly(method, path string, body any) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		Want(t, "district "+path, h.Do(method, path, body), 403)
		Want(t, "branch "+path, b.Do(method, path, body), 403)
	}
}

// registryTables are what a refused registry write must leave unchanged;
// the audit log without sign-ins, which the matrix's own logins add.
var registryTables = []string{"areas", "orgs", "units", "people", "transfers",
	"(SELECT * FROM audit_log WHERE action NOT LIKE 'login%' AND action <> 'logout') a"}

// runMatrix checks that every route of routes has a row in m and every
// row names one of them, then runs each row as the 海棠区 official and
// the 海棠 branch secretary.
func RunMatrix(t *testing.T, e *Env, routes []kit.Route, m map[string]MatrixCheck) {
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
	ht, br := e.Login("haitang"), e.Login("htbranch")
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		if check, ok := m[key]; ok {
			t.Run(key, func(t *testing.T) { check(t, e, ht, br) })
		}
	}
}
