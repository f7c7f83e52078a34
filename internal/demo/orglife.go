package demo

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"dangjian/internal/app"
	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
)

// Organizational life's demo data: a year (2025, the demo's "today" is its
// last day) of 三会一课 and theme days for a sample of branches, with a
// few gaps; 马亮村党支部 and the branches of 梅西村党委 (a demonstration
// site) meet every requirement, and 马亮村's third-quarter lecture is the
// "酸豆树下党课" under the village's tamarind tree.

// orglifeSample is how many other branches get a year of meetings.
var orglifeSample = map[Scale]int{Tiny: 4, City: 24, Province: 40}

const demoYear = 2025

func (g *gen) writeOrglife(ctx context.Context) error {
	r := rand.New(rand.NewPCG(17, g.cfg.seed))
	st := app.Orglife(g.d) // meetings rescore their org, as on the server
	full := map[int64]bool{}
	if i, ok := g.named["马亮村党支部"]; ok {
		full[g.orgs[i].ID] = true
	}
	var ids []int64
	if i, ok := g.named["梅西村党委"]; ok {
		err := db.Each(ctx, g.d.Read(), `SELECT id FROM orgs WHERE parent_id = ? AND kind IN ('branch', 'joint_branch') ORDER BY id`,
			[]any{g.orgs[i].ID}, scanID, func(id int64) error { full[id] = true; return nil })
		if err != nil {
			return apperr.Wrap(err, "demo orglife 梅西村")
		}
	}
	err := db.Each(ctx, g.d.Read(), `SELECT id FROM orgs WHERE kind = 'branch' ORDER BY id`, nil, scanID, func(id int64) error {
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return apperr.Wrap(err, "demo orglife branches")
	}
	var sample []int64
	if n := orglifeSample[Scale(g.scale())]; len(ids) > 0 {
		step := max(1, len(ids)/n)
		for i := 0; i < len(ids) && len(sample) < n; i += step {
			if !full[ids[i]] {
				sample = append(sample, ids[i])
			}
		}
	}
	return g.d.InTx(ctx, func(tx *db.Tx) error {
		for _, id := range slices.Sorted(maps.Keys(full)) {
			if err := g.orgYear(ctx, tx, st, r, id, true); err != nil {
				return err
			}
		}
		for _, id := range sample {
			if err := g.orgYear(ctx, tx, st, r, id, false); err != nil {
				return err
			}
		}
		return nil
	})
}

func scanID(r db.Scanner) (int64, error) {
	var id int64
	return id, r.Scan(&id)
}

// orgYear records one branch's year: every monthly and quarterly
// requirement, each skipped with a small chance unless full.
func (g *gen) orgYear(ctx context.Context, tx *db.Tx, st *orglife.Store, r *rand.Rand, orgID int64, full bool) error {
	roster, err := st.Members(ctx, scope.Everything, orgID)
	if err != nil {
		return err
	}
	var name string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM orgs WHERE id = ?`, orgID).Scan(&name); err != nil {
		return apperr.Wrap(err, "demo orglife org")
	}
	rec := func(kind orglife.Kind, month, day int, title, topic string) error {
		if !full && r.Float64() < 0.12 {
			return nil // a gap
		}
		d := orglife.Draft{OrgID: orgID, Kind: kind, HeldOn: fmt.Sprintf("%d-%02d-%02d", demoYear, month, day), Title: title, Topic: topic, Place: "党员活动室"}
		for _, m := range roster {
			a := orglife.Attendee{PersonID: m.ID, Status: orglife.Present}
			if x := r.Float64(); x < 0.08 {
				a.Status, a.Reason = orglife.Leave, "外出务工"
			} else if x < 0.12 {
				a.Status = orglife.Absent
			}
			d.Attendance = append(d.Attendance, a)
		}
		if kind == orglife.Lecture && month == 9 && name == "马亮村党支部" {
			d.Title, d.Place, d.Lecturer = "酸豆树下党课", "村口酸豆树下", "驻村第一书记"
			d.Topic, d.Minutes = "学习贯彻海南自由贸易港建设精神，讲好乡村振兴故事", "在村口的酸豆树下，驻村第一书记为党员群众讲授党课……"
		}
		_, err := st.Record(ctx, tx, d)
		return err
	}
	for m := 1; m <= 12; m++ {
		for _, x := range []struct {
			kind  orglife.Kind
			day   int
			title string
		}{{orglife.CommitteeMeet, 5, "%d月支委会"}, {orglife.GroupMeeting, 12, "%d月党小组会"}, {orglife.ThemeDay, 20, "%d月主题党日"}} {
			if err := rec(x.kind, m, x.day, fmt.Sprintf(x.title, m), ""); err != nil {
				return err
			}
		}
		if m%3 == 0 {
			if err := rec(orglife.GeneralMeeting, m-1, 15, fmt.Sprintf("第%d季度党员大会", m/3), "通报支部工作"); err != nil {
				return err
			}
			if err := rec(orglife.Lecture, m, 25, fmt.Sprintf("第%d季度党课", m/3), "党的创新理论"); err != nil {
				return err
			}
		}
	}
	return nil
}
