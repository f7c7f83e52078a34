package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
)

// The organization network's JSON API (issue 6): a lifecycle per area over
// both databases, and the bad input the issue names — each refused with a
// translated error and its code, and nothing written.

func TestOrgnetAPIGapsAndDeclarations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.w.Haitang
		c := e.login("haitang")
		g := e.gaps(t)
		gp := fmt.Sprintf("/api/v1/gaps/%d", g.htGap)

		r := ok(t, "list", c.do("GET", "/api/v1/gaps?state=open&per_page=5", nil), 200)
		if !strings.Contains(r.body, "海棠湾快递站") || num(t, obj(t, r), "per_page") != 5 {
			t.Errorf("gap list: %.300s", r.body)
		}
		ok(t, "note", c.do("POST", gp+"/notes", map[string]any{"note": "已联系企业"}), 200)
		ok(t, "assign", c.do("POST", gp+"/assign", map[string]any{"owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 200)
		runBad(t, e, c, []badCase{
			{"close without a reason", "POST", gp + "/close", map[string]any{"reason": " "}, 422, "err.gap.note_needed", "gap_actions"},
			{"bad deadline", "POST", gp + "/assign", map[string]any{"deadline": "31/12/2026"}, 422, "err.date_format", ""},
			{"unknown field", "POST", gp + "/close", map[string]any{"why": "x"}, 422, "err.json.unknown_field", ""},
			{"bad id", "GET", "/api/v1/gaps/abc", nil, 422, "err.param.id", ""},
			{"bad state", "GET", "/api/v1/gaps?state=maybe", nil, 422, "err.param.enum", ""},
		})
		r = ok(t, "close", c.do("POST", gp+"/close", map[string]any{"reason": "已派驻党建指导员"}), 200)
		if x := obj(t, r); x["status"] != "closed" || len(x["events"].([]any)) < 3 {
			t.Errorf("closed gap: %.400s", r.body)
		}
		wantAPIError(t, "close twice", c.do("POST", gp+"/close", map[string]any{"reason": "again"}), 409, "err.gap.closed")
		r = ok(t, "scan", c.do("POST", "/api/v1/gaps/scan", nil), 200)
		if _, has := obj(t, r)["opened"]; !has {
			t.Errorf("scan result: %s", r.body)
		}
		r = ok(t, "coverage", c.do("GET", "/api/v1/gap-coverage", nil), 200)
		if x := obj(t, r); x["by_district"] == nil || num(t, x, "total", "units") == 0 {
			t.Errorf("coverage: %.300s", r.body)
		}

		// A public declaration, repeated, opens a second case with its own
		// reference and answers nothing else; staff see the two side by
		// side and confirm one, after checking the person.
		anon := e.anon()
		decl := map[string]any{"name": "HT新口袋党员", "id_number": testfix.IDNumber(950), "phone": "13900000950", "unit_name": ht.Unit.Name, "org": ht.Branches[0].Code}
		r1 := ok(t, "declare", anon.do("POST", "/api/v1/declarations", decl), 202)
		r2 := ok(t, "declare again", anon.do("POST", "/api/v1/declarations", decl), 202)
		if strings.Contains(r1.body+r2.body, "HT新口袋党员") || strings.Contains(r1.body+r2.body, testfix.IDNumber(950)) {
			t.Errorf("declare answers echo data: %s / %s", r1.body, r2.body)
		}
		ref, ref2 := num(t, obj(t, r1), "reference"), num(t, obj(t, r2), "reference")
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
		runBad(t, e, anon, []badCase{
			{"bad ID number", "POST", "/api/v1/declarations", bad("id_number", "460200199001011234"), 422, "err.person.id_checksum", "declarations"},
			{"no org", "POST", "/api/v1/declarations", bad("org", ""), 422, "err.declaration.org_required", "declarations"},
			{"form post", "POST", "/api/v1/declarations", "name=x", 422, "err.json.syntax", "declarations"},
			{"staff list anonymously", "GET", "/api/v1/declarations", nil, 401, "err.unauthorized", ""},
		})
		r = ok(t, "declarations", c.do("GET", "/api/v1/declarations?status=pending", nil), 200)
		if !strings.Contains(r.body, "HT新口袋党员") || strings.Contains(r.body, testfix.IDNumber(950)) || strings.Contains(r.body, "13900000950") {
			t.Errorf("declaration list: %.400s", r.body)
		}
		dp := fmt.Sprintf("/api/v1/declarations/%d", ref)
		if x := obj(t, ok(t, "detail", c.do("GET", dp, nil), 200)); x["conflict"] != true {
			t.Errorf("the first case is not flagged: %v", x)
		}
		r = ok(t, "conflicts", c.do("GET", dp+"/conflicts", nil), 200)
		if x := obj(t, r); num(t, x, "items", 0, "id") != ref2 || strings.Contains(r.body, testfix.IDNumber(950)) || strings.Contains(r.body, "13900000950") {
			t.Errorf("conflicts: %s", r.body)
		}
		wantAPIError(t, "reject without reason", c.do("POST", dp+"/reject", map[string]any{}), 422, "err.declaration.reason")
		wantAPIError(t, "confirm unchecked", c.do("POST", dp+"/confirm", map[string]any{}), 422, "err.declaration.verify_method")
		wantAPIError(t, "confirm without a note", c.do("POST", dp+"/confirm", map[string]any{"verify_method": "phone"}), 422, "err.text.required")
		checked := map[string]any{"verify_method": "phone", "verify_note": "支部书记电话核实本人"}
		r = ok(t, "confirm", c.do("POST", dp+"/confirm", checked), 200)
		if x := obj(t, r); x["status"] != "confirmed" || num(t, x, "person_id") == 0 || x["verify_method"] != "phone" || x["verify_note"] != "支部书记电话核实本人" {
			t.Errorf("confirmed: %s", r.body)
		}
		wantAPIError(t, "confirm twice", c.do("POST", dp+"/confirm", checked), 409, "err.declaration.decided")
		wantAPIError(t, "confirm the other case", c.do("POST", fmt.Sprintf("/api/v1/declarations/%d/confirm", ref2), checked), 409, "err.declaration.id_confirmed")
		audited(t, e, "haitang", "gap.note", "gap.assign", "gap.close", "gap.scan", "declaration.confirm")
	})
}

