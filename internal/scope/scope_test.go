package scope

import "testing"

func TestHasRowAndFilter(t *testing.T) {
	district := Scope{AreaPaths: []string{"/1/2/"}}
	zone := Scope{AreaPaths: []string{"/1/9/", "/1/4/30/"}}
	branch := Scope{OrgPath: "/7/8/", OrgAreaPath: "/1/2/11/"}
	cases := []struct {
		name      string
		s         Scope
		area, org string
		want      bool
	}{
		{"district own village", district, "/1/2/11/", "", true},
		{"district other district", district, "/1/3/12/", "", false},
		{"district prefix trap /1/22/", district, "/1/22/", "", false},
		{"zone overlay village", zone, "/1/4/30/", "", true},
		{"zone other village in same district", zone, "/1/4/31/", "", false},
		{"branch own member", branch, "/1/3/", "/7/8/", true},
		{"branch child org member", branch, "/1/3/", "/7/8/9/", true},
		{"branch sibling", branch, "/1/2/11/", "/7/80/", false},
		{"branch non-member", branch, "/1/2/11/", "", false},
		{"zero scope", Scope{}, "/1/", "/7/", false},
		{"everything", Everything, "/1/", "", true},
	}
	for _, c := range cases {
		if got := c.s.HasRow(c.area, c.org); got != c.want {
			t.Errorf("%s: HasRow = %v, want %v", c.name, got, c.want)
		}
	}
	if !branch.OrgOnly() || district.OrgOnly() || Everything.OrgOnly() {
		t.Error("OrgOnly")
	}
	if f, _ := (Scope{}).Filter("a", "o"); f != "1=0" {
		t.Errorf("zero scope filter = %q", f)
	}
	f, args := district.Filter("area_path", "org_path")
	if f != "((area_path >= ? AND area_path < ?))" || len(args) != 2 || args[1] != "/1/20" {
		t.Errorf("district filter = %q %v", f, args)
	}
	if f, args := branch.Filter("path", ""); f != "(path >= ? AND path < ?)" || args[0] != "/1/2/11/" {
		t.Errorf("branch area filter = %q %v", f, args)
	}
}
