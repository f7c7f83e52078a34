package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// The organization network's JSON API (issue 6): a lifecycle per area over
// both databases, and the bad input the issue names — each refused with a
// translated error and its code, and nothing written.

func TestOrgnetAPIGapsAndDeclarations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")
		g := e.Gaps(t)
		gp := fmt.Sprintf("/api/v1/gaps/%d", g.HtGap)

		r := webtest.Ok(t, "list", c.Do("GET", "/api/v1/gaps?state=open&per_page=5", nil), 200)
		if !strings.Contains(r.Body, "海棠湾快递站") || webtest.Num(t, webtest.Obj(t, r), "per_page") != 5 {
			t.Errorf("gap list: %.300s", r.Body)
		}
		webtest.Ok(t, "note", c.Do("POST", gp+"/notes", map[string]any{"note": "已联系企业"}), 200)
		webtest.Ok(t, "assign", c.Do("POST", gp+"/assign", map[string]any{"owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 200)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "close without a reason", Method: "POST", Path: gp + "/close", Body: map[string]any{"reason": " "}, Status: 422, Key: "err.gap.note_needed", Table: "gap_actions"},
			{Name: "bad deadline", Method: "POST", Path: gp + "/assign", Body: map[string]any{"deadline": "31/12/2026"}, Status: 422, Key: "err.date_format", Table: ""},
			{Name: "unknown field", Method: "POST", Path: gp + "/close", Body: map[string]any{"why": "x"}, Status: 422, Key: "err.json.unknown_field", Table: ""},
			{Name: "bad id", Method: "GET", Path: "/api/v1/gaps/abc", Body: nil, Status: 422, Key: "err.param.id", Table: ""},
			{Name: "bad state", Method: "GET", Path: "/api/v1/gaps?state=maybe", Body: nil, Status: 422, Key: "err.param.enum", Table: ""},
		})
		r = webtest.Ok(t, "close", c.Do("POST", gp+"/close", map[string]any{"reason": "已派驻党建指导员"}), 200)
		if x := webtest.Obj(t, r); x["status"] != "closed" || len(x["events"].([]any)) < 3 {
			t.Errorf("closed gap: %.400s", r.Body)
		}
		webtest.WantAPIError(t, "close twice", c.Do("POST", gp+"/close", map[string]any{"reason": "again"}), 409, "err.gap.closed")
		r = webtest.Ok(t, "scan", c.Do("POST", "/api/v1/gaps/scan", nil), 200)
		if _, has := webtest.Obj(t, r)["opened"]; !has {
			t.Errorf("scan result: %s", r.Body)
		}
		r = webtest.Ok(t, "coverage", c.Do("GET", "/api/v1/gap-coverage", nil), 200)
		if x := webtest.Obj(t, r); x["by_district"] == nil || webtest.Num(t, x, "total", "units") == 0 {
			t.Errorf("coverage: %.300s", r.Body)
		}

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
		r = webtest.Ok(t, "declarations", c.Do("GET", "/api/v1/declarations?status=pending", nil), 200)
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
		webtest.Audited(t, e, "haitang", "gap.note", "gap.assign", "gap.close", "gap.scan", "declaration.confirm")
	})
}