func TestOrgnetAPIAlliancesAndMeetings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.w.Haitang
		c := e.login("haitang")

		runBad(t, e, c, []badCase{
			{"pairing without type", "POST", "/api/v1/alliances", map[string]any{"kind": "pairing", "name": "结对", "lead_org_id": ht.Branches[0].ID}, 422, "err.alliance.pairing", "alliances"},
			{"no lead", "POST", "/api/v1/alliances", map[string]any{"kind": "medical", "name": "医联"}, 422, "err.alliance.lead_required", "alliances"},
		})
		r := ok(t, "create", c.do("POST", "/api/v1/alliances", map[string]any{"kind": "industry_chain", "name": "HT旅游产业链联盟", "lead_org_id": ht.Branches[0].ID}), 201)
		ap := fmt.Sprintf("/api/v1/alliances/%d", num(t, obj(t, r), "id"))
		m1 := num(t, obj(t, ok(t, "member", c.do("POST", ap+"/members", map[string]any{"org_id": ht.Branches[1].ID, "role": "成员"}), 201)), "id")
		m0 := num(t, obj(t, ok(t, "lead member", c.do("GET", ap, nil), 200)), "members", 0, "id")
		runBad(t, e, c, []badCase{
			{"future meeting", "POST", ap + "/meetings", map[string]any{"held_on": "2099-01-01", "agenda": "未来", "present": []int64{m0, m1}}, 422, "err.alliance.future_date", "alliance_meetings"},
			{"duplicate member", "POST", ap + "/members", map[string]any{"org_id": ht.Branches[1].ID}, 409, "err.alliance.member_dup", "alliance_members"},
		})
		mid := num(t, obj(t, ok(t, "meeting", c.do("POST", ap+"/meetings", map[string]any{"held_on": "2026-10-01", "agenda": "联席会",
			"present": []int64{m0, m1}, "decisions": []map[string]any{{"decision": "共建驿站", "owner_id": m1, "deadline": "2026-12-31"}}}), 201)), "id")
		ok(t, "resource", c.do("POST", ap+"/resources", map[string]any{"name": "会议室", "kind": "场地", "owner_id": m0}), 201)
		ok(t, "memo", c.do("POST", ap+"/memoranda", map[string]any{"title": "合作备忘录", "signed_on": "2026-10-02", "parties": []int64{m0, m1},
			"commitments": []map[string]any{{"content": "提供场地", "owner_id": m0, "due_on": "2026-12-31"}}}), 201)
		a := obj(t, ok(t, "detail", c.do("GET", ap, nil), 200))
		task, cm := num(t, a, "tasks", 0, "id"), num(t, a, "memoranda", 0, "commitments", 0, "id")
		if num(t, a, "meetings", 0, "id") != mid {
			t.Errorf("meeting missing: %v", a["meetings"])
		}
		ok(t, "task done", c.do("POST", fmt.Sprintf("%s/tasks/%d/done", ap, task), nil), 204)
		wantAPIError(t, "progress out of range", c.do("POST", fmt.Sprintf("%s/commitments/%d/progress", ap, cm), map[string]any{"progress": 150}), 422, "err.alliance.progress_range")
		ok(t, "progress", c.do("POST", fmt.Sprintf("%s/commitments/%d/progress", ap, cm), map[string]any{"progress": 50, "note": "过半"}), 204)
		if r := c.do("GET", "/api/v1/alliances?q=HT旅游", nil); !strings.Contains(r.body, "HT旅游产业链联盟") {
			t.Errorf("alliance list: %.300s", r.body)
		}
		a = obj(t, ok(t, "rename", c.do("PUT", ap, map[string]any{"kind": "supply_chain", "name": "HT供应链联盟", "lead_org_id": ht.Branches[0].ID}), 200))
		if a["name"] != "HT供应链联盟" || a["kind"] != "supply_chain" {
			t.Errorf("renamed alliance: %v", a)
		}
		runBad(t, e, c, []badCase{
			{"delete with records", "DELETE", ap, nil, 409, "err.alliance.has_records", "alliances"},
			{"rename to nothing", "PUT", ap, map[string]any{"kind": "supply_chain", "name": " ", "lead_org_id": ht.Branches[0].ID}, 422, "err.alliance.name", "alliances"},
		})
		empty := obj(t, ok(t, "empty alliance", c.do("POST", "/api/v1/alliances", map[string]any{"kind": "medical", "name": "HT医联", "lead_org_id": ht.Branches[0].ID}), 201))
		ep := fmt.Sprintf("/api/v1/alliances/%d", num(t, empty, "id"))
		ok(t, "delete", c.do("DELETE", ep, nil), 204)
		want(t, "deleted alliance", c.do("GET", ep, nil), 404)

		// Meetings: a future date and a non-member's attendance are refused
		// and nothing is written.
		roster := obj(t, ok(t, "roster", c.do("GET", fmt.Sprintf("/api/v1/orglife/orgs/%d/members", ht.Branches[0].ID), nil), 200))
		member := num(t, roster, "items", 0, "id")
		meeting := func(day string, att ...int64) map[string]any {
			var as []map[string]any
			for _, p := range att {
				as = append(as, map[string]any{"person_id": p, "status": "present"})
			}
			return map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": day, "title": "十一月支委会", "attendance": as}
		}
		runBad(t, e, c, []badCase{
			{"future meeting", "POST", "/api/v1/meetings", meeting("2099-01-01", member), 422, "err.orglife.future_date", "meetings"},
			{"non-member attends", "POST", "/api/v1/meetings", meeting("2026-11-02", member, e.w.Jiyang.Members[0].ID), 422, "err.orglife.not_member", "meetings"},
			{"bad kind", "POST", "/api/v1/meetings", map[string]any{"org_id": ht.Branches[0].ID, "kind": "party", "held_on": "2026-11-02", "title": "x"}, 422, "err.orglife.kind", "meetings"},
			{"not a photo", "POST", "/api/v1/meetings", map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": "2026-11-02", "title": "x",
				"photos": []map[string]any{{"name": "a.txt", "data": []byte("hello")}}}, 422, "err.orglife.photo_type", "meetings"},
		})
		in := meeting("2026-11-02", member)
		in["photos"] = []map[string]any{{"name": "现场.png", "caption": "现场", "data": testPNG(t)}}
		m := obj(t, ok(t, "meeting", c.do("POST", "/api/v1/meetings", in), 201))
		if num(t, m, "present") != 1 || num(t, m, "expected") < 2 {
			t.Errorf("attendance: %v/%v", m["present"], m["expected"])
		}
		mp := fmt.Sprintf("/api/v1/meetings/%d", num(t, m, "id"))
		m = obj(t, ok(t, "meeting detail", c.do("GET", mp, nil), 200))
		photo := ok(t, "photo", c.do("GET", fmt.Sprintf("%s/photos/%d", mp, num(t, m, "photos", 0, "id")), nil), 200)
		if photo.hdr.Get("Content-Type") != "image/png" {
			t.Errorf("photo type %q", photo.hdr.Get("Content-Type"))
		}
		if r := c.do("GET", "/api/v1/meetings?kind=committee", nil); !strings.Contains(r.body, "十一月支委会") {
			t.Errorf("meeting list: %.300s", r.body)
		}
		edit := meeting("2099-01-01", member)
		edit["remove_photos"] = []int64{num(t, m, "photos", 0, "id")}
		runBad(t, e, c, []badCase{{"edit to a future date", "PUT", mp, edit, 422, "err.orglife.future_date", "meeting_photos"}})
		edit["held_on"], edit["title"] = "2026-11-03", "十一月支委会（更正）"
		m = obj(t, ok(t, "edit", c.do("PUT", mp, edit), 200))
		if m["title"] != "十一月支委会（更正）" || m["photos"] != nil {
			t.Errorf("edited meeting: %v", m)
		}
		ok(t, "delete meeting", c.do("DELETE", mp, nil), 204)
		want(t, "deleted meeting", c.do("GET", mp, nil), 404)
		r = ok(t, "compliance", c.do("GET", "/api/v1/orglife/compliance?year=2026&month=11", nil), 200)
		if !strings.Contains(r.body, ht.Branches[0].Name) || obj(t, r)["branches"] == nil {
			t.Errorf("compliance: %.300s", r.body)
		}
		wantAPIError(t, "compliance month", c.do("GET", "/api/v1/orglife/compliance?month=13", nil), 422, "err.param.range")
		audited(t, e, "haitang", "alliance.create", "alliance.member", "alliance.meeting", "alliance.resource", "alliance.memo", "alliance.task_done",
			"alliance.progress", "alliance.update", "alliance.delete", "meeting.create", "meeting.update", "meeting.delete")
	})
}

