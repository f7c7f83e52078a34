package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/declaration"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// declarationMatrix holds the scope-matrix rows of self-declaration of pocket members and mobile members (亮明身份, 流动党员).
// A declaration's scope is its claimed org's (a mobile member's: the area
// they live in): 海棠 accounts neither see nor decide a declaration
// claiming a 吉阳 org, and no page shows an ID or phone number unmasked.
func declarationMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	dw := func(t *testing.T) *declarationWorld { return e.declarations(t) }
	secret := []string{"JY口袋党员", "JY流动党员", "JY外资酒店", "JY备注", "JY老家支部"}
	clean := func(t *testing.T, what string, r resp) {
		t.Helper()
		noLeak(t, what, r)
		masked(t, what, r)
		for _, s := range secret {
			if strings.Contains(r.body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	// still checks that a 吉阳 declaration is still pending.
	still := func(t *testing.T, what string, d declaration.Declaration) {
		t.Helper()
		got, err := e.declarationStore().Get(t.Context(), scope.Everything, d.ID)
		if err != nil || got.Status != declaration.Pending || got.PersonID != 0 {
			t.Errorf("%s changed a 吉阳 declaration: %+v %v", what, got, err)
		}
	}
	list := func(path, own string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			dw(t)
			for _, q := range []string{"", "?status=pending", "?kind=pocket", "?kind=mobile", "?area_id=" + id(e.w.Jiyang.Village.ID), "?per_page=500"} {
				r := h.do("GET", path+q, nil)
				want(t, "district "+path+q, r, 200)
				clean(t, "district "+path+q, r)
				rb := b.do("GET", path+q, nil)
				want(t, "branch "+path+q, rb, 200, 403)
				clean(t, "branch "+path+q, rb)
			}
			if r := h.do("GET", path, nil); own != "" && !strings.Contains(r.body, own) {
				t.Errorf("%s: own %q missing", path, own)
			}
		}
	}
	decide := func(action string, form url.Values) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			w := dw(t)
			for _, d := range []declaration.Declaration{w.jy, w.jyMobile} {
				p := "/declarations/" + id(d.ID) + "/" + action
				formWrite("/declarations/{id}/"+action, id(d.ID), cloneForm(form), 404)(t, e, h, b)
				r := b.do("POST", p, cloneForm(form))
				want(t, "branch "+p, r, 403, 404)
				clean(t, "branch "+p, r)
				still(t, action, d)
			}
		}
	}
	return map[string]matrixCheck{
		"GET /declare": func(t *testing.T, e *env, h, b *client) {
			r := e.anon().do("GET", "/declare", nil)
			want(t, "public form", r, 200)
			clean(t, "public form", r)
		},
		"POST /declare": func(t *testing.T, e *env, h, b *client) {
			w := dw(t)
			form := url.Values{"name": {"JY口袋党员"}, "id_number": {testfix.IDNumber(900)}, "phone": {"13900000900"},
				"unit_name": {"JY外资酒店"}, "org": {e.w.Jiyang.Branches[0].Code}}
			anon := e.anon()
			want(t, "no token", anon.do("POST", "/declare", cloneForm(form)), 403)
			f := cloneForm(form)
			f.Set("csrf", preForm(t, anon))
			// A declaration of a pending 吉阳 declaration's ID number opens
			// its own case and answers its new reference number alone.
			r := anon.do("POST", "/declare", f)
			want(t, "repeat", r, 200)
			clean(t, "repeat", r)
			if ref := between(r.body, `id="declaration-ref">#`, "<"); ref == "" || ref == id(w.jy.ID) {
				t.Errorf("repeat: reference #%s, want a new one (not #%d)", ref, w.jy.ID)
			}
			// A signed-in 海棠 official gets no more than the public.
			f = cloneForm(form)
			f.Set("csrf", preForm(t, h))
			r = h.do("POST", "/declare", f)
			want(t, "official repeat", r, 200)
			clean(t, "official repeat", r)
			still(t, "declare", w.jy)
		},
		"GET /declarations": list("/declarations", "HT口袋党员"),
		"GET /declarations/{id}": func(t *testing.T, e *env, h, b *client) {
			w := dw(t)
			for _, d := range []declaration.Declaration{w.jy, w.jyMobile} {
				for who, c := range map[string]*client{"district": h, "branch": b} {
					r := c.do("GET", "/declarations/"+id(d.ID), nil)
					want(t, who+" foreign", r, 403, 404)
					clean(t, who+" foreign", r)
				}
			}
			r := h.do("GET", "/declarations/"+id(w.ht.ID), nil)
			want(t, "own", r, 200)
			masked(t, "own", r)
			if !strings.Contains(r.body, "HT口袋党员") || !strings.Contains(r.body, w.ht.IDMask) {
				t.Errorf("own declaration lacks its name or mask")
			}
		},
		"POST /declarations/{id}/confirm": decide("confirm", url.Values{"org_id": {id(e.w.Haitang.Branches[0].ID)}}),
		"POST /declarations/{id}/reject":  decide("reject", url.Values{"reason": {"越权驳回"}}),
		"GET /mobile":                     list("/mobile", ""),
		"GET /mobile/new": func(t *testing.T, e *env, h, b *client) {
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", "/mobile/new", nil)
				want(t, who+" mobile form", r, 200)
				clean(t, who+" mobile form", r)
			}
		},
		"POST /mobile": func(t *testing.T, e *env, h, b *client) {
			w := dw(t)
			// Registering (again) a mobile member living in 吉阳 shows a
			// 海棠 official the reference number only.
			r := h.do("POST", "/mobile", url.Values{"name": {"JY流动党员"}, "id_number": {testfix.IDNumber(901)}, "phone": {"13900000901"},
				"area_id": {id(e.w.Jiyang.Village.ID)}, "home_org": {"JY老家支部"}})
			want(t, "mobile in 吉阳", r, 200)
			clean(t, "mobile in 吉阳", r)
			still(t, "mobile", w.jyMobile)
		},
	}
}

func TestScopeMatrixDeclaration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("declaration")
		runMatrix(t, e, routes, merge(declarationMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
