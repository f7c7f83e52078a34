package demo

import (
	"context"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/cultivation"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// The recruitment pipeline's demo data: five adults of the masses, each
// applying to their village's or community's branch, stopped at different
// stages as of the demo's "today" (the last day of demoYear): a new
// applicant, an activist due for review, a candidate, a probationary
// member whose probation ends in two weeks, and a full member. One member
// of a school and one of a hospital are in the dual-cultivation register.

var demoPipelines = [][]cultivation.Step{
	{{Stage: cultivation.Applicant, On: "2025-09-01", Note: "递交入党申请书"}},
	{{Stage: cultivation.Applicant, On: "2024-03-01", Note: "递交入党申请书"}, {Stage: cultivation.Activist, On: "2024-05-10", Note: "党员推荐、支委会研究"}},
	{{Stage: cultivation.Applicant, On: "2023-03-01", Note: "递交入党申请书"}, {Stage: cultivation.Activist, On: "2023-05-01", Note: "群团组织推优"},
		{Stage: cultivation.Candidate, On: "2024-06-01", Note: "支委会确定为发展对象"}},
	{{Stage: cultivation.Applicant, On: "2022-09-01", Note: "递交入党申请书"}, {Stage: cultivation.Activist, On: "2022-11-01", Note: "支委会研究"},
		{Stage: cultivation.Candidate, On: "2023-12-01", Note: "政治审查合格"}, {Stage: cultivation.Probationary, On: "2025-01-15", Note: "支部大会讨论通过，上级党委审批"}},
	{{Stage: cultivation.Applicant, On: "2021-03-01", Note: "递交入党申请书"}, {Stage: cultivation.Activist, On: "2021-05-01", Note: "支委会研究"},
		{Stage: cultivation.Candidate, On: "2022-06-01", Note: "支委会确定为发展对象"}, {Stage: cultivation.Probationary, On: "2023-07-01", Note: "支部大会讨论通过"},
		{Stage: cultivation.Member, On: "2024-07-01", Note: "按期转正"}},
}

func (g *gen) writeCultivation(ctx context.Context) error {
	today := time.Date(demoYear, 12, 31, 12, 0, 0, 0, cultivation.Sanya)
	st := &cultivation.Store{DB: g.d, Clock: func() time.Time { return today }}
	type cand struct{ person, org int64 }
	var picks []cand
	err := db.Each(ctx, g.d.Read(), `SELECT t.id, t.b FROM (SELECT p.id, (SELECT min(o.id) FROM orgs o WHERE o.area_id = p.area_id AND o.kind = 'branch') b
		FROM people p WHERE p.status = 'masses' AND p.org_id IS NULL AND p.birth_year > 0 AND p.birth_year <= 1995) t WHERE t.b IS NOT NULL ORDER BY t.id LIMIT ?`,
		[]any{len(demoPipelines)}, func(r db.Scanner) (cand, error) {
			var c cand
			return c, r.Scan(&c.person, &c.org)
		}, func(c cand) error { picks = append(picks, c); return nil })
	if err != nil {
		return apperr.Wrap(err, "demo cultivation people")
	}
	for i, c := range picks {
		for j, s := range demoPipelines[i] {
			s.PersonID = c.person
			if j == 0 {
				s.OrgID = c.org
			}
			if _, err := st.Advance(ctx, scope.Everything, s); err != nil {
				return err
			}
		}
	}
	for _, sector := range cultivation.Sectors {
		var id int64
		err := g.d.Read().QueryRowContext(ctx, `SELECT min(p.id) FROM people p JOIN orgs o ON o.id = p.org_id WHERE o.sector = ? AND p.status = 'member'`, sector).Scan(&id)
		if err != nil || id == 0 {
			continue // no such member at this scale
		}
		mentor := map[string]string{"school": "教务处主任", "hospital": "科室主任"}[sector]
		if _, err := st.AddDual(ctx, scope.Everything, cultivation.Dual{PersonID: id, Direction: cultivation.MemberToBackbone, Mentor: mentor,
			StartedOn: "2025-03-01", TargetOn: "2026-12-31", Progress: "2025-09-01 承担一项业务课题"}); err != nil {
			return err
		}
	}
	return nil
}
