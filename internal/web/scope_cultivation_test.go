package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
)

// cultivationMatrix holds the scope-matrix rows of dual cultivation and the recruitment pipeline (双培养).
// A pipeline is its person's: a 海棠区 official sees and advances 海棠's
// people only, and a 海棠 branch secretary only their own branch's;
// neither reads nor advances 吉阳区's, nor registers a 吉阳 teacher for
// dual cultivation.
func cultivationMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	cw := func(t *testing.T) *cultivationWorld { return e.cultivationFix(t) }
	secret := []string{"JY积极分子甲", "JY推荐", "JY骨干教师", "JY中学"}
	clean := func(t *testing.T, what string, r resp, extra ...string) {
		t.Helper()
		noLeak(t, what, r)
		for _, s := range append(secret, extra...) {
			if strings.Contains(r.body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	// unchanged fails when the pipeline or dual tables changed.
	unchanged := func(t *testing.T, e *env) func() {
		count := func() string {
			out := ""
			for _, q := range []string{`SELECT count(*) FROM recruit_steps`, `SELECT count(*) FROM dual_cultivation`, `SELECT coalesce(sum(length(progress)),0) FROM dual_cultivation`,
				`SELECT count(*) FROM people WHERE status = 'candidate'`} {
				var n int
				if err := e.s.DB.Read().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				out += fmt.Sprint(n, "/")
			}
			return out
		}
		before := count()
		return func() {
			t.Helper()
			if after := count(); after != before {
				t.Errorf("refused writes changed %s -> %s", before, after)
			}
		}
	}
	return map[string]matrixCheck{
		"GET /cultivation": func(t *testing.T, e *env, h, b *client) {
			w := cw(t)
			jyOrg := id(e.w.Jiyang.Branches[0].ID)
			for _, q := range []string{"", "?stage=activist", "?overdue=1", "?org_id=" + jyOrg, "?per_page=500"} {
				r := h.do("GET", "/cultivation"+q, nil)
				want(t, "district "+q, r, 200)
				clean(t, "district "+q, r)
				rb := b.do("GET", "/cultivation"+q, nil)
				want(t, "branch "+q, rb, 200)
				clean(t, "branch "+q, rb, w.ht1.Name)
			}
			if r := h.do("GET", "/cultivation", nil); !strings.Contains(r.body, w.ht0.Name) || !strings.Contains(r.body, w.ht1.Name) {
				t.Errorf("the district official misses own people")
			}
			if r := b.do("GET", "/cultivation", nil); !strings.Contains(r.body, w.ht0.Name) {
				t.Errorf("the branch secretary misses own people")
			}
		},
		"GET /cultivation/{id}": func(t *testing.T, e *env, h, b *client) {
			w := cw(t)
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", "/cultivation/"+id(w.jy.ID), nil)
				want(t, who+" foreign", r, 404)
				clean(t, who+" foreign", r)
			}
			want(t, "the other branch's person", b.do("GET", "/cultivation/"+id(w.ht1.ID), nil), 404)
			if r := b.do("GET", "/cultivation/"+id(w.ht0.ID), nil); r.code != 200 || !strings.Contains(r.body, "2026-12-01") {
				t.Errorf("own pipeline: %d", r.code)
			}
		},
		"POST /cultivation/{id}/steps": func(t *testing.T, e *env, h, b *client) {
			w := cw(t)
			done := unchanged(t, e)
			step := url.Values{"stage": {"candidate"}, "on": {"2025-06-01"}, "note": {"越权"}}
			formWrite("/cultivation/{id}/steps", id(w.jy.ID), cloneForm(step), 404)(t, e, h, b)
			r := b.do("POST", "/cultivation/"+id(w.jy.ID)+"/steps", cloneForm(step))
			want(t, "branch advances 吉阳", r, 404)
			clean(t, "branch POST", r)
			want(t, "branch advances the other branch", b.do("POST", "/cultivation/"+id(w.ht1.ID)+"/steps", cloneForm(step)), 404)
			r = h.do("POST", "/cultivation/"+id(w.ht1.ID)+"/steps", url.Values{"stage": {"candidate"}, "on": {"2025-06-01"}, "org_id": {id(e.w.Jiyang.Branches[0].ID)}})
			want(t, "a 吉阳 branch decides", r, 422)
			clean(t, "foreign org", r)
			done()
		},
		"POST /cultivation/{id}/backfill": func(t *testing.T, e *env, h, b *client) {
			w := cw(t)
			done := unchanged(t, e)
			past := url.Values{"applicant_on": {"2023-03-01"}, "activist_on": {"2023-09-01"}, "note": {"越权补录"}}
			// 吉阳's recruit and a 吉阳 member with no history yet.
			for _, target := range []int64{w.jy.ID, e.w.Jiyang.Members[0].ID} {
				formWrite("/cultivation/{id}/backfill", id(target), cloneForm(past), 404)(t, e, h, b)
				r := b.do("POST", "/cultivation/"+id(target)+"/backfill", cloneForm(past))
				want(t, "branch backfills 吉阳", r, 404)
				clean(t, "branch backfill", r)
			}
			want(t, "branch backfills the other branch", b.do("POST", "/cultivation/"+id(e.w.Haitang.Members[3].ID)+"/backfill", cloneForm(past)), 404)
			// A 海棠 person of the masses named into a 吉阳 branch.
			masses, err := e.w.People.Create(context.Background(), scope.Everything, person.Person{Name: "HT群众", Status: person.Masses, AreaID: e.w.Haitang.Village.ID})
			if err != nil {
				t.Fatal(err)
			}
			f := cloneForm(past)
			f.Set("org_id", id(e.w.Jiyang.Branches[0].ID))
			r := h.do("POST", "/cultivation/"+id(masses.ID)+"/backfill", f)
			want(t, "a 吉阳 branch decides", r, 422)
			clean(t, "foreign org", r)
			done()
		},
		"GET /cultivation/dual": func(t *testing.T, e *env, h, b *client) {
			w := cw(t)
			for _, q := range []string{"", "?sector=school", "?sector=hospital", "?direction=member_to_backbone"} {
				for who, c := range map[string]*client{"district": h, "branch": b} {
					r := c.do("GET", "/cultivation/dual"+q, nil)
					want(t, who+q, r, 200)
					clean(t, who+q, r)
				}
			}
			if r := h.do("GET", "/cultivation/dual?sector=school", nil); !strings.Contains(r.body, w.htDual.Name) {
				t.Errorf("own dual entry missing")
			}
		},
		"POST /cultivation/dual": func(t *testing.T, e *env, h, b *client) {
			w := cw(t)
			done := unchanged(t, e)
			f := url.Values{"person_id": {id(w.jyDual.PersonID)}, "direction": {"member_to_backbone"}, "mentor": {"越权"}, "started_on": {"2025-09-01"}}
			formWrite("/cultivation/dual", "", cloneForm(f), 422)(t, e, h, b)
			r := b.do("POST", "/cultivation/dual", cloneForm(f))
			want(t, "branch registers 吉阳", r, 422)
			clean(t, "branch dual", r)
			done()
		},
		"POST /cultivation/dual/{id}/progress": func(t *testing.T, e *env, h, b *client) {
			w := cw(t)
			done := unchanged(t, e)
			formWrite("/cultivation/dual/{id}/progress", id(w.jyDual.ID), url.Values{"note": {"越权"}}, 404)(t, e, h, b)
			want(t, "branch", b.do("POST", "/cultivation/dual/"+id(w.jyDual.ID)+"/progress", url.Values{"note": {"越权"}}), 404)
			done()
		},
	}
}

func TestScopeMatrixCultivation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("cultivation")
		runMatrix(t, e, routes, merge(cultivationMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