func TestOrgnetAPIAlliancesAndMeetings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "pairing without type", Method: "POST", Path: "/api/v1/alliances", Body: map[string]any{"kind": "pairing", "name": "结对", "lead_org_id": ht.Branches[0].ID}, Status: 422, Key: "err.alliance.pairing", Table: "alliances"},
			{Name: "no lead", Method: "POST", Path: "/api/v1/alliances", Body: map[string]any{"kind": "medical", "name": "医联"}, Status: 422, Key: "err.alliance.lead_required", Table: "alliances"},
		})
		r := webtest.Ok(t, "create", c.Do("POST", "/api/v1/alliances", map[string]any{"kind": "industry_chain", "name": "HT旅游产业链联盟", "lead_org_id": ht.Branches[0].ID}), 201)
		ap := fmt.Sprintf("/api/v1/alliances/%d", webtest.Num(t, webtest.Obj(t, r), "id"))
		m1 := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "member", c.Do("POST", ap+"/members", map[string]any{"org_id": ht.Branches[1].ID, "role": "成员"}), 201)), "id")
		m0 := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "lead member", c.Do("GET", ap, nil), 200)), "members", 0, "id")
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "future meeting", Method: "POST", Path: ap + "/meetings", Body: map[string]any{"held_on": "2099-01-01", "agenda": "未来", "present": []int64{m0, m1}}, Status: 422, Key: "err.alliance.future_date", Table: "alliance_meetings"},
			{Name: "duplicate member", Method: "POST", Path: ap + "/members", Body: map[string]any{"org_id": ht.Branches[1].ID}, Status: 409, Key: "err.alliance.member_dup", Table: "alliance_members"},
		})
		mid := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "meeting", c.Do("POST", ap+"/meetings", map[string]any{"held_on": "2026-10-01", "agenda": "联席会",
			"present": []int64{m0, m1}, "decisions": []map[string]any{{"decision": "共建驿站", "owner_id": m1, "deadline": "2026-12-31"}}}), 201)), "id")
		webtest.Ok(t, "resource", c.Do("POST", ap+"/resources", map[string]any{"name": "会议室", "kind": "场地", "owner_id": m0}), 201)
		webtest.Ok(t, "memo", c.Do("POST", ap+"/memoranda", map[string]any{"title": "合作备忘录", "signed_on": "2026-10-02", "parties": []int64{m0, m1},
			"commitments": []map[string]any{{"content": "提供场地", "owner_id": m0, "due_on": "2026-12-31"}}}), 201)
		a := webtest.Obj(t, webtest.Ok(t, "detail", c.Do("GET", ap, nil), 200))
		task, cm := webtest.Num(t, a, "tasks", 0, "id"), webtest.Num(t, a, "memoranda", 0, "commitments", 0, "id")
		if webtest.Num(t, a, "meetings", 0, "id") != mid {
			t.Errorf("meeting missing: %v", a["meetings"])
		}
		webtest.Ok(t, "task done", c.Do("POST", fmt.Sprintf("%s/tasks/%d/done", ap, task), nil), 204)
		webtest.WantAPIError(t, "progress out of range", c.Do("POST", fmt.Sprintf("%s/commitments/%d/progress", ap, cm), map[string]any{"progress": 150}), 422, "err.alliance.progress_range")
		webtest.Ok(t, "progress", c.Do("POST", fmt.Sprintf("%s/commitments/%d/progress", ap, cm), map[string]any{"progress": 50, "note": "过半"}), 204)
		if r := c.Do("GET", "/api/v1/alliances?q=HT旅游", nil); !strings.Contains(r.Body, "HT旅游产业链联盟") {
			t.Errorf("alliance list: %.300s", r.Body)
		}
		a = webtest.Obj(t, webtest.Ok(t, "rename", c.Do("PUT", ap, map[string]any{"kind": "supply_chain", "name": "HT供应链联盟", "lead_org_id": ht.Branches[0].ID}), 200))
		if a["name"] != "HT供应链联盟" || a["kind"] != "supply_chain" {
			t.Errorf("renamed alliance: %v", a)
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "delete with records", Method: "DELETE", Path: ap, Body: nil, Status: 409, Key: "err.alliance.has_records", Table: "alliances"},
			{Name: "rename to nothing", Method: "PUT", Path: ap, Body: map[string]any{"kind": "supply_chain", "name": " ", "lead_org_id": ht.Branches[0].ID}, Status: 422, Key: "err.alliance.name", Table: "alliances"},
		})
		empty := webtest.Obj(t, webtest.Ok(t, "empty alliance", c.Do("POST", "/api/v1/alliances", map[string]any{"kind": "medical", "name": "HT医联", "lead_org_id": ht.Branches[0].ID}), 201))
		ep := fmt.Sprintf("/api/v1/alliances/%d", webtest.Num(t, empty, "id"))
		webtest.Ok(t, "delete", c.Do("DELETE", ep, nil), 204)
		webtest.Want(t, "deleted alliance", c.Do("GET", ep, nil), 404)

		// Meetings: a future date and a non-member's attendance are refused
		// and nothing is written.
		roster := webtest.Obj(t, webtest.Ok(t, "roster", c.Do("GET", fmt.Sprintf("/api/v1/orglife/orgs/%d/members", ht.Branches[0].ID), nil), 200))
		member := webtest.Num(t, roster, "items", 0, "id")
		meeting := func(day string, att ...int64) map[string]any {
			var as []map[string]any
			for _, p := range att {
				as = append(as, map[string]any{"person_id": p, "status": "present"})
			}
			return map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": day, "title": "十一月支委会", "attendance": as}
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "future meeting", Method: "POST", Path: "/api/v1/meetings", Body: meeting("2099-01-01", member), Status: 422, Key: "err.orglife.future_date", Table: "meetings"},
			{Name: "non-member attends", Method: "POST", Path: "/api/v1/meetings", Body: meeting("2026-11-02", member, e.W.Jiyang.Members[0].ID), Status: 422, Key: "err.orglife.not_member", Table: "meetings"},
			{Name: "bad kind", Method: "POST", Path: "/api/v1/meetings", Body: map[string]any{"org_id": ht.Branches[0].ID, "kind": "party", "held_on": "2026-11-02", "title": "x"}, Status: 422, Key: "err.orglife.kind", Table: "meetings"},
			{Name: "not a photo", Method: "POST", Path: "/api/v1/meetings", Body: map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": "2026-11-02", "title": "x",
				"photos": []map[string]any{{"name": "a.txt", "data": []byte("hello")}}}, Status: 422, Key: "err.orglife.photo_type", Table: "meetings"},
		})
		in := meeting("2026-11-02", member)
		in["photos"] = []map[string]any{{"name": "现场.png", "caption": "现场", "data": webtest.SamplePNG(t)}}
		m := webtest.Obj(t, webtest.Ok(t, "meeting", c.Do("POST", "/api/v1/meetings", in), 201))
		if webtest.Num(t, m, "present") != 1 || webtest.Num(t, m, "expected") < 2 {
			t.Errorf("attendance: %v/%v", m["present"], m["expected"])
		}
		mp := fmt.Sprintf("/api/v1/meetings/%d", webtest.Num(t, m, "id"))
		m = webtest.Obj(t, webtest.Ok(t, "meeting detail", c.Do("GET", mp, nil), 200))
		photo := webtest.Ok(t, "photo", c.Do("GET", fmt.Sprintf("%s/photos/%d", mp, webtest.Num(t, m, "photos", 0, "id")), nil), 200)
		if photo.Hdr.Get("Content-Type") != "image/png" {
			t.Errorf("photo type %q", photo.Hdr.Get("Content-Type"))
		}
		if r := c.Do("GET", "/api/v1/meetings?kind=committee", nil); !strings.Contains(r.Body, "十一月支委会") {
			t.Errorf("meeting list: %.300s", r.Body)
		}
		edit := meeting("2099-01-01", member)
		edit["remove_photos"] = []int64{webtest.Num(t, m, "photos", 0, "id")}
		webtest.RunBad(t, e, c, []webtest.BadCase{{Name: "edit to a future date", Method: "PUT", Path: mp, Body: edit, Status: 422, Key: "err.orglife.future_date", Table: "meeting_photos"}})
		edit["held_on"], edit["title"] = "2026-11-03", "十一月支委会（更正）"
		m = webtest.Obj(t, webtest.Ok(t, "edit", c.Do("PUT", mp, edit), 200))
		if m["title"] != "十一月支委会（更正）" || m["photos"] != nil {
			t.Errorf("edited meeting: %v", m)
		}
		webtest.Ok(t, "delete meeting", c.Do("DELETE", mp, nil), 204)
		webtest.Want(t, "deleted meeting", c.Do("GET", mp, nil), 404)
		r = webtest.Ok(t, "compliance", c.Do("GET", "/api/v1/orglife/compliance?year=2026&month=11", nil), 200)
		if !strings.Contains(r.Body, ht.Branches[0].Name) || webtest.Obj(t, r)["branches"] == nil {
			t.Errorf("compliance: %.300s", r.Body)
		}
		webtest.WantAPIError(t, "compliance month", c.Do("GET", "/api/v1/orglife/compliance?month=13", nil), 422, "err.param.range")
		webtest.Audited(t, e, "haitang", "alliance.create", "alliance.member", "alliance.meeting", "alliance.resource", "alliance.memo", "alliance.task_done",
			"alliance.progress", "alliance.update", "alliance.delete", "meeting.create", "meeting.update", "meeting.delete")
	})
}