func TestOrgnetAPIRecruitsAndProjects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.w.Haitang
		c := e.login("haitang")

		p := obj(t, ok(t, "person", c.do("POST", "/api/v1/people", map[string]any{"name": "HT申请人", "status": "masses", "area_id": ht.Village.ID}), 201))
		rp := fmt.Sprintf("/api/v1/recruits/%d", num(t, p, "id"))
		step := func(stage, on string) map[string]any {
			return map[string]any{"stage": stage, "on": on, "org_id": ht.Branches[0].ID}
		}
		ok(t, "applicant", c.do("POST", rp+"/steps", step("applicant", "2024-01-10")), 201)
		runBad(t, e, c, []badCase{
			{"out of order", "POST", rp + "/steps", step("candidate", "2025-06-01"), 422, "err.cultivation.order", "recruit_steps"},
			{"future step", "POST", rp + "/steps", step("activist", "2099-01-01"), 422, "err.cultivation.future", "recruit_steps"},
		})
		ok(t, "activist", c.do("POST", rp+"/steps", step("activist", "2024-03-01")), 201)
		runBad(t, e, c, []badCase{
			{"too early", "POST", rp + "/steps", step("candidate", "2024-06-01"), 422, "err.cultivation.activist_year", "recruit_steps"},
			{"before the previous step", "POST", rp + "/steps", step("candidate", "2024-02-01"), 422, "err.cultivation.before_previous", "recruit_steps"},
		})
		ok(t, "candidate", c.do("POST", rp+"/steps", step("candidate", "2025-03-05")), 201)
		pl := obj(t, ok(t, "pipeline", c.do("GET", rp, nil), 200))
		if pl["stage"] != "candidate" || pl["next"] != "probationary" || len(pl["steps"].([]any)) != 3 {
			t.Errorf("pipeline: %v", pl)
		}
		if r := c.do("GET", "/api/v1/recruits?stage=candidate", nil); !strings.Contains(r.body, "HT申请人") {
			t.Errorf("recruit list: %.300s", r.body)
		}

		// The dual-cultivation register.
		w := e.cultivationFix(t)
		runBad(t, e, c, []badCase{
			{"bad direction", "POST", "/api/v1/dual", map[string]any{"person_id": w.htDual.PersonID, "direction": "sideways", "mentor": "x", "started_on": "2025-09-01"}, 422, "err.cultivation.direction", "dual_cultivation"},
			{"empty progress", "POST", fmt.Sprintf("/api/v1/dual/%d/progress", w.htDual.ID), map[string]any{"note": " "}, 422, "err.cultivation.progress", ""},
		})
		dual := obj(t, ok(t, "dual progress", c.do("POST", fmt.Sprintf("/api/v1/dual/%d/progress", w.htDual.ID), map[string]any{"note": "已承担公开课"}), 200))
		if !strings.Contains(fmt.Sprint(dual["progress"]), "已承担公开课") {
			t.Errorf("dual after progress: %v", dual)
		}
		if r := c.do("GET", "/api/v1/dual?sector=school", nil); !strings.Contains(r.body, w.htDual.Name) {
			t.Errorf("dual register: %.300s", r.body)
		}

		// Projects: a tree whose progress rolls up, and no cycles.
		root := obj(t, ok(t, "root", c.do("POST", "/api/v1/projects", map[string]any{"org_id": ht.Committee.ID, "name": "HT乡村振兴"}), 201))
		rootP := fmt.Sprintf("/api/v1/projects/%d", num(t, root, "id"))
		child := obj(t, ok(t, "child", c.do("POST", "/api/v1/projects", map[string]any{"org_id": ht.Branches[0].ID, "parent_id": root["id"], "name": "HT驿站建设", "due_on": "2026-12-31"}), 201))
		childP := fmt.Sprintf("/api/v1/projects/%d", num(t, child, "id"))
		ok(t, "progress", c.do("POST", childP+"/progress", map[string]any{"progress": 40, "status": "in_progress"}), 200)
		ok(t, "milestone", c.do("POST", childP+"/milestones", map[string]any{"name": "选址", "due_on": "2026-12-01"}), 200)
		runBad(t, e, c, []badCase{
			{"circular parent", "POST", rootP + "/parent", map[string]any{"parent_id": child["id"]}, 422, "err.project.cycle", ""},
			{"own parent", "POST", rootP + "/parent", map[string]any{"parent_id": root["id"]}, 422, "err.project.cycle", ""},
			{"progress over 100", "POST", childP + "/progress", map[string]any{"progress": 150}, 422, "err.project.progress_range", ""},
			{"progress of a parent", "POST", rootP + "/progress", map[string]any{"progress": 10}, 422, "err.project.rolled_up", ""},
			{"no name", "POST", "/api/v1/projects", map[string]any{"org_id": ht.Committee.ID}, 422, "err.project.name", "projects"},
		})
		got := obj(t, ok(t, "root detail", c.do("GET", rootP, nil), 200))
		if num(t, got, "progress") != 40 || num(t, got, "children", 0, "id") != num(t, child, "id") {
			t.Errorf("root: %v", got)
		}
		if pid := obj(t, c.do("GET", rootP, nil))["parent_id"]; pid != nil {
			t.Errorf("a refused move changed the root's parent to %v", pid)
		}
		if r := c.do("GET", "/api/v1/projects?q=驿站", nil); !strings.Contains(r.body, "HT驿站建设") {
			t.Errorf("project list: %.300s", r.body)
		}
		got = obj(t, ok(t, "edit", c.do("PUT", rootP, map[string]any{"org_id": ht.Committee.ID, "name": "HT乡村振兴（2026）", "status": "in_progress"}), 200))
		if got["name"] != "HT乡村振兴（2026）" || num(t, got, "progress") != 40 {
			t.Errorf("edited root: %v", got)
		}
		runBad(t, e, c, []badCase{{"delete a parent", "DELETE", rootP, nil, 409, "err.project.has_children", "projects"}})
		ok(t, "delete child", c.do("DELETE", childP, nil), 204)
		want(t, "deleted child", c.do("GET", childP, nil), 404)

		risk := obj(t, ok(t, "risk", c.do("POST", "/api/v1/risks", map[string]any{"unit_id": ht.Unit.ID, "description": "HT采购风险", "level": "high",
			"controls": []string{"三人比价"}, "owner": "HT负责人"}), 201))
		kp := fmt.Sprintf("/api/v1/risks/%d", num(t, risk, "id"))
		runBad(t, e, c, []badCase{
			{"bad level", "POST", "/api/v1/risks", map[string]any{"unit_id": ht.Unit.ID, "description": "x", "level": "extreme", "owner": "x"}, 422, "err.risk.level", "risks"},
			{"future review", "POST", kp + "/reviews", map[string]any{"reviewed_on": "2099-01-01", "reviewer": "x", "effective": true}, 422, "err.risk.future_date", "risk_reviews"},
		})
		k := obj(t, ok(t, "review", c.do("POST", kp+"/reviews", map[string]any{"reviewed_on": "2026-11-01", "reviewer": "纪检", "finding": "有效", "effective": true}), 201))
		if k["last_review"] != "2026-11-01" {
			t.Errorf("risk after review: %v", k)
		}
		ok(t, "risks", c.do("GET", "/api/v1/risks?level=high", nil), 200)
		audited(t, e, "haitang", "cultivation.step", "cultivation.dual_progress", "project.create", "project.progress", "project.milestone", "project.update", "project.delete", "risk.create", "risk.review")
	})
}

