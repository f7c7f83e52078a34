package demo

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/alliance"
	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Alliances' demo data: a 湾区大党委 led by 海棠区委 (or another 海棠 org)
// with member units that do not report to it, shared resources, one joint
// meeting with decisions turned into tasks, and one memorandum; and two
// pairings in 崖州区 (strong village with weak village, village with
// enterprise).

type demoParty struct {
	orgID, unitID int64
	name, path    string
	sector, kind  string
}

// districtParties returns a district's orgs and units (the units' path is
// their covering org's).
func (g *gen) districtParties(ctx context.Context, district string) (orgs, units []demoParty, err error) {
	var ap string
	err = g.d.Read().QueryRowContext(ctx, `SELECT path FROM areas WHERE name = ? ORDER BY length(path), id LIMIT 1`, district).Scan(&ap)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, apperr.Wrap(err, "demo alliance district")
	}
	hi := ap[:len(ap)-1] + "0"
	err = db.Each(ctx, g.d.Read(), `SELECT id, name, path, sector, kind FROM orgs WHERE area_path >= ? AND area_path < ? ORDER BY length(path), id LIMIT 400`,
		[]any{ap, hi}, func(r db.Scanner) (demoParty, error) {
			var p demoParty
			return p, r.Scan(&p.orgID, &p.name, &p.path, &p.sector, &p.kind)
		}, func(p demoParty) error { orgs = append(orgs, p); return nil })
	if err != nil {
		return nil, nil, apperr.Wrap(err, "demo alliance orgs")
	}
	err = db.Each(ctx, g.d.Read(), `SELECT id, name, COALESCE(org_path, ''), kind FROM units WHERE area_path >= ? AND area_path < ? ORDER BY id LIMIT 400`,
		[]any{ap, hi}, func(r db.Scanner) (demoParty, error) {
			var p demoParty
			return p, r.Scan(&p.unitID, &p.name, &p.path, &p.kind)
		}, func(p demoParty) error { units = append(units, p); return nil })
	return orgs, units, apperr.Wrap(err, "demo alliance units")
}

// outside returns up to n parties that do not report to lead.
func outside(ps []demoParty, lead demoParty, n int, keep func(demoParty) bool) []demoParty {
	var out []demoParty
	for _, p := range ps {
		if len(out) == n {
			break
		}
		if p.orgID == lead.orgID || (p.path != "" && strings.HasPrefix(p.path, lead.path)) || (keep != nil && !keep(p)) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func (g *gen) writeAlliances(ctx context.Context) error {
	st := &alliance.Store{DB: g.d}
	sc := scope.Everything
	join := func(aid int64, ps []demoParty, role string) ([]int64, error) {
		var ids []int64
		for _, p := range ps {
			m, err := st.AddMember(ctx, sc, aid, alliance.MemberDraft{OrgID: p.orgID, UnitID: p.unitID, Role: role})
			if err != nil {
				return nil, err
			}
			ids = append(ids, m.ID)
		}
		return ids, nil
	}
	orgs, units, err := g.districtParties(ctx, "海棠区")
	if err != nil {
		return err
	}
	if len(orgs) > 0 {
		lead := orgs[0]
		for _, o := range orgs {
			if o.name == "海棠区委" {
				lead = o
			}
		}
		// The lead's own subtree is not a member; an org and units elsewhere are.
		ms := append(outside(units, lead, 3, nil), outside(orgs, lead, 1, nil)...)
		if len(ms) >= 2 {
			a, err := st.Create(ctx, sc, alliance.Draft{Kind: alliance.Regional, Name: "海棠湾区大党委", LeadOrgID: lead.orgID,
				Note: "关系不隶属、党建来统领：湾区内企业、园区、社区共商共建"})
			if err != nil {
				return err
			}
			ids, err := join(a.ID, ms, "成员单位")
			if err != nil {
				return err
			}
			for i, r := range []alliance.ResourceDraft{{Name: "湾区党群服务中心会议室", Kind: "场地"}, {Name: "企业职工培训基地", Kind: "培训"}} {
				r.OwnerID = ids[i%len(ids)]
				if _, err := st.AddResource(ctx, sc, a.ID, r); err != nil {
					return err
				}
			}
			if _, err := st.AddMeeting(ctx, sc, a.ID, alliance.MeetingDraft{HeldOn: "2025-11-18", Agenda: "第四季度党建联席会：湾区旅游旺季服务保障、人才共育",
				Present: ids, Decisions: []alliance.TaskDraft{
					{Decision: "旺季前联合开展一次消防安全检查", OwnerID: ids[0], Deadline: "2025-12-20"},
					{Decision: "共建湾区青年人才实训基地", OwnerID: ids[1], Deadline: "2026-06-30"}}}); err != nil {
				return err
			}
			if _, err := st.AddMemo(ctx, sc, a.ID, alliance.MemoDraft{Title: "海棠湾区党建共建合作备忘录", SignedOn: "2025-09-01", Parties: ids,
				Commitments: []alliance.CommitmentDraft{{Content: "开放会议室和培训基地供成员单位使用", OwnerID: ids[0], DueOn: "2025-12-31"},
					{Content: "每季度联合组织一次主题党日", OwnerID: ids[1], DueOn: "2026-09-01"}}}); err != nil {
				return err
			}
			var cid int64
			if err := g.d.Read().QueryRowContext(ctx, `SELECT min(c.id) FROM alliance_commitments c JOIN alliance_memoranda m ON m.id = c.memo_id WHERE m.alliance_id = ?`,
				a.ID).Scan(&cid); err != nil {
				return apperr.Wrap(err, "demo alliance commitment")
			}
			if err := st.SetProgress(ctx, sc, a.ID, cid, 80, "会议室已开放，培训基地排期中"); err != nil {
				return err
			}
		}
	}
	orgs, units, err = g.districtParties(ctx, "崖州区")
	if err != nil {
		return err
	}
	// Villages first (a strong village), then communities (at small scales
	// 崖州区 may hold a single village org).
	var villages []demoParty
	for _, sector := range []string{"village", "community"} {
		for _, o := range orgs {
			if o.sector == sector {
				villages = append(villages, o)
			}
		}
	}
	if len(villages) == 0 {
		return nil
	}
	strong, weak := villages[0], outside(villages[1:], villages[0], 1, nil)
	if len(weak) == 1 {
		a, err := st.Create(ctx, sc, alliance.Draft{Kind: alliance.Pairing, Pairing: alliance.StrongWeakVillage, Name: strong.name + "结对帮扶" + weak[0].name, LeadOrgID: strong.orgID})
		if err != nil {
			return err
		}
		if _, err := join(a.ID, weak, "结对村"); err != nil {
			return err
		}
	}
	lead := villages[0]
	firm := outside(units, lead, 1, func(p demoParty) bool { return p.kind == "enterprise" })
	if len(firm) == 1 {
		a, err := st.Create(ctx, sc, alliance.Draft{Kind: alliance.Pairing, Pairing: alliance.VillageEnterprise, Name: lead.name + "村企联手" + firm[0].name, LeadOrgID: lead.orgID})
		if err != nil {
			return err
		}
		if _, err := join(a.ID, firm, "结对企业"); err != nil {
			return err
		}
	}
	return nil
}