func TestOrgnetAPIRecruitsAndProjects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		p := webtest.Obj(t, webtest.Ok(t, "person", c.Do("POST", "/api/v1/people", map[string]any{"name": "HT申请人", "status": "masses", "area_id": ht.Village.ID}), 201))
		rp := fmt.Sprintf("/api/v1/recruits/%d", webtest.Num(t, p, "id"))
		step := func(stage, on string) map[string]any {
			return map[string]any{"stage": stage, "on": on, "org_id": ht.Branches[0].ID}
		}
		webtest.Ok(t, "applicant", c.Do("POST", rp+"/steps", step("applicant", "2024-01-10")), 201)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "out of order", Method: "POST", Path: rp + "/steps", Body: step("candidate", "2025-06-01"), Status: 422, Key: "err.cultivation.order", Table: "recruit_steps"},
			{Name: "future step", Method: "POST", Path: rp + "/steps", Body: step("activist", "2099-01-01"), Status: 422, Key: "err.cultivation.future", Table: "recruit_steps"},
		})
		webtest.Ok(t, "activist", c.Do("POST", rp+"/steps", step("activist", "2024-03-01")), 201)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "too early", Method: "POST", Path: rp + "/steps", Body: step("candidate", "2024-06-01"), Status: 422, Key: "err.cultivation.activist_year", Table: "recruit_steps"},
			{Name: "before the previous step", Method: "POST", Path: rp + "/steps", Body: step("candidate", "2024-02-01"), Status: 422, Key: "err.cultivation.before_previous", Table: "recruit_steps"},
		})
		webtest.Ok(t, "candidate", c.Do("POST", rp+"/steps", step("candidate", "2025-03-05")), 201)
		pl := webtest.Obj(t, webtest.Ok(t, "pipeline", c.Do("GET", rp, nil), 200))
		if pl["stage"] != "candidate" || pl["next"] != "probationary" || len(pl["steps"].([]any)) != 3 {
			t.Errorf("pipeline: %v", pl)
		}
		if r := c.Do("GET", "/api/v1/recruits?stage=candidate", nil); !strings.Contains(r.Body, "HT申请人") {
			t.Errorf("recruit list: %.300s", r.Body)
		}

		// The dual-cultivation register.
		w := e.Cultivation(t)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "bad direction", Method: "POST", Path: "/api/v1/dual", Body: map[string]any{"person_id": w.HtDual.PersonID, "direction": "sideways", "mentor": "x", "started_on": "2025-09-01"}, Status: 422, Key: "err.cultivation.direction", Table: "dual_cultivation"},
			{Name: "empty progress", Method: "POST", Path: fmt.Sprintf("/api/v1/dual/%d/progress", w.HtDual.ID), Body: map[string]any{"note": " "}, Status: 422, Key: "err.cultivation.progress", Table: ""},
		})
		dual := webtest.Obj(t, webtest.Ok(t, "dual progress", c.Do("POST", fmt.Sprintf("/api/v1/dual/%d/progress", w.HtDual.ID), map[string]any{"note": "已承担公开课"}), 200))
		if !strings.Contains(fmt.Sprint(dual["progress"]), "已承担公开课") {
			t.Errorf("dual after progress: %v", dual)
		}
		if r := c.Do("GET", "/api/v1/dual?sector=school", nil); !strings.Contains(r.Body, w.HtDual.Name) {
			t.Errorf("dual register: %.300s", r.Body)
		}

		// Projects: a tree whose progress rolls up, and no cycles.
		root := webtest.Obj(t, webtest.Ok(t, "root", c.Do("POST", "/api/v1/projects", map[string]any{"org_id": ht.Committee.ID, "name": "HT乡村振兴"}), 201))
		rootP := fmt.Sprintf("/api/v1/projects/%d", webtest.Num(t, root, "id"))
		child := webtest.Obj(t, webtest.Ok(t, "child", c.Do("POST", "/api/v1/projects", map[string]any{"org_id": ht.Branches[0].ID, "parent_id": root["id"], "name": "HT驿站建设", "due_on": "2026-12-31"}), 201))
		childP := fmt.Sprintf("/api/v1/projects/%d", webtest.Num(t, child, "id"))
		webtest.Ok(t, "progress", c.Do("POST", childP+"/progress", map[string]any{"progress": 40, "status": "in_progress"}), 200)
		webtest.Ok(t, "milestone", c.Do("POST", childP+"/milestones", map[string]any{"name": "选址", "due_on": "2026-12-01"}), 200)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "circular parent", Method: "POST", Path: rootP + "/parent", Body: map[string]any{"parent_id": child["id"]}, Status: 422, Key: "err.project.cycle", Table: ""},
			{Name: "own parent", Method: "POST", Path: rootP + "/parent", Body: map[string]any{"parent_id": root["id"]}, Status: 422, Key: "err.project.cycle", Table: ""},
			{Name: "progress over 100", Method: "POST", Path: childP + "/progress", Body: map[string]any{"progress": 150}, Status: 422, Key: "err.project.progress_range", Table: ""},
			{Name: "progress of a parent", Method: "POST", Path: rootP + "/progress", Body: map[string]any{"progress": 10}, Status: 422, Key: "err.project.rolled_up", Table: ""},
			{Name: "no name", Method: "POST", Path: "/api/v1/projects", Body: map[string]any{"org_id": ht.Committee.ID}, Status: 422, Key: "err.project.name", Table: "projects"},
		})
		got := webtest.Obj(t, webtest.Ok(t, "root detail", c.Do("GET", rootP, nil), 200))
		if webtest.Num(t, got, "progress") != 40 || webtest.Num(t, got, "children", 0, "id") != webtest.Num(t, child, "id") {
			t.Errorf("root: %v", got)
		}
		if pid := webtest.Obj(t, c.Do("GET", rootP, nil))["parent_id"]; pid != nil {
			t.Errorf("a refused move changed the root's parent to %v", pid)
		}
		if r := c.Do("GET", "/api/v1/projects?q=驿站", nil); !strings.Contains(r.Body, "HT驿站建设") {
			t.Errorf("project list: %.300s", r.Body)
		}
		got = webtest.Obj(t, webtest.Ok(t, "edit", c.Do("PUT", rootP, map[string]any{"org_id": ht.Committee.ID, "name": "HT乡村振兴（2026）", "status": "in_progress"}), 200))
		if got["name"] != "HT乡村振兴（2026）" || webtest.Num(t, got, "progress") != 40 {
			t.Errorf("edited root: %v", got)
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{{Name: "delete a parent", Method: "DELETE", Path: rootP, Body: nil, Status: 409, Key: "err.project.has_children", Table: "projects"}})
		webtest.Ok(t, "delete child", c.Do("DELETE", childP, nil), 204)
		webtest.Want(t, "deleted child", c.Do("GET", childP, nil), 404)

		risk := webtest.Obj(t, webtest.Ok(t, "risk", c.Do("POST", "/api/v1/risks", map[string]any{"unit_id": ht.Unit.ID, "description": "HT采购风险", "level": "high",
			"controls": []string{"三人比价"}, "owner": "HT负责人"}), 201))
		kp := fmt.Sprintf("/api/v1/risks/%d", webtest.Num(t, risk, "id"))
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "bad level", Method: "POST", Path: "/api/v1/risks", Body: map[string]any{"unit_id": ht.Unit.ID, "description": "x", "level": "extreme", "owner": "x"}, Status: 422, Key: "err.risk.level", Table: "risks"},
			{Name: "future review", Method: "POST", Path: kp + "/reviews", Body: map[string]any{"reviewed_on": "2099-01-01", "reviewer": "x", "effective": true}, Status: 422, Key: "err.risk.future_date", Table: "risk_reviews"},
		})
		k := webtest.Obj(t, webtest.Ok(t, "review", c.Do("POST", kp+"/reviews", map[string]any{"reviewed_on": "2026-11-01", "reviewer": "纪检", "finding": "有效", "effective": true}), 201))
		if k["last_review"] != "2026-11-01" {
			t.Errorf("risk after review: %v", k)
		}
		webtest.Ok(t, "risks", c.Do("GET", "/api/v1/risks?level=high", nil), 200)
		webtest.Audited(t, e, "haitang", "cultivation.step", "cultivation.dual_progress", "project.create", "project.progress", "project.milestone", "project.update", "project.delete", "risk.create", "risk.review")
	})
}