func TestOrgnetAPIWeakAndAssess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.w.Haitang
		c := e.login("haitang")

		flags := obj(t, ok(t, "flags", c.do("GET", "/api/v1/weak/flags", nil), 200))
		run := obj(t, ok(t, "detect", c.do("POST", "/api/v1/weak/detect", nil), 200))
		if int64(len(flags["items"].([]any))) != num(t, run, "flagged") || num(t, run, "flagged") == 0 {
			t.Fatalf("flags %v, run %v", flags, run)
		}
		cases := obj(t, ok(t, "cases", c.do("GET", "/api/v1/weak?status=open", nil), 200))
		cp := fmt.Sprintf("/api/v1/weak/cases/%d", num(t, cases, "items", 0, "id"))
		runBad(t, e, c, []badCase{
			{"task without body", "POST", cp + "/tasks", map[string]any{"owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}, 422, "err.weak.task_body", "weak_tasks"},
			{"bad status", "GET", "/api/v1/weak?status=half", nil, 422, "err.param.enum", ""},
		})
		x := obj(t, ok(t, "task", c.do("POST", cp+"/tasks", map[string]any{"body": "补选支部书记", "owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 201))
		ok(t, "task done", c.do("POST", fmt.Sprintf("%s/tasks/%d/done", cp, num(t, x, "tasks", 0, "id")), map[string]any{"done_on": "2026-11-20"}), 200)
		ok(t, "case", c.do("GET", cp, nil), 200)

		visit := map[string]any{"org_id": ht.Branches[0].ID, "visited_on": "2026-11-10", "inspectors": "区督查组", "findings": []map[string]any{{"body": "记录不全", "severity": "high"}}}
		future := map[string]any{"org_id": ht.Branches[0].ID, "visited_on": "2099-01-01", "inspectors": "区督查组"}
		runBad(t, e, c, []badCase{{"future visit", "POST", "/api/v1/supervision", future, 422, "err.weak.future_date", "supervision_visits"}})
		v := obj(t, ok(t, "visit", c.do("POST", "/api/v1/supervision", visit), 201))
		vp := fmt.Sprintf("/api/v1/supervision/%d", num(t, v, "id"))
		ok(t, "visit detail", c.do("GET", vp, nil), 200)
		ok(t, "link", c.do("POST", fmt.Sprintf("%s/findings/%d/task", vp, num(t, v, "findings", 0, "id")), map[string]any{"deadline": "2026-12-31"}), 201)
		if r := c.do("GET", "/api/v1/supervision", nil); !strings.Contains(r.body, "区督查组") {
			t.Errorf("visit list: %.300s", r.body)
		}

		// Assessment: weights and measures are checked; a locked version
		// is kept and the change becomes a new version.
		s := obj(t, ok(t, "scheme", c.do("POST", "/api/v1/assess/schemes", map[string]any{"name": "HT年度考核"}), 201))
		sp := fmt.Sprintf("/api/v1/assess/schemes/%d", num(t, s, "id"))
		v1 := num(t, s, "versions", 0, "id")
		ip := fmt.Sprintf("/api/v1/assess/versions/%d/indicators", v1)
		ind := func(w1, w2 int, measure string) map[string]any {
			return map[string]any{"indicators": []map[string]any{{"name": "三会一课", "weight": w1, "measure": "meeting_compliance", "target": 100, "index": "organization"},
				{"name": "项目", "weight": w2, "measure": measure, "target": 100}}}
		}
		runBad(t, e, c, []badCase{
			{"weights sum to 90", "PUT", ip, ind(60, 30, "project_progress"), 422, "err.assess.weight_sum", "assess_indicators"},
			{"unknown measure", "PUT", ip, ind(60, 40, "happiness"), 422, "err.assess.unknown_measure", "assess_indicators"},
			{"no indicators", "PUT", ip, map[string]any{"indicators": []any{}}, 422, "err.assess.no_indicators", "assess_indicators"},
			{"bad period", "POST", "/api/v1/assess/runs", map[string]any{"version_id": v1, "period": "2026-Q5"}, 422, "err.assess.period", "assess_runs"},
		})
		r := ok(t, "indicators", c.do("PUT", ip, ind(60, 40, "project_progress")), 200)
		if x := obj(t, r); num(t, x, "version_id") != v1 || x["created"] != false {
			t.Errorf("unlocked version: %s", r.body)
		}
		wantAPIError(t, "apply without indicators elsewhere", c.do("POST", "/api/v1/assess/runs", map[string]any{"version_id": 999999, "period": "2025"}), 404, "err.not_found")
		runJ := obj(t, ok(t, "apply 2025", c.do("POST", "/api/v1/assess/runs", map[string]any{"version_id": v1, "period": "2025"}), 201))
		if !strings.Contains(fmt.Sprint(runJ["scores"]), ht.Branches[0].Name) {
			t.Errorf("run: %v", runJ)
		}
		ok(t, "run", c.do("GET", fmt.Sprintf("/api/v1/assess/runs/%d", num(t, runJ, "id")), nil), 200)
		ix := obj(t, ok(t, "indices", c.do("GET", "/api/v1/assess/indices", nil), 200))
		if num(t, ix, "run_id") != num(t, runJ, "id") || len(ix["rows"].([]any)) == 0 {
			t.Errorf("indices of the latest run: %v", ix)
		}
		// 2025 has ended: the version is locked.
		r = ok(t, "indicators on a locked version", c.do("PUT", ip, ind(50, 50, "gaps_closed")), 201)
		v2 := num(t, obj(t, r), "version_id")
		if v2 == v1 {
			t.Fatalf("a locked version was changed in place: %s", r.body)
		}
		sch := obj(t, ok(t, "scheme detail", c.do("GET", sp, nil), 200))
		for _, vv := range sch["versions"].([]any) {
			ver := vv.(map[string]any)
			w := num(t, ver, "indicators", 0, "weight")
			switch num(t, ver, "id") {
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
		if r := c.do("GET", "/api/v1/assess/schemes", nil); !strings.Contains(r.body, "HT年度考核") {
			t.Errorf("schemes: %.300s", r.body)
		}
		audited(t, e, "haitang", "weak.task", "weak.done", "supervision.create", "assess.scheme", "assess.indicators", "assess.apply")
	})
}
