package cultivation_test

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
	"dangjian/internal/web/webtest"
)

// cultivationMatrix holds the scope-matrix rows of dual cultivation and the recruitment pipeline (双培养).
// A pipeline is its person's: a 海棠区 official sees and advances 海棠's
// people only, and a 海棠 branch secretary only their own branch's;
// neither reads nor advances 吉阳区's, nor registers a 吉阳 teacher for
// dual cultivation.
func cultivationMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	cw := func(t *testing.T) *webtest.CultivationWorld { return e.Cultivation(t) }
	secret := []string{"JY积极分子甲", "JY推荐", "JY骨干教师", "JY中学"}
	clean := func(t *testing.T, what string, r webtest.Resp, extra ...string) {
		t.Helper()
		webtest.NoLeak(t, what, r)
		for _, s := range append(secret, extra...) {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	// unchanged fails when the pipeline or dual tables changed.
	unchanged := func(t *testing.T, e *webtest.Env) func() {
		count := func() string {
			out := ""
			for _, q := range []string{`SELECT count(*) FROM recruit_steps`, `SELECT count(*) FROM dual_cultivation`, `SELECT coalesce(sum(length(progress)),0) FROM dual_cultivation`,
				`SELECT count(*) FROM people WHERE status = 'candidate'`} {
				var n int
				if err := e.S.DB.Read().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
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
	jy := e.W.Jiyang
	return map[string]webtest.MatrixCheck{
		"GET /cultivation": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := cw(t)
			jyOrg := id(e.W.Jiyang.Branches[0].ID)
			for _, q := range []string{"", "?stage=activist", "?overdue=1", "?org_id=" + jyOrg, "?per_page=500"} {
				r := h.Do("GET", "/cultivation"+q, nil)
				webtest.Want(t, "district "+q, r, 200)
				clean(t, "district "+q, r)
				rb := b.Do("GET", "/cultivation"+q, nil)
				webtest.Want(t, "branch "+q, rb, 200)
				clean(t, "branch "+q, rb, w.Ht1.Name)
			}
			if r := h.Do("GET", "/cultivation", nil); !strings.Contains(r.Body, w.Ht0.Name) || !strings.Contains(r.Body, w.Ht1.Name) {
				t.Errorf("the district official misses own people")
			}
			if r := b.Do("GET", "/cultivation", nil); !strings.Contains(r.Body, w.Ht0.Name) {
				t.Errorf("the branch secretary misses own people")
			}
		},
		"GET /cultivation/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := cw(t)
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", "/cultivation/"+id(w.Jy.ID), nil)
				webtest.Want(t, who+" foreign", r, 404)
				clean(t, who+" foreign", r)
			}
			webtest.Want(t, "the other branch's person", b.Do("GET", "/cultivation/"+id(w.Ht1.ID), nil), 404)
			if r := b.Do("GET", "/cultivation/"+id(w.Ht0.ID), nil); r.Code != 200 || !strings.Contains(r.Body, "2026-12-01") {
				t.Errorf("own pipeline: %d", r.Code)
			}
		},
		"POST /cultivation/{id}/steps": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := cw(t)
			done := unchanged(t, e)
			step := url.Values{"stage": {"candidate"}, "on": {"2025-06-01"}, "note": {"越权"}}
			webtest.FormWrite("/cultivation/{id}/steps", id(w.Jy.ID), webtest.CloneForm(step), 404)(t, e, h, b)
			r := b.Do("POST", "/cultivation/"+id(w.Jy.ID)+"/steps", webtest.CloneForm(step))
			webtest.Want(t, "branch advances 吉阳", r, 404)
			clean(t, "branch POST", r)
			webtest.Want(t, "branch advances the other branch", b.Do("POST", "/cultivation/"+id(w.Ht1.ID)+"/steps", webtest.CloneForm(step)), 404)
			r = h.Do("POST", "/cultivation/"+id(w.Ht1.ID)+"/steps", url.Values{"stage": {"candidate"}, "on": {"2025-06-01"}, "org_id": {id(e.W.Jiyang.Branches[0].ID)}})
			webtest.Want(t, "a 吉阳 branch decides", r, 422)
			clean(t, "foreign org", r)
			done()
		},
		"POST /cultivation/{id}/backfill": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := cw(t)
			done := unchanged(t, e)
			past := url.Values{"applicant_on": {"2023-03-01"}, "activist_on": {"2023-09-01"}, "note": {"越权补录"}}
			// 吉阳's recruit and a 吉阳 member with no history yet.
			for _, target := range []int64{w.Jy.ID, e.W.Jiyang.Members[0].ID} {
				webtest.FormWrite("/cultivation/{id}/backfill", id(target), webtest.CloneForm(past), 404)(t, e, h, b)
				r := b.Do("POST", "/cultivation/"+id(target)+"/backfill", webtest.CloneForm(past))
				webtest.Want(t, "branch backfills 吉阳", r, 404)
				clean(t, "branch backfill", r)
			}
			webtest.Want(t, "branch backfills the other branch", b.Do("POST", "/cultivation/"+id(e.W.Haitang.Members[3].ID)+"/backfill", webtest.CloneForm(past)), 404)
			// A 海棠 person of the masses named into a 吉阳 branch.
			masses, err := e.W.People.Create(context.Background(), scope.Everything, person.Person{Name: "HT群众", Status: person.Masses, AreaID: e.W.Haitang.Village.ID})
			if err != nil {
				t.Fatal(err)
			}
			f := webtest.CloneForm(past)
			f.Set("org_id", id(e.W.Jiyang.Branches[0].ID))
			r := h.Do("POST", "/cultivation/"+id(masses.ID)+"/backfill", f)
			webtest.Want(t, "a 吉阳 branch decides", r, 422)
			clean(t, "foreign org", r)
			done()
		},
		"GET /cultivation/dual": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := cw(t)
			for _, q := range []string{"", "?sector=school", "?sector=hospital", "?direction=member_to_backbone"} {
				for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
					r := c.Do("GET", "/cultivation/dual"+q, nil)
					webtest.Want(t, who+q, r, 200)
					clean(t, who+q, r)
				}
			}
			if r := h.Do("GET", "/cultivation/dual?sector=school", nil); !strings.Contains(r.Body, w.HtDual.Name) {
				t.Errorf("own dual entry missing")
			}
		},
		"POST /cultivation/dual": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := cw(t)
			done := unchanged(t, e)
			f := url.Values{"person_id": {id(w.JyDual.PersonID)}, "direction": {"member_to_backbone"}, "mentor": {"越权"}, "started_on": {"2025-09-01"}}
			webtest.FormWrite("/cultivation/dual", "", webtest.CloneForm(f), 422)(t, e, h, b)
			r := b.Do("POST", "/cultivation/dual", webtest.CloneForm(f))
			webtest.Want(t, "branch registers 吉阳", r, 422)
			clean(t, "branch dual", r)
			done()
		},
		"POST /cultivation/dual/{id}/progress": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := cw(t)
			done := unchanged(t, e)
			webtest.FormWrite("/cultivation/dual/{id}/progress", id(w.JyDual.ID), url.Values{"note": {"越权"}}, 404)(t, e, h, b)
			webtest.Want(t, "branch", b.Do("POST", "/cultivation/dual/"+id(w.JyDual.ID)+"/progress", url.Values{"note": {"越权"}}), 404)
			done()
		},

		// The JSON API.
		"GET /api/v1/recruits": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Cultivation(t)
			webtest.APIRead(webtest.Path("/api/v1/recruits"), w.Ht1.Name, []string{"", "?stage=activist", "?overdue=1", "?org_id=" + id(jy.Branches[0].ID), "?per_page=500"}, 200)(t, e, h, b)
			if r := b.Do("GET", "/api/v1/recruits", nil); strings.Contains(r.Body, w.Ht1.Name) || !strings.Contains(r.Body, w.Ht0.Name) {
				t.Errorf("branch secretary's recruits: %.300s", r.Body)
			}
		},
		"GET /api/v1/recruits/{person_id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Cultivation(t)
			webtest.APIRead(webtest.Path("/api/v1/recruits/"+id(w.Jy.ID)), "", nil, 404)(t, e, h, b)
			webtest.Want(t, "the other branch's person", b.Do("GET", "/api/v1/recruits/"+id(w.Ht1.ID), nil), 404)
		},
		"POST /api/v1/recruits/{person_id}/steps": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Cultivation(t)
			step := map[string]any{"stage": "candidate", "on": "2025-06-01", "note": "越权"}
			webtest.APIRefused("POST", webtest.Path("/api/v1/recruits/"+id(w.Jy.ID)+"/steps"), webtest.Body(step), 404)(t, e, h, b)
			webtest.APIRefused("POST", webtest.Path("/api/v1/recruits/"+id(w.Ht1.ID)+"/steps"), webtest.Body(map[string]any{"stage": "candidate", "on": "2025-06-01", "org_id": jy.Branches[0].ID}), 422, 404)(t, e, h, b)
		},
		"GET /api/v1/dual": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Cultivation(t)
			webtest.APIRead(webtest.Path("/api/v1/dual"), w.HtDual.Name, []string{"", "?sector=school", "?sector=hospital", "?direction=member_to_backbone"}, 200)(t, e, h, b)
		},
		"POST /api/v1/dual": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Cultivation(t)
			webtest.APIRefused("POST", webtest.Path("/api/v1/dual"), webtest.Body(map[string]any{"person_id": w.JyDual.PersonID, "direction": "member_to_backbone", "mentor": "越权", "started_on": "2025-09-01"}), 422)(t, e, h, b)
		},
		"POST /api/v1/dual/{id}/progress": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.APIRefused("POST", webtest.Path("/api/v1/dual/"+id(e.Cultivation(t).JyDual.ID)+"/progress"), webtest.Body(map[string]any{"note": "越权进展"}), 404)(t, e, h, b)
		},
	}
}

func TestScopeMatrixCultivation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("cultivation")
		webtest.RunMatrix(t, e, routes, cultivationMatrix(e))
	})
}
