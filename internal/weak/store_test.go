package weak_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/weak"
)

// TestWalk walks a 吉阳 branch from detection to a closed case: flagged
// with its reasons, one case however often the run goes, invisible to
// 海棠, a plan with tasks (one from a supervision finding) and an
// instructor, meetings recorded and a secretary set so the rules stop
// flagging, the case kept open while a task is pending, closed once every
// task is done, and a new case when the branch is flagged again.
func TestWalk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "tester"})
		clock := func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, weak.Sanya) }
		st := &weak.Store{DB: d, Clock: clock}
		ol := &orglife.Store{DB: d, Clock: clock}
		jy, ht := w.Jiyang, w.Haitang
		b := jy.Branches[0]

		res, err := st.Run(ctx, jy.Scope)
		if err != nil {
			t.Fatal(err)
		}
		if res.Flagged != 2 || res.Opened != 2 {
			t.Fatalf("first run = %+v", res)
		}
		if res, _ = st.Run(ctx, jy.Scope); res.Opened != 0 || res.Kept != 2 {
			t.Fatalf("second run = %+v", res)
		}
		cases, _, err := st.List(ctx, jy.Scope, weak.Filter{Status: weak.Open})
		if err != nil {
			t.Fatal(err)
		}
		var c weak.Case
		for _, x := range cases {
			if x.OrgID == b.ID {
				c = x
			}
		}
		codes := map[string]bool{}
		for _, r := range c.Reasons {
			codes[r.Code] = true
		}
		if c.ID == 0 || !codes["compliance"] || !codes["no_committee"] || !codes["no_secretary"] || codes["few_members"] {
			t.Fatalf("case = %+v", c)
		}
		if l, _, _ := st.List(ctx, ht.Scope, weak.Filter{}); len(l) != 0 {
			t.Errorf("海棠 lists %d 吉阳 cases", len(l))
		}
		if _, err := st.Get(ctx, ht.Scope, c.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("海棠 gets a 吉阳 case: %v", err)
		}
		if _, err := st.AddTask(ctx, ht.Scope, c.ID, weak.TaskDraft{Body: "x", OwnerOrgID: ht.Branches[0].ID, Deadline: "2026-12-31"}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("海棠 adds a task: %v", err)
		}
		if _, err := st.AddTask(ctx, jy.Scope, c.ID, weak.TaskDraft{Body: "x", OwnerPersonID: ht.Members[0].ID, Deadline: "2026-12-31"}); apperr.As(err).Key != "err.weak.owner_unknown" {
			t.Errorf("a foreign owner: %v", err)
		}
		t1, err := st.AddTask(ctx, jy.Scope, c.ID, weak.TaskDraft{Body: "配齐支部书记", OwnerPersonID: jy.Members[0].ID, Deadline: "2026-11-30"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetInstructor(ctx, jy.Scope, c.ID, jy.Members[3].ID, "first_secretary", "2027-03-31"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetInstructor(ctx, jy.Scope, c.ID, jy.Members[3].ID, "boss", ""); apperr.As(err).Key != "err.weak.role" {
			t.Errorf("a bad role: %v", err)
		}

		// A supervision visit; its finding becomes a task.
		if _, err := st.CreateVisit(ctx, jy.Scope, weak.VisitDraft{OrgID: b.ID, VisitedOn: "2026-10-21", Inspectors: "王五"}); err == nil {
			t.Errorf("a future visit was recorded")
		}
		if _, err := st.CreateVisit(ctx, ht.Scope, weak.VisitDraft{OrgID: b.ID, VisitedOn: "2026-10-01", Inspectors: "王五"}); apperr.As(err).Key != "err.weak.org_unknown" {
			t.Errorf("海棠 visits a 吉阳 branch: %v", err)
		}
		vid, err := st.CreateVisit(ctx, jy.Scope, weak.VisitDraft{OrgID: b.ID, VisitedOn: "2026-10-15", Inspectors: "王五、赵六", FollowUp: "一月后复查",
			Findings: []weak.Finding{{Body: "会议记录不全", Severity: "high"}}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := st.GetVisit(ctx, jy.Scope, vid)
		if err != nil || len(v.Findings) != 1 || v.CaseID != c.ID {
			t.Fatalf("visit = %+v, %v", v, err)
		}
		if _, err := st.GetVisit(ctx, ht.Scope, vid); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("海棠 gets a 吉阳 visit: %v", err)
		}
		t2, err := st.LinkFinding(ctx, jy.Scope, vid, v.Findings[0].ID, "2026-11-15")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.LinkFinding(ctx, jy.Scope, vid, v.Findings[0].ID, "2026-11-15"); err == nil {
			t.Errorf("a finding linked twice")
		}

		// Meetings of every month, and a secretary: no longer flagged.
		for m := 0; m < 12; m++ {
			day := time.Date(2025, 11+time.Month(m), 10, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			for _, k := range []orglife.Kind{orglife.CommitteeMeet, orglife.GroupMeeting, orglife.ThemeDay} {
				if _, err := ol.Create(ctx, jy.Scope, orglife.Draft{OrgID: b.ID, Kind: k, HeldOn: day, Title: "会议" + day}); err != nil {
					t.Fatal(err)
				}
			}
		}
		o, err := w.Orgs.Get(ctx, scope.Everything, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		o.SecretaryID = jy.Members[0].ID
		if _, err := w.Orgs.Update(ctx, scope.Everything, o); err != nil {
			t.Fatal(err)
		}
		if res, err = st.Run(ctx, jy.Scope); err != nil || res.Flagged != 1 || res.Cleared != 1 || res.Closed != 0 {
			t.Fatalf("run with tasks pending = %+v, %v", res, err)
		}
		if c, _ = st.Get(ctx, jy.Scope, c.ID); c.Status != weak.Open || len(c.Reasons) != 0 {
			t.Fatalf("cleared case = %+v", c)
		}
		if err := st.CompleteTask(ctx, jy.Scope, c.ID, t1, "2026-10-21"); err == nil {
			t.Errorf("a task done in the future")
		}
		for _, id := range []int64{t1, t2} {
			if err := st.CompleteTask(ctx, jy.Scope, c.ID, id, ""); err != nil {
				t.Fatal(err)
			}
		}
		if res, err = st.Run(ctx, jy.Scope); err != nil || res.Closed != 1 {
			t.Fatalf("closing run = %+v, %v", res, err)
		}
		c, _ = st.Get(ctx, jy.Scope, c.ID)
		if c.Status != weak.Closed || c.ClosedOn != "2026-10-20" || c.InstructorName != jy.Members[3].Name || len(c.Tasks) != 2 {
			t.Fatalf("closed case = %+v", c)
		}
		var actions []string
		for _, e := range c.Events {
			actions = append(actions, e.Action)
		}
		if got := fmt.Sprint(actions); got != "[open task instructor task cleared done done close]" {
			t.Errorf("history = %s", got)
		}
		if _, err := st.AddTask(ctx, jy.Scope, c.ID, weak.TaskDraft{Body: "x", OwnerOrgID: b.ID, Deadline: "2026-12-31"}); apperr.As(err).Key != "err.weak.closed" {
			t.Errorf("a task on a closed case: %v", err)
		}

		// Flagged again: a new case.
		o.SecretaryID = 0
		if _, err := w.Orgs.Update(ctx, scope.Everything, o); err != nil {
			t.Fatal(err)
		}
		if res, err = st.Run(ctx, jy.Scope); err != nil || res.Opened != 1 {
			t.Fatalf("re-flag run = %+v, %v", res, err)
		}
		if l, _, _ := st.List(ctx, jy.Scope, weak.Filter{Status: weak.Closed}); len(l) != 1 || l[0].ID != c.ID {
			t.Errorf("closed cases = %+v", l)
		}
	})
}