func TestOrgnetAPIWeakAndAssess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		flags := webtest.Obj(t, webtest.Ok(t, "flags", c.Do("GET", "/api/v1/weak/flags", nil), 200))
		run := webtest.Obj(t, webtest.Ok(t, "detect", c.Do("POST", "/api/v1/weak/detect", nil), 200))
		if int64(len(flags["items"].([]any))) != webtest.Num(t, run, "flagged") || webtest.Num(t, run, "flagged") == 0 {
			t.Fatalf("flags %v, run %v", flags, run)
		}
		cases := webtest.Obj(t, webtest.Ok(t, "cases", c.Do("GET", "/api/v1/weak?status=open", nil), 200))
		cp := fmt.Sprintf("/api/v1/weak/cases/%d", webtest.Num(t, cases, "items", 0, "id"))
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "task without body", Method: "POST", Path: cp + "/tasks", Body: map[string]any{"owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}, Status: 422, Key: "err.weak.task_body", Table: "weak_tasks"},
			{Name: "bad status", Method: "GET", Path: "/api/v1/weak?status=half", Body: nil, Status: 422, Key: "err.param.enum", Table: ""},
		})
		x := webtest.Obj(t, webtest.Ok(t, "task", c.Do("POST", cp+"/tasks", map[string]any{"body": "补选支部书记", "owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 201))
		webtest.Ok(t, "task done", c.Do("POST", fmt.Sprintf("%s/tasks/%d/done", cp, webtest.Num(t, x, "tasks", 0, "id")), map[string]any{"done_on": "2026-11-20"}), 200)
		webtest.Ok(t, "case", c.Do("GET", cp, nil), 200)

		visit := map[string]any{"org_id": ht.Branches[0].ID, "visited_on": "2026-11-10", "inspectors": "区督查组", "findings": []map[string]any{{"body": "记录不全", "severity": "high"}}}
		future := map[string]any{"org_id": ht.Branches[0].ID, "visited_on": "2099-01-01", "inspectors": "区督查组"}
		webtest.RunBad(t, e, c, []webtest.BadCase{{Name: "future visit", Method: "POST", Path: "/api/v1/supervision", Body: future, Status: 422, Key: "err.weak.future_date", Table: "supervision_visits"}})
		v := webtest.Obj(t, webtest.Ok(t, "visit", c.Do("POST", "/api/v1/supervision", visit), 201))
		vp := fmt.Sprintf("/api/v1/supervision/%d", webtest.Num(t, v, "id"))
		webtest.Ok(t, "visit detail", c.Do("GET", vp, nil), 200)
		webtest.Ok(t, "link", c.Do("POST", fmt.Sprintf("%s/findings/%d/task", vp, webtest.Num(t, v, "findings", 0, "id")), map[string]any{"deadline": "2026-12-31"}), 201)
		if r := c.Do("GET", "/api/v1/supervision", nil); !strings.Contains(r.Body, "区督查组") {
			t.Errorf("visit list: %.300s", r.Body)
		}

		// Assessment: weights and measures are checked; a locked version
		// is kept and the change becomes a new version.
		s := webtest.Obj(t, webtest.Ok(t, "scheme", c.Do("POST", "/api/v1/assess/schemes", map[string]any{"name": "HT年度考核"}), 201))
		sp := fmt.Sprintf("/api/v1/assess/schemes/%d", webtest.Num(t, s, "id"))
		v1 := webtest.Num(t, s, "versions", 0, "id")
		ip := fmt.Sprintf("/api/v1/assess/versions/%d/indicators", v1)
		ind := func(w1, w2 int, measure string) map[string]any {
			return map[string]any{"indicators": []map[string]any{{"name": "三会一课", "weight": w1, "measure": "meeting_compliance", "target": 100, "index": "organization"},
				{"name": "项目", "weight": w2, "measure": measure, "target": 100}}}
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "weights sum to 90", Method: "PUT", Path: ip, Body: ind(60, 30, "project_progress"), Status: 422, Key: "err.assess.weight_sum", Table: "assess_indicators"},
			{Name: "unknown measure", Method: "PUT", Path: ip, Body: ind(60, 40, "happiness"), Status: 422, Key: "err.assess.unknown_measure", Table: "assess_indicators"},
			{Name: "no indicators", Method: "PUT", Path: ip, Body: map[string]any{"indicators": []any{}}, Status: 422, Key: "err.assess.no_indicators", Table: "assess_indicators"},
			{Name: "bad period", Method: "POST", Path: "/api/v1/assess/runs", Body: map[string]any{"version_id": v1, "period": "2026-Q5"}, Status: 422, Key: "err.assess.period", Table: "assess_runs"},
		})
		r := webtest.Ok(t, "indicators", c.Do("PUT", ip, ind(60, 40, "project_progress")), 200)
		if x := webtest.Obj(t, r); webtest.Num(t, x, "version_id") != v1 || x["created"] != false {
			t.Errorf("unlocked version: %s", r.Body)
		}
		webtest.WantAPIError(t, "apply without indicators elsewhere", c.Do("POST", "/api/v1/assess/runs", map[string]any{"version_id": 999999, "period": "2025"}), 404, "err.not_found")
		runJ := webtest.Obj(t, webtest.Ok(t, "apply 2025", c.Do("POST", "/api/v1/assess/runs", map[string]any{"version_id": v1, "period": "2025"}), 201))
		if !strings.Contains(fmt.Sprint(runJ["scores"]), ht.Branches[0].Name) {
			t.Errorf("run: %v", runJ)
		}
		webtest.Ok(t, "run", c.Do("GET", fmt.Sprintf("/api/v1/assess/runs/%d", webtest.Num(t, runJ, "id")), nil), 200)
		ix := webtest.Obj(t, webtest.Ok(t, "indices", c.Do("GET", "/api/v1/assess/indices", nil), 200))
		if webtest.Num(t, ix, "run_id") != webtest.Num(t, runJ, "id") || len(ix["rows"].([]any)) == 0 {
			t.Errorf("indices of the latest run: %v", ix)
		}
		// 2025 has ended: the version is locked.
		r = webtest.Ok(t, "indicators on a locked version", c.Do("PUT", ip, ind(50, 50, "gaps_closed")), 201)
		v2 := webtest.Num(t, webtest.Obj(t, r), "version_id")
		if v2 == v1 {
			t.Fatalf("a locked version was changed in place: %s", r.Body)
		}
		sch := webtest.Obj(t, webtest.Ok(t, "scheme detail", c.Do("GET", sp, nil), 200))
		for _, vv := range sch["versions"].([]any) {
			ver := vv.(map[string]any)
			w := webtest.Num(t, ver, "indicators", 0, "weight")
			switch webtest.Num(t, ver, "id") {
			case v1:
				if w != 60 || ver["locked"] != true {
					t.Errorf("the locked version changed: %v", ver)
				}
			case v2:
				if w != 50 {
					t.Errorf("the new version: %v", ver)
				}
			}
		}
		if r := c.Do("GET", "/api/v1/assess/schemes", nil); !strings.Contains(r.Body, "HT年度考核") {
			t.Errorf("schemes: %.300s", r.Body)
		}
		webtest.Audited(t, e, "haitang", "weak.task", "weak.done", "supervision.create", "assess.scheme", "assess.indicators", "assess.apply")
	})
}
