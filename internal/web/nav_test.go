package web_test

import (
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestNavGroups: a staff account's long navigation is also rendered in
// titled groups for the desktop header — every entry of the flat strip
// (which phones show) is in exactly one group, and the group of the
// current page is marked active — while the flat strip stays whole.
func TestNavGroups(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		links := regexp.MustCompile(`<a href="(/[^"]*)"`)
		for _, who := range []string{"admin", "haitang", "htbranch"} {
			r := e.Login(who).Do("GET", "/orglife", nil)
			webtest.Want(t, who+" /orglife", r, 200)
			i, j := strings.Index(r.Body, `<nav class="navgroups">`), strings.Index(r.Body, `<nav class="nav">`)
			if i < 0 || j < i {
				t.Fatalf("%s: no grouped navigation before the strip", who)
			}
			k := j + strings.Index(r.Body[j:], "</nav>")
			grouped, flat := r.Body[i:j], r.Body[j:k]
			seen := map[string]int{}
			for _, m := range links.FindAllStringSubmatch(grouped, -1) {
				seen[m[1]]++
			}
			fl := links.FindAllStringSubmatch(flat, -1)
			if len(fl) < 9 {
				t.Errorf("%s: flat strip has %d entries", who, len(fl))
			}
			for _, m := range fl {
				if seen[m[1]] != 1 {
					t.Errorf("%s: %s is in %d groups", who, m[1], seen[m[1]])
				}
			}
			if len(seen) != len(fl) {
				t.Errorf("%s: %d grouped entries, %d in the strip", who, len(seen), len(fl))
			}
			active := regexp.MustCompile(`(?s)<div class="ng active"><span class="ng-t" tabindex="0">([^<]*)</span>.*?</div></div>`).FindStringSubmatch(grouped)
			if active == nil || active[1] != "组织建设" || !strings.Contains(active[0], `<a href="/orglife" class="active">`) {
				t.Errorf("%s: active group = %v", who, active)
			}
		}
	})
}
