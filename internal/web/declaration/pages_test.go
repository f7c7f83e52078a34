package declaration_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// TestDeclarationPages walks a pocket member's declaration from the public
// phone form (a bad ID number refused without being echoed, a repeat
// opening a second case with its own reference, shown beside the first)
// to the 海棠 official's list, detail and confirmation after checking the
// person, which attaches them; then a rejection, and a mobile member
// registered by the official and confirmed with a local org.
func TestDeclarationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.Login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }
		idNum := testfix.IDNumber(950)
		bad := idNum[:17] + map[bool]string{true: "1", false: "2"}[idNum[17] != '1']

		anon := e.Anon()
		form := url.Values{"name": {"外企口袋党员"}, "phone": {"13900000950"}, "unit_name": {e.W.Haitang.Unit.Name},
			"org": {e.W.Haitang.Branches[0].Code}, "joined_on": {"2016-07-01"}, "note": {"在外资酒店工作"}}
		f := webtest.CloneForm(form)
		f.Set("id_number", bad)
		f.Set("csrf", webtest.PreForm(t, anon))
		r := anon.Do("POST", "/declare", f)
		webtest.Want(t, "bad checksum", r, 422)
		if strings.Contains(r.Body, bad) || !strings.Contains(r.Body, "外企口袋党员") {
			t.Errorf("bad checksum: the ID echoed or the name lost")
		}
		f.Set("id_number", idNum)
		r = anon.Do("POST", "/declare", f)
		webtest.Want(t, "declare", r, 200)
		first := between(r.Body, `id="declaration-ref">#`, "<")
		if first == "" {
			t.Fatalf("no reference: %.500s", r.Body)
		}
		r = anon.Do("POST", "/declare", f)
		again := between(r.Body, `id="declaration-ref">#`, "<")
		if again == "" || again == first {
			t.Errorf("repeat answered #%s, want a new reference (first #%s)", again, first)
		}

		list := ht.Do("GET", "/declarations?status=pending&kind=pocket", nil)
		webtest.Want(t, "list", list, 200)
		if !strings.Contains(list.Body, "待核实 · 身份证号冲突") {
			t.Errorf("list: the conflicting cases are not flagged")
		}
		if !strings.Contains(list.Body, "外企口袋党员") || !strings.Contains(list.Body, "46**************"+idNum[16:]) || strings.Contains(list.Body, idNum) || strings.Contains(list.Body, "13900000950") {
			t.Errorf("list: name/mask missing or number unmasked")
		}
		page := ht.Do("GET", "/declarations/"+first, nil)
		for _, s := range []string{"外企口袋党员", "在外资酒店工作", e.W.Haitang.Branches[0].Name, e.W.Haitang.Unit.Name, "/declarations/" + first + "/confirm", "139****0950",
			`id="declaration-conflict"`, `href="/declarations/` + again + `"`, `name="verify_method"`, `value="in_person"`, `name="verify_note"`, "当面核验身份证", "同一身份证号的其他申报"} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("detail lacks %q", s)
			}
		}
		r = ht.Do("POST", "/declarations/"+first+"/confirm", url.Values{"verify_note": {"张三核实"}})
		webtest.Want(t, "confirm unchecked", r, 422)
		if !strings.Contains(r.Body, "请选择核实方式") {
			t.Errorf("confirm unchecked: no translated message: %.300s", r.Body)
		}
		checked := url.Values{"verify_method": {"in_person"}, "verify_note": {"支部书记张三当面核验身份证"}}
		webtest.Want(t, "confirm", ht.Do("POST", "/declarations/"+first+"/confirm", webtest.CloneForm(checked)), 303)
		page = ht.Do("GET", "/declarations/"+first, nil)
		pid := between(page.Body, `id="declaration-person"><a href="/people/`, `"`)
		if pid == "" || strings.Contains(page.Body, "/confirm") || !strings.Contains(page.Body, "支部书记张三当面核验身份证") {
			t.Fatalf("confirmed page: no person, no check or still decidable")
		}
		var pocket bool
		var org int64
		if err := d.Read().QueryRowContext(t.Context(), `SELECT pocket, org_id FROM people WHERE id = ?`, pid).Scan(&pocket, &org); err != nil || pocket || org != e.W.Haitang.Branches[0].ID {
			t.Errorf("attached person: pocket %v org %d %v", pocket, org, err)
		}
		webtest.Want(t, "confirm twice", ht.Do("POST", "/declarations/"+first+"/confirm", webtest.CloneForm(checked)), 409)
		webtest.Want(t, "confirm the other case", ht.Do("POST", "/declarations/"+again+"/confirm", webtest.CloneForm(checked)), 409)
		if page := ht.Do("GET", "/declarations/"+again, nil); strings.Contains(page.Body, "/declarations/"+again+"/confirm") ||
			!strings.Contains(page.Body, `id="declaration-blocked"`) || !strings.Contains(page.Body, "/declarations/"+again+"/reject") {
			t.Errorf("the other case still offers confirmation or no rejection")
		}

		// A rejection with its reason.
		f.Set("id_number", testfix.IDNumber(951))
		f.Set("name", "冒认党员")
		r = anon.Do("POST", "/declare", f)
		second := between(r.Body, `id="declaration-ref">#`, "<")
		webtest.Want(t, "reject", ht.Do("POST", "/declarations/"+second+"/reject", url.Values{"reason": {"经核实非本支部党员"}}), 303)
		page = ht.Do("GET", "/declarations/"+second, nil)
		if !strings.Contains(page.Body, "经核实非本支部党员") || strings.Contains(page.Body, "declaration-person") {
			t.Errorf("rejected page: reason missing or a person attached")
		}

		// A mobile member registered by the official, then confirmed.
		webtest.Want(t, "mobile form", ht.Do("GET", "/mobile/new", nil), 200)
		r = ht.Do("POST", "/mobile", url.Values{"name": {"湖南流动党员"}, "id_number": {testfix.IDNumber(952)}, "phone": {"13900000952"},
			"area_id": {id(e.W.Haitang.Village.ID)}, "home_org": {"湖南长沙某支部"}})
		webtest.Want(t, "mobile register", r, 303)
		loc := r.Hdr.Get("Location")
		if m := ht.Do("GET", "/mobile", nil); !strings.Contains(m.Body, "湖南流动党员") || !strings.Contains(m.Body, "湖南长沙某支部") {
			t.Errorf("mobile members here: missing the registration")
		}
		webtest.Want(t, "mobile confirm without org", ht.Do("POST", loc+"/confirm", webtest.CloneForm(checked)), 422)
		mc := webtest.CloneForm(checked)
		mc.Set("org_id", id(e.W.Haitang.Branches[1].ID))
		webtest.Want(t, "mobile confirm", ht.Do("POST", loc+"/confirm", mc), 303)
		people, _, err := e.W.People.List(t.Context(), scope.Everything, webtest.PeopleFilterMobile())
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
