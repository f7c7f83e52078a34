package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// TestDeclarationPages walks a pocket member's declaration from the public
// phone form (a bad ID number refused without being echoed, a repeat
// opening a second case with its own reference, shown beside the first)
// to the 海棠 official's list, detail and confirmation after checking the
// person, which attaches them; then a rejection, and a mobile member
// registered by the official and confirmed with a local org.
func TestDeclarationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }
		idNum := testfix.IDNumber(950)
		bad := idNum[:17] + map[bool]string{true: "1", false: "2"}[idNum[17] != '1']

		anon := e.anon()
		form := url.Values{"name": {"外企口袋党员"}, "phone": {"13900000950"}, "unit_name": {e.w.Haitang.Unit.Name},
			"org": {e.w.Haitang.Branches[0].Code}, "joined_on": {"2016-07-01"}, "note": {"在外资酒店工作"}}
		f := cloneForm(form)
		f.Set("id_number", bad)
		f.Set("csrf", preForm(t, anon))
		r := anon.do("POST", "/declare", f)
		want(t, "bad checksum", r, 422)
		if strings.Contains(r.body, bad) || !strings.Contains(r.body, "外企口袋党员") {
			t.Errorf("bad checksum: the ID echoed or the name lost")
		}
		f.Set("id_number", idNum)
		r = anon.do("POST", "/declare", f)
		want(t, "declare", r, 200)
		first := between(r.body, `id="declaration-ref">#`, "<")
		if first == "" {
			t.Fatalf("no reference: %.500s", r.body)
		}
		r = anon.do("POST", "/declare", f)
		again := between(r.body, `id="declaration-ref">#`, "<")
		if again == "" || again == first {
			t.Errorf("repeat answered #%s, want a new reference (first #%s)", again, first)
		}

		list := ht.do("GET", "/declarations?status=pending&kind=pocket", nil)
		want(t, "list", list, 200)
		if !strings.Contains(list.body, "待核实 · 身份证号冲突") {
			t.Errorf("list: the conflicting cases are not flagged")
		}
		if !strings.Contains(list.body, "外企口袋党员") || !strings.Contains(list.body, "46**************"+idNum[16:]) || strings.Contains(list.body, idNum) || strings.Contains(list.body, "13900000950") {
			t.Errorf("list: name/mask missing or number unmasked")
		}
		page := ht.do("GET", "/declarations/"+first, nil)
		for _, s := range []string{"外企口袋党员", "在外资酒店工作", e.w.Haitang.Branches[0].Name, e.w.Haitang.Unit.Name, "/declarations/" + first + "/confirm", "139****0950",
			`id="declaration-conflict"`, `href="/declarations/` + again + `"`, `name="verify_method"`, `value="in_person"`, `name="verify_note"`, "当面核验身份证", "同一身份证号的其他申报"} {
			if !strings.Contains(page.body, s) {
				t.Errorf("detail lacks %q", s)
			}
		}
		r = ht.do("POST", "/declarations/"+first+"/confirm", url.Values{"verify_note": {"张三核实"}})
		want(t, "confirm unchecked", r, 422)
		if !strings.Contains(r.body, "请选择核实方式") {
			t.Errorf("confirm unchecked: no translated message: %.300s", r.body)
		}
		checked := url.Values{"verify_method": {"in_person"}, "verify_note": {"支部书记张三当面核验身份证"}}
		want(t, "confirm", ht.do("POST", "/declarations/"+first+"/confirm", cloneForm(checked)), 303)
		page = ht.do("GET", "/declarations/"+first, nil)
		pid := between(page.body, `id="declaration-person"><a href="/people/`, `"`)
		if pid == "" || strings.Contains(page.body, "/confirm") || !strings.Contains(page.body, "支部书记张三当面核验身份证") {
			t.Fatalf("confirmed page: no person, no check or still decidable")
		}
		var pocket bool
		var org int64
		if err := d.Read().QueryRowContext(t.Context(), `SELECT pocket, org_id FROM people WHERE id = ?`, pid).Scan(&pocket, &org); err != nil || pocket || org != e.w.Haitang.Branches[0].ID {
			t.Errorf("attached person: pocket %v org %d %v", pocket, org, err)
		}
		want(t, "confirm twice", ht.do("POST", "/declarations/"+first+"/confirm", cloneForm(checked)), 409)
		want(t, "confirm the other case", ht.do("POST", "/declarations/"+again+"/confirm", cloneForm(checked)), 409)
		if page := ht.do("GET", "/declarations/"+again, nil); strings.Contains(page.body, "/declarations/"+again+"/confirm") ||
			!strings.Contains(page.body, `id="declaration-blocked"`) || !strings.Contains(page.body, "/declarations/"+again+"/reject") {
			t.Errorf("the other case still offers confirmation or no rejection")
		}

		// A rejection with its reason.
		f.Set("id_number", testfix.IDNumber(951))
		f.Set("name", "冒认党员")
		r = anon.do("POST", "/declare", f)
		second := between(r.body, `id="declaration-ref">#`, "<")
		want(t, "reject", ht.do("POST", "/declarations/"+second+"/reject", url.Values{"reason": {"经核实非本支部党员"}}), 303)
		page = ht.do("GET", "/declarations/"+second, nil)
		if !strings.Contains(page.body, "经核实非本支部党员") || strings.Contains(page.body, "declaration-person") {
			t.Errorf("rejected page: reason missing or a person attached")
		}

		// A mobile member registered by the official, then confirmed.
		want(t, "mobile form", ht.do("GET", "/mobile/new", nil), 200)
		r = ht.do("POST", "/mobile", url.Values{"name": {"湖南流动党员"}, "id_number": {testfix.IDNumber(952)}, "phone": {"13900000952"},
			"area_id": {id(e.w.Haitang.Village.ID)}, "home_org": {"湖南长沙某支部"}})
		want(t, "mobile register", r, 303)
		loc := r.hdr.Get("Location")
		if m := ht.do("GET", "/mobile", nil); !strings.Contains(m.body, "湖南流动党员") || !strings.Contains(m.body, "湖南长沙某支部") {
			t.Errorf("mobile members here: missing the registration")
		}
		want(t, "mobile confirm without org", ht.do("POST", loc+"/confirm", cloneForm(checked)), 422)
		mc := cloneForm(checked)
		mc.Set("org_id", id(e.w.Haitang.Branches[1].ID))
		want(t, "mobile confirm", ht.do("POST", loc+"/confirm", mc), 303)
		people, _, err := e.w.People.List(t.Context(), scope.Everything, peopleFilterMobile())
		found := false
		for _, p := range people {
			found = found || p.Name == "湖南流动党员"
		}
		if err != nil || !found {
			t.Errorf("the confirmed mobile member is not flagged mobile: %v", err)
		}
	})
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	j := strings.Index(s, end)
	if j < 0 {
		return ""
	}
	return s[:j]
}
