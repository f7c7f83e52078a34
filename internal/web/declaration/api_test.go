package declaration_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// TestDeclarationAPI: public declarations through the JSON API (issue 6):
// bad input refused with its code and nothing written, and staff deciding
// between two cases of one person.
func TestDeclarationAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		// A public declaration, repeated, opens a second case with its own
		// reference and answers nothing else; staff see the two side by
		// side and confirm one, after checking the person.
		anon := e.Anon()
		decl := map[string]any{"name": "HT新口袋党员", "id_number": testfix.IDNumber(950), "phone": "13900000950", "unit_name": ht.Unit.Name, "org": ht.Branches[0].Code}
		r1 := webtest.Ok(t, "declare", anon.Do("POST", "/api/v1/declarations", decl), 202)
		r2 := webtest.Ok(t, "declare again", anon.Do("POST", "/api/v1/declarations", decl), 202)
		if strings.Contains(r1.Body+r2.Body, "HT新口袋党员") || strings.Contains(r1.Body+r2.Body, testfix.IDNumber(950)) {
			t.Errorf("declare answers echo data: %s / %s", r1.Body, r2.Body)
		}
		ref, ref2 := webtest.Num(t, webtest.Obj(t, r1), "reference"), webtest.Num(t, webtest.Obj(t, r2), "reference")
		if ref == ref2 {
			t.Errorf("the second declaration was merged into #%d", ref)
		}
		bad := func(k string, v any) map[string]any {
			m := map[string]any{}
			for x, y := range decl {
				m[x] = y
			}
			m[k] = v
			return m
		}
		webtest.RunBad(t, e, anon, []webtest.BadCase{
			{Name: "bad ID number", Method: "POST", Path: "/api/v1/declarations", Body: bad("id_number", "460200199001011234"), Status: 422, Key: "err.person.id_checksum", Table: "declarations"},
			{Name: "no org", Method: "POST", Path: "/api/v1/declarations", Body: bad("org", ""), Status: 422, Key: "err.declaration.org_required", Table: "declarations"},
			{Name: "form post", Method: "POST", Path: "/api/v1/declarations", Body: "name=x", Status: 422, Key: "err.json.syntax", Table: "declarations"},
			{Name: "staff list anonymously", Method: "GET", Path: "/api/v1/declarations", Body: nil, Status: 401, Key: "err.unauthorized", Table: ""},
		})
		r := webtest.Ok(t, "declarations", c.Do("GET", "/api/v1/declarations?status=pending", nil), 200)
		if !strings.Contains(r.Body, "HT新口袋党员") || strings.Contains(r.Body, testfix.IDNumber(950)) || strings.Contains(r.Body, "13900000950") {
			t.Errorf("declaration list: %.400s", r.Body)
		}
		dp := fmt.Sprintf("/api/v1/declarations/%d", ref)
		if x := webtest.Obj(t, webtest.Ok(t, "detail", c.Do("GET", dp, nil), 200)); x["conflict"] != true {
			t.Errorf("the first case is not flagged: %v", x)
		}
		r = webtest.Ok(t, "conflicts", c.Do("GET", dp+"/conflicts", nil), 200)
		if x := webtest.Obj(t, r); webtest.Num(t, x, "items", 0, "id") != ref2 || strings.Contains(r.Body, testfix.IDNumber(950)) || strings.Contains(r.Body, "13900000950") {
			t.Errorf("conflicts: %s", r.Body)
		}
		webtest.WantAPIError(t, "reject without reason", c.Do("POST", dp+"/reject", map[string]any{}), 422, "err.declaration.reason")
		webtest.WantAPIError(t, "confirm unchecked", c.Do("POST", dp+"/confirm", map[string]any{}), 422, "err.declaration.verify_method")
		webtest.WantAPIError(t, "confirm without a note", c.Do("POST", dp+"/confirm", map[string]any{"verify_method": "phone"}), 422, "err.text.required")
		checked := map[string]any{"verify_method": "phone", "verify_note": "支部书记电话核实本人"}
		r = webtest.Ok(t, "confirm", c.Do("POST", dp+"/confirm", checked), 200)
		if x := webtest.Obj(t, r); x["status"] != "confirmed" || webtest.Num(t, x, "person_id") == 0 || x["verify_method"] != "phone" || x["verify_note"] != "支部书记电话核实本人" {
			t.Errorf("confirmed: %s", r.Body)
		}
		webtest.WantAPIError(t, "confirm twice", c.Do("POST", dp+"/confirm", checked), 409, "err.declaration.decided")
		webtest.WantAPIError(t, "confirm the other case", c.Do("POST", fmt.Sprintf("/api/v1/declarations/%d/confirm", ref2), checked), 409, "err.declaration.id_confirmed")
		webtest.Audited(t, e, "haitang", "declaration.confirm")
	})
}
