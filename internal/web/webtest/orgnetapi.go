package webtest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/declaration"
	"dangjian/internal/testfix"
)

// orgnetAPIMatrix holds the scope-matrix rows of the organization network's
// JSON API. The fixtures are the pages' (gaps, declarations, alliance,
// orglife, cultivation, project, weak, assess): every 吉阳 object is
// invisible to a 海棠区 official and a 海棠 branch secretary (not listed,
// 404 by id), and every write to one is refused without an audited write.
func OrgnetAPIMatrix(e *Env) map[string]MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jy, ht := e.W.Jiyang, e.W.Haitang
	secret := []string{"JY快递驿站", "吉阳物流链", "JY口袋党员", "JY流动党员", "JY外资酒店", "JY旅游产业链联盟", "JY秘密备注", "JY联席会议程", "JY决定事项",
		"JY合作备忘录", "JY承诺事项", "JY酸豆党课", "JY专题", "JY积极分子甲", "JY秘密项目", "JY项目描述", "JY子项目", "JY里程碑", "JY廉洁风险",
		"JY防控措施", "JY整改任务", "JY督查组", "JY督查发现", "JY骨干教师", "JY中学党支部", jy.Branches[0].Name, jy.Branches[1].Name, jy.Village.Name}
	secret = append(secret, declarationSecrets...)
	clean := func(t *testing.T, what string, r Resp) {
		t.Helper()
		NoLeak(t, what, r)
		for _, s := range secret {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	both := func(h, b *Client) map[string]*Client { return map[string]*Client{"district": h, "branch": b} }
	// read GETs each query of a path as both 海棠 accounts; own, if set,
	// must be in the district official's unfiltered answer.
	read := func(path func(t *testing.T) string, own string, queries []string, codes ...int) MatrixCheck {
		return func(t *testing.T, e *Env, h, b *Client) {
			p := path(t)
			if queries == nil {
				queries = []string{""}
			}
			for _, q := range queries {
				for who, c := range both(h, b) {
					r := c.Do("GET", p+q, nil)
					Want(t, who+" "+p+q, r, codes...)
					clean(t, who+" "+p+q, r)
				}
			}
			if own != "" {
				if r := h.Do("GET", p, nil); !strings.Contains(r.Body, own) {
					t.Errorf("%s: own %q missing: %.300s", p, own, r.Body)
				}
			}
		}
	}
	// refused sends body as both 海棠 accounts, wants codes, and checks that
	// no audited write happened.
	refused := func(method string, path func(t *testing.T) string, body func(t *testing.T) any, codes ...int) MatrixCheck {
		return func(t *testing.T, e *Env, h, b *Client) {
			p, bd := path(t), body(t)
			n := AuditWrites(t, e)
			for who, c := range both(h, b) {
				r := c.Do(method, p, bd)
				Want(t, who+" "+method+" "+p, r, codes...)
				clean(t, who+" "+method+" "+p, r)
			}
			if got := AuditWrites(t, e); got != n {
				t.Errorf("%s %s: refused writes wrote %d audit entries", method, p, got-n)
			}
		}
	}
	path := func(s string) func(*testing.T) string { return func(*testing.T) string { return s } }
	body := func(v any) func(*testing.T) any { return func(*testing.T) any { return v } }
	pages := []string{"", "?per_page=500", "?page=2"}

	jyGap := func(suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/api/v1/gaps/" + id(e.Gaps(t).JyGap) + suffix }
	}
	jyAlliance := func(suffix func(*AllianceWorld) string) func(*testing.T) string {
		return func(t *testing.T) string { w := e.Alliance(t); return "/api/v1/alliances/" + id(w.Jy.ID) + suffix(w) }
	}
	lit := func(s string) func(*AllianceWorld) string { return func(*AllianceWorld) string { return s } }
	jyDecl := func(suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/api/v1/declarations/" + id(e.Declarations(t).Jy.ID) + suffix }
	}
	jyProject := func(suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/api/v1/projects/" + id(e.Project(t).Child.ID) + suffix }
	}
	jyCase := func(suffix func(*WeakWorld) string) func(*testing.T) string {
		return func(t *testing.T) string { w := e.Weak(t); return "/api/v1/weak/cases/" + id(w.Jy.ID) + suffix(w) }
	}
	wlit := func(s string) func(*WeakWorld) string { return func(*WeakWorld) string { return s } }

	m := map[string]MatrixCheck{
		// Two-new coverage.
		"GET /api/v1/gaps": func(t *testing.T, e *Env, h, b *Client) {
			g := e.Gaps(t)
			read(path("/api/v1/gaps"), "海棠湾快递站", []string{"", "?q=JY", "?unit_id=" + id(g.JyUnit.ID), "?area_id=" + id(jy.Village.ID),
				"?owner_org_id=" + id(jy.Branches[0].ID), "?state=open&per_page=500", "?sort=-deadline", "?overdue=1"}, 200)(t, e, h, b)
		},
		"POST /api/v1/gaps/scan": func(t *testing.T, e *Env, h, b *Client) {
			g := e.Gaps(t)
			for who, c := range both(h, b) {
				r := c.Do("POST", "/api/v1/gaps/scan", nil)
				Want(t, who+" scan", r, 200)
				clean(t, who+" scan", r)
			}
			var open, total int
			e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ? AND status = 'open'`), g.JyUnit.ID).Scan(&open)
			e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ?`), g.JyUnit.ID).Scan(&total)
			if open != 1 || total != 1 {
				t.Errorf("吉阳's action after 海棠's scans: %d open of %d", open, total)
			}
		},
		"GET /api/v1/gaps/{id}":         read(jyGap(""), "", nil, 404),
		"POST /api/v1/gaps/{id}/assign": refused("POST", jyGap("/assign"), body(map[string]any{"owner_org_id": ht.Branches[0].ID}), 404),
		"POST /api/v1/gaps/{id}/notes":  refused("POST", jyGap("/notes"), body(map[string]any{"note": "越权备注"}), 404),
		"POST /api/v1/gaps/{id}/close":  refused("POST", jyGap("/close"), body(map[string]any{"reason": "越权关闭"}), 404),
		"GET /api/v1/gap-coverage": func(t *testing.T, e *Env, h, b *Client) {
			e.Gaps(t)
			read(path("/api/v1/gap-coverage"), "海棠", nil, 200)(t, e, h, b)
		},

		// Declarations.
		"POST /api/v1/declarations": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Declarations(t)
			n := declarationRows(t, e)
			in := map[string]any{"name": "JY口袋党员", "id_number": testfix.IDNumber(900), "phone": "13900000900", "unit_name": "JY外资酒店", "org": jy.Branches[0].Code}
			// A declaration of a pending 吉阳 declaration's ID number, by
			// anyone, opens its own case and answers its reference alone.
			for who, c := range map[string]*Client{"anonymous": e.Anon(), "district": h} {
				r := c.Do("POST", "/api/v1/declarations", in)
				Want(t, who+" repeat", r, 202)
				clean(t, who+" repeat", r)
				if !strings.Contains(r.Body, `"reference":`) || strings.Contains(r.Body, `"reference":`+id(w.Jy.ID)+`,`) {
					t.Errorf("%s repeat: %s", who, r.Body)
				}
			}
			if got := declarationRows(t, e); got != n+2 {
				t.Errorf("two declarations wrote %d cases", got-n)
			}
		},
		"POST /api/v1/mobile": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Declarations(t)
			n := declarationRows(t, e)
			// A 海棠 official registering the 吉阳 mobile member's ID number
			// (another phone: not the page row's registration) opens a case
			// and learns its reference alone; the same account's replay
			// answers that case.
			in := map[string]any{"name": "JY流动党员", "id_number": testfix.IDNumber(901), "phone": "13900000911",
				"area_id": jy.Village.ID, "home_org": "JY老家支部"}
			r := h.Do("POST", "/api/v1/mobile", in)
			Want(t, "mobile in 吉阳", r, 202)
			clean(t, "mobile in 吉阳", r)
			if strings.Contains(r.Body, `"reference":`+id(w.JyMobile.ID)+`,`) {
				t.Errorf("merged into the 吉阳 registration: %s", r.Body)
			}
			r2 := h.Do("POST", "/api/v1/mobile", in)
			Want(t, "replay", r2, 202)
			if r2.Body != r.Body {
				t.Errorf("replay: %s, want %s", r2.Body, r.Body)
			}
			Want(t, "anonymous mobile", e.Anon().Do("POST", "/api/v1/mobile", map[string]any{}), 401)
			if got := declarationRows(t, e); got != n+1 {
				t.Errorf("a registration and its replay wrote %d declarations, want 1", got-n)
			}
		},
		"GET /api/v1/declarations": func(t *testing.T, e *Env, h, b *Client) {
			e.Declarations(t)
			read(path("/api/v1/declarations"), "HT口袋党员", []string{"", "?status=pending", "?kind=mobile", "?area_id=" + id(jy.Village.ID), "?per_page=500"}, 200)(t, e, h, b)
		},
		"GET /api/v1/declarations/{id}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Declarations(t)
			read(jyDecl(""), "", nil, 404)(t, e, h, b)
			read(path("/api/v1/declarations/"+id(w.JyMobile.ID)), "", nil, 404)(t, e, h, b)
		},
		"GET /api/v1/declarations/{id}/conflicts": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Declarations(t)
			read(jyDecl("/conflicts"), "", nil, 404)(t, e, h, b)
			read(path("/api/v1/declarations/"+id(w.JyMobile.ID)+"/conflicts"), "", nil, 404)(t, e, h, b)
			// A 海棠 case of the 吉阳 member's ID number shows the 吉阳 case
			// as existing only: no reference, name or phone.
			mine, _, err := e.DeclarationStore().Declare(context.Background(), declaration.Draft{Kind: declaration.Pocket, Name: "HT同号申报",
				IDNumber: testfix.IDNumber(900), Phone: "13900000903", Org: ht.Branches[0].Code, UnitName: ht.Unit.Name})
			if err != nil {
				t.Fatal(err)
			}
			p := "/api/v1/declarations/" + id(mine.ID) + "/conflicts"
			read(path(p), `"in_scope":false`, nil, 200)(t, e, h, b)
			if r := h.Do("GET", p, nil); strings.Contains(r.Body, `"id":`+id(w.Jy.ID)+`,`) || strings.Contains(r.Body, "139****0900") {
				t.Errorf("conflicts show the 吉阳 case: %s", r.Body)
			}
		},
		"POST /api/v1/declarations/{id}/confirm": refused("POST", jyDecl("/confirm"), body(map[string]any{"org_id": ht.Branches[0].ID}), 404),
		"POST /api/v1/declarations/{id}/reject":  refused("POST", jyDecl("/reject"), body(map[string]any{"reason": "越权驳回"}), 404),

		// Alliances.
		"GET /api/v1/alliances": func(t *testing.T, e *Env, h, b *Client) {
			e.Alliance(t)
			read(path("/api/v1/alliances"), "", []string{"", "?q=JY", "?kind=industry_chain", "?sort=-name&per_page=500"}, 200)(t, e, h, b)
		},
		"POST /api/v1/alliances": func(t *testing.T, e *Env, h, b *Client) {
			e.Alliance(t)
			refused("POST", path("/api/v1/alliances"), body(map[string]any{"kind": "regional_committee", "name": "越权联盟", "lead_org_id": jy.Committee.ID}), 422)(t, e, h, b)
		},
		"GET /api/v1/alliances/{id}":          read(jyAlliance(lit("")), "", nil, 404),
		"PUT /api/v1/alliances/{id}":          refused("PUT", jyAlliance(lit("")), body(map[string]any{"kind": "medical", "name": "越权改名", "lead_org_id": ht.Committee.ID}), 404),
		"DELETE /api/v1/alliances/{id}":       refused("DELETE", jyAlliance(lit("")), body(nil), 404),
		"POST /api/v1/alliances/{id}/members": refused("POST", jyAlliance(lit("/members")), body(map[string]any{"org_id": ht.Committee.ID}), 404),
		"POST /api/v1/alliances/{id}/resources": refused("POST", jyAlliance(lit("/resources")), func(t *testing.T) any {
			return map[string]any{"name": "越权资源", "owner_id": e.Alliance(t).M0.ID}
		}, 404),
		"POST /api/v1/alliances/{id}/meetings": refused("POST", jyAlliance(lit("/meetings")), func(t *testing.T) any {
			return map[string]any{"held_on": "2026-10-01", "agenda": "越权会议", "present": []int64{e.Alliance(t).M0.ID}}
		}, 404),
		"POST /api/v1/alliances/{id}/tasks": refused("POST", jyAlliance(lit("/tasks")), func(t *testing.T) any {
			return map[string]any{"decision": "越权任务", "owner_id": e.Alliance(t).M0.ID, "deadline": "2026-12-31"}
		}, 404),
		"POST /api/v1/alliances/{id}/tasks/{task}/done": refused("POST", jyAlliance(func(w *AllianceWorld) string { return "/tasks/" + id(w.Task) + "/done" }), body(nil), 404),
		"POST /api/v1/alliances/{id}/memoranda": refused("POST", jyAlliance(lit("/memoranda")), func(t *testing.T) any {
			w := e.Alliance(t)
			return map[string]any{"title": "越权备忘录", "signed_on": "2026-10-01", "parties": []int64{w.M0.ID, w.M1.ID}}
		}, 404),
		"POST /api/v1/alliances/{id}/commitments/{commitment}/progress": refused("POST",
			jyAlliance(func(w *AllianceWorld) string { return "/commitments/" + id(w.Commitm) + "/progress" }), body(map[string]any{"progress": 100}), 404),

		// Organizational life.
		"GET /api/v1/meetings": func(t *testing.T, e *Env, h, b *Client) {
			e.Orglife(t)
			read(path("/api/v1/meetings"), "HT二支部主题党日", []string{"", "?org_id=" + id(jy.Branches[0].ID), "?kind=lecture", "?q=JY",
				"?from=2026-01-01&to=2026-12-31", "?sort=-org&per_page=500"}, 200)(t, e, h, b)
			if r := b.Do("GET", "/api/v1/meetings", nil); strings.Contains(r.Body, "HT二支部主题党日") {
				t.Errorf("the branch secretary sees the other branch's meeting")
			}
		},
		"POST /api/v1/meetings": func(t *testing.T, e *Env, h, b *Client) {
			e.Orglife(t)
			n := MeetingCount(t, e)
			m := func(org int64, att ...int64) map[string]any {
				x := map[string]any{"org_id": org, "kind": "committee", "held_on": "2026-10-01", "title": "越权会议"}
				var as []map[string]any
				for _, p := range att {
					as = append(as, map[string]any{"person_id": p, "status": "present"})
				}
				x["attendance"] = as
				return x
			}
			refused("POST", path("/api/v1/meetings"), body(m(jy.Branches[0].ID)), 422)(t, e, h, b)
			Want(t, "branch records for the other branch", b.Do("POST", "/api/v1/meetings", m(ht.Branches[1].ID)), 422)
			r := h.Do("POST", "/api/v1/meetings", m(ht.Branches[0].ID, jy.Members[0].ID))
			Want(t, "吉阳's member at a 海棠 meeting", r, 422)
			clean(t, "foreign attendee", r)
			if got := MeetingCount(t, e); got != n {
				t.Errorf("refused meetings wrote %d", got-n)
			}
		},
		"GET /api/v1/meetings/{id}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Orglife(t)
			read(path("/api/v1/meetings/"+id(w.Jy.ID)), "", nil, 404)(t, e, h, b)
			Want(t, "the other branch's meeting", b.Do("GET", "/api/v1/meetings/"+id(w.Ht1.ID), nil), 404)
		},
		"PUT /api/v1/meetings/{id}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Orglife(t)
			m := map[string]any{"kind": "lecture", "held_on": "2026-10-12", "title": "越权改名"}
			refused("PUT", path("/api/v1/meetings/"+id(w.Jy.ID)), body(m), 404)(t, e, h, b)
			Want(t, "branch edits the other branch's meeting", b.Do("PUT", "/api/v1/meetings/"+id(w.Ht1.ID), m), 404)
		},
		"DELETE /api/v1/meetings/{id}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Orglife(t)
			refused("DELETE", path("/api/v1/meetings/"+id(w.Jy.ID)), body(nil), 404)(t, e, h, b)
			Want(t, "branch deletes the other branch's meeting", b.Do("DELETE", "/api/v1/meetings/"+id(w.Ht1.ID), nil), 404)
		},
		"GET /api/v1/meetings/{id}/photos/{photo}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Orglife(t)
			read(path(fmt.Sprintf("/api/v1/meetings/%d/photos/%d", w.Jy.ID, w.Jy.Photos[0].ID)), "", nil, 404)(t, e, h, b)
		},
		"GET /api/v1/orglife/orgs/{id}/members": func(t *testing.T, e *Env, h, b *Client) {
			read(path("/api/v1/orglife/orgs/"+id(jy.Branches[0].ID)+"/members"), "", nil, 404)(t, e, h, b)
			Want(t, "the other branch's roster", b.Do("GET", "/api/v1/orglife/orgs/"+id(ht.Branches[1].ID)+"/members", nil), 404)
			if r := b.Do("GET", "/api/v1/orglife/orgs/"+id(ht.Branches[0].ID)+"/members", nil); r.Code != 200 || !strings.Contains(r.Body, "HT党员00") {
				t.Errorf("own roster: %d %.200s", r.Code, r.Body)
			}
		},
		"GET /api/v1/orglife/compliance": func(t *testing.T, e *Env, h, b *Client) {
			e.Orglife(t)
			read(path("/api/v1/orglife/compliance"), ht.Branches[1].Name, []string{"?year=2026", "?year=2026&quarter=4", "?year=2026&month=10"}, 200)(t, e, h, b)
			read(path("/api/v1/orglife/compliance?org_id="+id(jy.Branches[0].ID)), "", nil, 404)(t, e, h, b)
		},

		// The recruitment pipeline.
		"GET /api/v1/recruits": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Cultivation(t)
			read(path("/api/v1/recruits"), w.Ht1.Name, []string{"", "?stage=activist", "?overdue=1", "?org_id=" + id(jy.Branches[0].ID), "?per_page=500"}, 200)(t, e, h, b)
			if r := b.Do("GET", "/api/v1/recruits", nil); strings.Contains(r.Body, w.Ht1.Name) || !strings.Contains(r.Body, w.Ht0.Name) {
				t.Errorf("branch secretary's recruits: %.300s", r.Body)
			}
		},
		"GET /api/v1/recruits/{person_id}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Cultivation(t)
			read(path("/api/v1/recruits/"+id(w.Jy.ID)), "", nil, 404)(t, e, h, b)
			Want(t, "the other branch's person", b.Do("GET", "/api/v1/recruits/"+id(w.Ht1.ID), nil), 404)
		},
		"POST /api/v1/recruits/{person_id}/steps": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Cultivation(t)
			step := map[string]any{"stage": "candidate", "on": "2025-06-01", "note": "越权"}
			refused("POST", path("/api/v1/recruits/"+id(w.Jy.ID)+"/steps"), body(step), 404)(t, e, h, b)
			refused("POST", path("/api/v1/recruits/"+id(w.Ht1.ID)+"/steps"), body(map[string]any{"stage": "candidate", "on": "2025-06-01", "org_id": jy.Branches[0].ID}), 422, 404)(t, e, h, b)
		},

		"GET /api/v1/dual": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Cultivation(t)
			read(path("/api/v1/dual"), w.HtDual.Name, []string{"", "?sector=school", "?sector=hospital", "?direction=member_to_backbone"}, 200)(t, e, h, b)
		},
		"POST /api/v1/dual": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Cultivation(t)
			refused("POST", path("/api/v1/dual"), body(map[string]any{"person_id": w.JyDual.PersonID, "direction": "member_to_backbone", "mentor": "越权", "started_on": "2025-09-01"}), 422)(t, e, h, b)
		},
		"POST /api/v1/dual/{id}/progress": func(t *testing.T, e *Env, h, b *Client) {
			refused("POST", path("/api/v1/dual/"+id(e.Cultivation(t).JyDual.ID)+"/progress"), body(map[string]any{"note": "越权进展"}), 404)(t, e, h, b)
		},

		// Projects and risks.
		"GET /api/v1/projects": func(t *testing.T, e *Env, h, b *Client) {
			e.Project(t)
			read(path("/api/v1/projects"), "", append(pages, "?status=overdue", "?q=JY", "?org_id="+id(jy.Committee.ID)), 200)(t, e, h, b)
		},
		"POST /api/v1/projects": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Project(t)
			refused("POST", path("/api/v1/projects"), body(map[string]any{"name": "越权项目", "org_id": jy.Committee.ID}), 422)(t, e, h, b)
			refused("POST", path("/api/v1/projects"), body(map[string]any{"name": "挂靠项目", "org_id": ht.Committee.ID, "parent_id": w.Root.ID}), 422)(t, e, h, b)
		},
		"GET /api/v1/projects/{id}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Project(t)
			read(path("/api/v1/projects/"+id(w.Root.ID)), "", nil, 404)(t, e, h, b)
			read(path("/api/v1/projects/"+id(w.Child.ID)), "", nil, 404)(t, e, h, b)
		},
		"PUT /api/v1/projects/{id}":           refused("PUT", jyProject(""), body(map[string]any{"name": "越权改名", "org_id": ht.Committee.ID}), 404),
		"DELETE /api/v1/projects/{id}":        refused("DELETE", jyProject(""), body(nil), 404),
		"POST /api/v1/projects/{id}/progress": refused("POST", jyProject("/progress"), body(map[string]any{"progress": 100, "status": "done"}), 404),
		"POST /api/v1/projects/{id}/milestones": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Project(t)
			refused("POST", jyProject("/milestones"), body(map[string]any{"name": "越权里程碑", "due_on": "2026-12-31"}), 404)(t, e, h, b)
			refused("POST", jyProject("/milestones"), body(map[string]any{"milestone_id": w.Milestone, "done_on": "2026-10-01"}), 404)(t, e, h, b)
		},
		"POST /api/v1/projects/{id}/parent": refused("POST", jyProject("/parent"), body(map[string]any{"parent_id": 0}), 404),
		"GET /api/v1/risks": func(t *testing.T, e *Env, h, b *Client) {
			e.Project(t)
			read(path("/api/v1/risks"), "", append(pages, "?level=high", "?due=true", "?q=JY"), 200)(t, e, h, b)
		},
		"POST /api/v1/risks": refused("POST", path("/api/v1/risks"), body(map[string]any{"unit_id": jy.Unit.ID, "description": "越权风险", "level": "high", "owner": "x"}), 422),
		"GET /api/v1/risks/{id}": func(t *testing.T, e *Env, h, b *Client) {
			read(path("/api/v1/risks/"+id(e.Project(t).Risk.ID)), "", nil, 404)(t, e, h, b)
		},
		"POST /api/v1/risks/{id}/reviews": func(t *testing.T, e *Env, h, b *Client) {
			refused("POST", path("/api/v1/risks/"+id(e.Project(t).Risk.ID)+"/reviews"), body(map[string]any{"reviewed_on": "2026-01-01", "reviewer": "越权", "effective": true}), 404)(t, e, h, b)
		},

		// Weak branches and supervision.
		"GET /api/v1/weak": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Weak(t)
			read(path("/api/v1/weak"), "", append(pages, "?status=open", "?status=closed"), 200)(t, e, h, b)
			if r := e.Login("jiyang").Do("GET", "/api/v1/weak", nil); !strings.Contains(r.Body, w.Jy.OrgName) {
				t.Errorf("吉阳 does not list its own case")
			}
		},
		"GET /api/v1/weak/flags": func(t *testing.T, e *Env, h, b *Client) {
			e.Weak(t)
			read(path("/api/v1/weak/flags"), "", nil, 200)(t, e, h, b)
		},
		"POST /api/v1/weak/detect": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Weak(t)
			count := func() (n int) {
				if err := e.S.DB.Read().QueryRowContext(context.Background(), e.S.DB.Rebind(`SELECT count(*) FROM weak_events WHERE case_id = ?`), w.Jy.ID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count()
			for who, c := range both(h, b) {
				r := c.Do("POST", "/api/v1/weak/detect", nil)
				Want(t, who+" detect", r, 200)
				clean(t, who+" detect", r)
			}
			if count() != before {
				t.Errorf("a 海棠 run touched a 吉阳 case")
			}
		},
		"GET /api/v1/weak/cases/{id}": read(jyCase(wlit("")), "", nil, 404),
		"POST /api/v1/weak/cases/{id}/tasks": refused("POST", jyCase(wlit("/tasks")),
			body(map[string]any{"body": "越权任务", "owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 404),
		"POST /api/v1/weak/cases/{id}/tasks/{task}/done": refused("POST", jyCase(func(w *WeakWorld) string { return "/tasks/" + id(w.Task) + "/done" }), body(map[string]any{}), 404),
		"POST /api/v1/weak/cases/{id}/instructor": refused("POST", jyCase(wlit("/instructor")),
			body(map[string]any{"person_id": ht.Members[0].ID, "role": "first_secretary"}), 404),
		"GET /api/v1/supervision": func(t *testing.T, e *Env, h, b *Client) {
			e.Weak(t)
			read(path("/api/v1/supervision"), "", pages, 200)(t, e, h, b)
		},
		"POST /api/v1/supervision": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Weak(t)
			refused("POST", path("/api/v1/supervision"), body(map[string]any{"org_id": w.Jy.OrgID, "visited_on": "2026-01-10", "inspectors": "越权督查"}), 422)(t, e, h, b)
		},
		"GET /api/v1/supervision/{id}": func(t *testing.T, e *Env, h, b *Client) {
			read(path("/api/v1/supervision/"+id(e.Weak(t).Visit)), "", nil, 404)(t, e, h, b)
		},
		"POST /api/v1/supervision/{id}/findings/{finding}/task": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Weak(t)
			refused("POST", path(fmt.Sprintf("/api/v1/supervision/%d/findings/%d/task", w.Visit, w.Finding)), body(map[string]any{"deadline": "2026-12-31"}), 404)(t, e, h, b)
		},

		// Assessment: schemes are shared, 吉阳's run and scores are not.
		"GET /api/v1/assess/schemes": func(t *testing.T, e *Env, h, b *Client) {
			e.Assess(t)
			read(path("/api/v1/assess/schemes"), "共享考核", nil, 200)(t, e, h, b)
		},
		"POST /api/v1/assess/schemes": func(t *testing.T, e *Env, h, b *Client) {
			r := h.Do("POST", "/api/v1/assess/schemes", map[string]any{"name": ""})
			Want(t, "empty scheme name", r, 422)
			Want(t, "viewer", e.Login("viewer").Do("POST", "/api/v1/assess/schemes", map[string]any{"name": "只读"}), 403)
		},
		"GET /api/v1/assess/schemes/{id}": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Assess(t)
			read(path("/api/v1/assess/schemes/"+id(w.Scheme)), "共享考核", nil, 200)(t, e, h, b)
			for who, c := range both(h, b) {
				if runIDs(t, c.Do("GET", "/api/v1/assess/schemes/"+id(w.Scheme), nil))[w.Run] {
					t.Errorf("%s sees 吉阳's run on the scheme", who)
				}
			}
		},
		"PUT /api/v1/assess/versions/{id}/indicators": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Assess(t)
			refused("PUT", path("/api/v1/assess/versions/"+id(w.Version)+"/indicators"),
				body(map[string]any{"indicators": []map[string]any{{"name": "x", "weight": 90, "measure": "gaps_closed", "target": 100}}}), 422)(t, e, h, b)
		},
		"POST /api/v1/assess/runs": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Assess(t)
			r := h.Do("POST", "/api/v1/assess/runs", map[string]any{"version_id": w.Version, "period": "2026"})
			Want(t, "apply", r, 201)
			clean(t, "own run", r)
			if !strings.Contains(r.Body, ht.Branches[0].Name) {
				t.Errorf("海棠's run lacks its branch: %.300s", r.Body)
			}
		},
		"GET /api/v1/assess/runs/{id}": func(t *testing.T, e *Env, h, b *Client) {
			read(path("/api/v1/assess/runs/"+id(e.Assess(t).Run)), "", nil, 404)(t, e, h, b)
		},
		"GET /api/v1/assess/indices": func(t *testing.T, e *Env, h, b *Client) {
			w := e.Assess(t)
			read(path("/api/v1/assess/indices"), "", nil, 200)(t, e, h, b)
			read(path("/api/v1/assess/indices?run_id="+id(w.Run)), "", nil, 404)(t, e, h, b)
		},
	}
	for k, v := range vanguardAPIMatrix(e) {
		m[k] = v
	}
	return m
}

// auditWrites counts the audit entries other than sign-ins and sign-outs.
func AuditWrites(t *testing.T, e *Env) int {
	t.Helper()
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action NOT LIKE 'login%' AND action <> 'logout'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func declarationRows(t *testing.T, e *Env) int {
	t.Helper()
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM declarations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// runIDs are the ids of the runs a scheme's JSON lists.
func runIDs(t *testing.T, r Resp) map[int64]bool {
	t.Helper()
	var s struct {
		Versions []struct {
			Runs []struct {
				ID int64 `json:"id"`
			} `json:"runs"`
		} `json:"versions"`
	}
	if err := json.Unmarshal([]byte(r.Body), &s); err != nil {
		t.Fatalf("scheme JSON: %v", err)
	}
	out := map[int64]bool{}
	for _, v := range s.Versions {
		for _, x := range v.Runs {
			out[x.ID] = true
		}
	}
	return out
}
