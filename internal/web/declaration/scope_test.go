package declaration_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/declaration"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// declarationMatrix holds the scope-matrix rows of self-declaration of pocket members and mobile members (亮明身份, 流动党员).
// A declaration's scope is its claimed org's (a mobile member's: the area
// they live in): 海棠 accounts neither see nor decide a declaration
// claiming a 吉阳 org, and no page shows an ID or phone number unmasked.
func declarationMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	dw := func(t *testing.T) *webtest.DeclarationWorld { return e.Declarations(t) }
	secret := []string{"JY口袋党员", "JY流动党员", "JY外资酒店", "JY备注", "JY老家支部"}
	clean := func(t *testing.T, what string, r webtest.Resp) {
		t.Helper()
		webtest.NoLeak(t, what, r)
		webtest.Masked(t, what, r)
		for _, s := range secret {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	// still checks that a 吉阳 declaration is still pending.
	still := func(t *testing.T, what string, d declaration.Declaration) {
		t.Helper()
		got, err := e.DeclarationStore().Get(t.Context(), scope.Everything, d.ID)
		if err != nil || got.Status != declaration.Pending || got.PersonID != 0 {
			t.Errorf("%s changed a 吉阳 declaration: %+v %v", what, got, err)
		}
	}
	list := func(path, own string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			dw(t)
			for _, q := range []string{"", "?status=pending", "?kind=pocket", "?kind=mobile", "?area_id=" + id(e.W.Jiyang.Village.ID), "?per_page=500"} {
				r := h.Do("GET", path+q, nil)
				webtest.Want(t, "district "+path+q, r, 200)
				clean(t, "district "+path+q, r)
				rb := b.Do("GET", path+q, nil)
				webtest.Want(t, "branch "+path+q, rb, 200, 403)
				clean(t, "branch "+path+q, rb)
			}
			if r := h.Do("GET", path, nil); own != "" && !strings.Contains(r.Body, own) {
				t.Errorf("%s: own %q missing", path, own)
			}
		}
	}
	decide := func(action string, form url.Values) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := dw(t)
			for _, d := range []declaration.Declaration{w.Jy, w.JyMobile} {
				p := "/declarations/" + id(d.ID) + "/" + action
				webtest.FormWrite("/declarations/{id}/"+action, id(d.ID), webtest.CloneForm(form), 404)(t, e, h, b)
				r := b.Do("POST", p, webtest.CloneForm(form))
				webtest.Want(t, "branch "+p, r, 403, 404)
				clean(t, "branch "+p, r)
				still(t, action, d)
			}
		}
	}
	jy, ht := e.W.Jiyang, e.W.Haitang
	apiDecl := func(suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/api/v1/declarations/" + id(e.Declarations(t).Jy.ID) + suffix }
	}
	return map[string]webtest.MatrixCheck{
		"GET /declare": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := e.Anon().Do("GET", "/declare", nil)
			webtest.Want(t, "public form", r, 200)
			clean(t, "public form", r)
		},
		"POST /declare": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := dw(t)
			form := url.Values{"name": {"JY口袋党员"}, "id_number": {testfix.IDNumber(900)}, "phone": {"13900000900"},
				"unit_name": {"JY外资酒店"}, "org": {e.W.Jiyang.Branches[0].Code}}
			anon := e.Anon()
			webtest.Want(t, "no token", anon.Do("POST", "/declare", webtest.CloneForm(form)), 403)
			f := webtest.CloneForm(form)
			f.Set("csrf", webtest.PreForm(t, anon))
			// A declaration of a pending 吉阳 declaration's ID number opens
			// its own case and answers its new reference number alone.
			r := anon.Do("POST", "/declare", f)
			webtest.Want(t, "repeat", r, 200)
			clean(t, "repeat", r)
			if ref := between(r.Body, `id="declaration-ref">#`, "<"); ref == "" || ref == id(w.Jy.ID) {
				t.Errorf("repeat: reference #%s, want a new one (not #%d)", ref, w.Jy.ID)
			}
			// A signed-in 海棠 official gets no more than the public.
			f = webtest.CloneForm(form)
			f.Set("csrf", webtest.PreForm(t, h))
			r = h.Do("POST", "/declare", f)
			webtest.Want(t, "official repeat", r, 200)
			clean(t, "official repeat", r)
			still(t, "declare", w.Jy)
		},
		"GET /declarations": list("/declarations", "HT口袋党员"),
		"GET /declarations/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := dw(t)
			for _, d := range []declaration.Declaration{w.Jy, w.JyMobile} {
				for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
					r := c.Do("GET", "/declarations/"+id(d.ID), nil)
					webtest.Want(t, who+" foreign", r, 403, 404)
					clean(t, who+" foreign", r)
				}
			}
			r := h.Do("GET", "/declarations/"+id(w.Ht.ID), nil)
			webtest.Want(t, "own", r, 200)
			webtest.Masked(t, "own", r)
			if !strings.Contains(r.Body, "HT口袋党员") || !strings.Contains(r.Body, w.Ht.IDMask) {
				t.Errorf("own declaration lacks its name or mask")
			}
		},
		"POST /declarations/{id}/confirm": decide("confirm", url.Values{"org_id": {id(e.W.Haitang.Branches[0].ID)}}),
		"POST /declarations/{id}/reject":  decide("reject", url.Values{"reason": {"越权驳回"}}),
		"GET /mobile":                     list("/mobile", ""),
		"GET /mobile/new": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", "/mobile/new", nil)
				webtest.Want(t, who+" mobile form", r, 200)
				clean(t, who+" mobile form", r)
			}
		},
		"POST /mobile": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := dw(t)
			// Registering (again) a mobile member living in 吉阳 shows a
			// 海棠 official the reference number only.
			r := h.Do("POST", "/mobile", url.Values{"name": {"JY流动党员"}, "id_number": {testfix.IDNumber(901)}, "phone": {"13900000901"},
				"area_id": {id(e.W.Jiyang.Village.ID)}, "home_org": {"JY老家支部"}})
			webtest.Want(t, "mobile in 吉阳", r, 200)
			clean(t, "mobile in 吉阳", r)
			still(t, "mobile", w.JyMobile)
		},

		// The JSON API.
		"POST /api/v1/declarations": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Declarations(t)
			n := declarationRows(t, e)
			in := map[string]any{"name": "JY口袋党员", "id_number": testfix.IDNumber(900), "phone": "13900000900", "unit_name": "JY外资酒店", "org": jy.Branches[0].Code}
			// A declaration of a pending 吉阳 declaration's ID number, by
			// anyone, opens its own case and answers its reference alone.
			for who, c := range map[string]*webtest.Client{"anonymous": e.Anon(), "district": h} {
				r := c.Do("POST", "/api/v1/declarations", in)
				webtest.Want(t, who+" repeat", r, 202)
				webtest.Clean(t, e, who+" repeat", r)
				if !strings.Contains(r.Body, `"reference":`) || strings.Contains(r.Body, `"reference":`+id(w.Jy.ID)+`,`) {
					t.Errorf("%s repeat: %s", who, r.Body)
				}
			}
			if got := declarationRows(t, e); got != n+2 {
				t.Errorf("two declarations wrote %d cases", got-n)
			}
		},
		"POST /api/v1/mobile": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Declarations(t)
			n := declarationRows(t, e)
			// A 海棠 official registering the 吉阳 mobile member's ID number
			// (another phone: not the page row's registration) opens a case
			// and learns its reference alone; the same account's replay
			// answers that case.
			in := map[string]any{"name": "JY流动党员", "id_number": testfix.IDNumber(901), "phone": "13900000911",
				"area_id": jy.Village.ID, "home_org": "JY老家支部"}
			r := h.Do("POST", "/api/v1/mobile", in)
			webtest.Want(t, "mobile in 吉阳", r, 202)
			webtest.Clean(t, e, "mobile in 吉阳", r)
			if strings.Contains(r.Body, `"reference":`+id(w.JyMobile.ID)+`,`) {
				t.Errorf("merged into the 吉阳 registration: %s", r.Body)
			}
			r2 := h.Do("POST", "/api/v1/mobile", in)
			webtest.Want(t, "replay", r2, 202)
			if r2.Body != r.Body {
				t.Errorf("replay: %s, want %s", r2.Body, r.Body)
			}
			webtest.Want(t, "anonymous mobile", e.Anon().Do("POST", "/api/v1/mobile", map[string]any{}), 401)
			if got := declarationRows(t, e); got != n+1 {
				t.Errorf("a registration and its replay wrote %d declarations, want 1", got-n)
			}
		},
		"GET /api/v1/declarations": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Declarations(t)
			webtest.APIRead(webtest.Path("/api/v1/declarations"), "HT口袋党员", []string{"", "?status=pending", "?kind=mobile", "?area_id=" + id(jy.Village.ID), "?per_page=500"}, 200)(t, e, h, b)
		},
		"GET /api/v1/declarations/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Declarations(t)
			webtest.APIRead(apiDecl(""), "", nil, 404)(t, e, h, b)
			webtest.APIRead(webtest.Path("/api/v1/declarations/"+id(w.JyMobile.ID)), "", nil, 404)(t, e, h, b)
		},
		"GET /api/v1/declarations/{id}/conflicts": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Declarations(t)
			webtest.APIRead(apiDecl("/conflicts"), "", nil, 404)(t, e, h, b)
			webtest.APIRead(webtest.Path("/api/v1/declarations/"+id(w.JyMobile.ID)+"/conflicts"), "", nil, 404)(t, e, h, b)
			// A 海棠 case of the 吉阳 member's ID number shows the 吉阳 case
			// as existing only: no reference, name or phone.
			mine, _, err := e.DeclarationStore().Declare(context.Background(), declaration.Draft{Kind: declaration.Pocket, Name: "HT同号申报",
				IDNumber: testfix.IDNumber(900), Phone: "13900000903", Org: ht.Branches[0].Code, UnitName: ht.Unit.Name})
			if err != nil {
				t.Fatal(err)
			}
			p := "/api/v1/declarations/" + id(mine.ID) + "/conflicts"
			webtest.APIRead(webtest.Path(p), `"in_scope":false`, nil, 200)(t, e, h, b)
			if r := h.Do("GET", p, nil); strings.Contains(r.Body, `"id":`+id(w.Jy.ID)+`,`) || strings.Contains(r.Body, "139****0900") {
				t.Errorf("conflicts show the 吉阳 case: %s", r.Body)
			}
		},
		"POST /api/v1/declarations/{id}/confirm": webtest.APIRefused("POST", apiDecl("/confirm"), webtest.Body(map[string]any{"org_id": ht.Branches[0].ID}), 404),
		"POST /api/v1/declarations/{id}/reject":  webtest.APIRefused("POST", apiDecl("/reject"), webtest.Body(map[string]any{"reason": "越权驳回"}), 404),
	}
}

func TestScopeMatrixDeclaration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("declaration")
		webtest.RunMatrix(t, e, routes, declarationMatrix(e))
	})
}

// declarationRows counts the declarations.
func declarationRows(t *testing.T, e *webtest.Env) int {
	t.Helper()
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM declarations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
