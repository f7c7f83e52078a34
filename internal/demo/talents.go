package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/talent/talentgen"
)

// The talent pool's demo data: generated seasonal talents staying in the
// villages and communities of each district, demands posted by the
// villages (those of 育才生态区 among them), schools, hospitals, parks,
// enterprises and cooperatives, some engagements in every state, points,
// and the special fund. A demo talent account (talent) owns one profile.
// Dates follow the generator's winter season, moved forward when the demo
// is made later, so demands never start in the past.

// talentCounts are the talents and demands of each scale.
var talentCounts = map[Scale][2]int{Tiny: {40, 12}, City: {2000, 240}, Province: {5000, 600}}

// TalentAccount is the demo account of a self-registered talent.
const TalentAccount = "talent"

// placeRef is a village or community the talents can stay in.
type placeRef struct {
	id       int64
	district string
}

func (g *gen) writeTalents() (Account, error) {
	ctx := audit.WithActor(g.ctx, audit.Actor{Username: "demo"})
	tax, err := talent.LoadTaxonomy(ctx, g.d)
	if err != nil {
		return Account{}, err
	}
	st := &talent.Store{DB: g.d, Vault: g.v, Tax: tax}
	places, err := g.talentPlaces()
	if err != nil {
		return Account{}, err
	}
	counts := talentCounts[Scale(g.scale())]
	shift := seasonShift()
	gts := talentgen.Talents(g.cfg.seed, counts[0], tax)
	r := rand.New(rand.NewPCG(7, g.cfg.seed))
	for i, gt := range gts {
		t := talent.Talent{Name: gt.Name, Title: gt.Title, PartyMember: gt.PartyMember, Expertise: gt.Expertise, Experience: gt.Experience,
			Hometown: gt.Hometown, Lat: gt.Doc.Lat, Lng: gt.Doc.Lng, TravelKm: gt.Doc.TravelKm, Mode: gt.Doc.Mode, Capacity: max(gt.Doc.Capacity, 1),
			Skills: gt.Doc.Skills, Stays: shiftStays(gt.Doc.Stays, shift), Phone: g.phone()}
		ps := places[gt.Area]
		if len(ps) == 0 {
			ps = places[""]
		}
		t.AreaID = ps[r.IntN(len(ps))]
		created, err := st.Create(ctx, scope.Everything, t)
		if apperr.As(err).Key == "err.talent.outside_city" {
			t.Lat, t.Lng = 0, 0 // stand at the area's centre instead
			created, err = st.Create(ctx, scope.Everything, t)
		}
		if err != nil {
			return Account{}, err
		}
		if gt.Doc.Status == talent.Verified {
			if _, err := st.SetStatus(ctx, scope.Everything, talent.Official, created.ID, talent.Verified, "演示数据"); err != nil {
				return Account{}, err
			}
		}
		g.progress("talents", i+1, len(gts))
	}
	acct, err := g.talentAccount(st, places)
	if err != nil {
		return Account{}, err
	}
	if err := g.writeDemands(ctx, st, tax, counts[1], shift, r); err != nil {
		return Account{}, err
	}
	return acct, g.writeFund(ctx, st)
}

func (g *gen) scale() string {
	for s, c := range configs {
		if c.seed == g.cfg.seed {
			return string(s)
		}
	}
	return string(Tiny)
}

// seasonShift is how many days the generated season moves forward so that
// its first demands start after today.
func seasonShift() int32 {
	first := talentgen.SeasonStart + 17 // demands begin in November
	if d := talent.Today() + 3 - first; d > 0 {
		return d
	}
	return 0
}

func shiftStays(in []talent.Stay, by int32) []talent.Stay {
	out := make([]talent.Stay, len(in))
	for i, s := range in {
		a, _ := talent.ParseDay(s.Start)
		b, _ := talent.ParseDay(s.End)
		out[i] = talent.Stay{Start: talent.FormatDay(a + by), End: talent.FormatDay(b + by), Slots: s.Slots}
	}
	return out
}

// talentPlaces maps the generator's district names to the villages and
// communities there ("" holds all of them).
func (g *gen) talentPlaces() (map[string][]int64, error) {
	out := map[string][]int64{}
	err := db.Each(g.ctx, g.d.Read(), `SELECT a.id, d.name FROM areas a JOIN areas d ON d.id = a.parent_id
		WHERE a.kind IN ('village', 'community') ORDER BY a.code`, nil,
		func(r db.Scanner) (placeRef, error) {
			var p placeRef
			return p, r.Scan(&p.id, &p.district)
		}, func(p placeRef) error {
			name := p.district
			if name == "海棠区" {
				out["海棠湾"] = append(out["海棠湾"], p.id)
			}
			out[name] = append(out[name], p.id)
			out[""] = append(out[""], p.id)
			return nil
		})
	if err != nil {
		return nil, apperr.Wrap(err, "demo talent places")
	}
	// 育才生态区 administers 马亮村, 青法村 and 雅林村 (overlays).
	err = db.Each(g.ctx, g.d.Read(), `SELECT o.area_id FROM area_overlays o JOIN areas z ON z.id = o.zone_id WHERE z.name = ? ORDER BY o.area_id`, []any{zoneYucai},
		func(r db.Scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, func(id int64) error { out[zoneYucai] = append(out[zoneYucai], id); return nil })
	return out, apperr.Wrap(err, "demo yucai places")
}

// talentAccount registers the demo talent (a retired cardiologist staying
// in 马亮村 when it exists) through self-registration, and verifies them.
func (g *gen) talentAccount(st *talent.Store, places map[string][]int64) (Account, error) {
	ctx := audit.WithActor(g.ctx, audit.Actor{Username: "demo"})
	areaID := places[""][0]
	if ps := places[zoneYucai]; len(ps) > 0 {
		areaID = ps[0]
	}
	stays := shiftStays([]talent.Stay{{Start: "2026-10-20", End: "2027-04-20", Slots: talent.AllSlots}}, seasonShift())
	t, _, err := st.Register(ctx, &auth.Store{DB: g.d, Seeding: true}, TalentAccount, Password, talent.Talent{
		Name: "王建国", Title: "主任医师", PartyMember: true, Phone: g.phone(), Hometown: "哈尔滨",
		Expertise: "原哈尔滨医科大学附属医院心内科主任，擅长高血压、冠心病的诊治和健康宣教", Experience: "从事心血管临床工作三十五年，退休后每年冬天在三亚过冬",
		AreaID: areaID, TravelKm: 40, Mode: talent.Both, Capacity: 2, Skills: []string{"心内科", "健康教育"}, Stays: stays})
	if err != nil {
		if apperr.As(err).Key == "err.user.username_taken" {
			return Account{}, nil
		}
		return Account{}, err
	}
	if _, err := st.SetStatus(ctx, scope.Everything, talent.Official, t.ID, talent.Verified, "演示数据"); err != nil {
		return Account{}, err
	}
	return Account{Username: TalentAccount, Password: Password, Role: auth.RoleTalent, Scope: "本人候鸟人才档案"}, nil
}

// demandOrg finds the org that posts a generated demand: the org named
// after the place (马亮村 → 马亮村党支部); else, for a hospital or a school,
// an org of that sector in the district (or the city); else the district's
// committee (吉阳区委, 育才生态区工委).
func (g *gen) demandOrg(name, district string) (int64, error) {
	if district == "海棠湾" {
		district = "海棠区"
	}
	sector := ""
	switch {
	case strings.Contains(name, "医院") || strings.Contains(name, "卫生"):
		sector = "hospital"
	case strings.Contains(name, "学") && !strings.Contains(name, "科技"):
		sector = "school"
	}
	queries := []struct {
		q    string
		args []any
	}{
		{`SELECT id FROM orgs WHERE name LIKE ? ORDER BY length(name), id LIMIT 1`, []any{strings.TrimSuffix(name, "社区") + "%"}},
		{`SELECT o.id FROM orgs o JOIN areas a ON a.path = substr(o.area_path, 1, length(a.path)) WHERE o.sector = ? AND a.name = ? ORDER BY o.path LIMIT 1`, []any{sector, district}},
		{`SELECT id FROM orgs WHERE sector = ? ORDER BY path LIMIT 1`, []any{sector}},
		{`SELECT id FROM orgs WHERE kind = 'committee' AND (name = ? OR name = ?) ORDER BY path LIMIT 1`, []any{district + "委", district + "工委"}},
		{`SELECT id FROM orgs ORDER BY path LIMIT 1`, nil},
	}
	for i, q := range queries {
		if (i == 1 || i == 2) && sector == "" {
			continue
		}
		var id int64
		err := g.d.Read().QueryRowContext(g.ctx, g.d.Rebind(q.q), q.args...).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(db.Normalize(err), db.ErrNoRows) {
			return 0, apperr.Wrap(err, "demo demand org")
		}
	}
	return 0, apperr.Wrap(errors.New("no org at all"), "demo demand org")
}

// writeDemands posts the demands and moves some through the engagement
// lifecycle: the best talent invited, some accepting, serving, completing
// with hours and ratings on both sides.
func (g *gen) writeDemands(ctx context.Context, st *talent.Store, tax *talent.Taxonomy, n int, shift int32, r *rand.Rand) error {
	live := talent.NewLive(g.d, tax)
	for i, gd := range talentgen.Demands(g.cfg.seed, n, tax) {
		orgID, err := g.demandOrg(gd.Org, gd.Area)
		if err != nil {
			return err
		}
		q := gd.Query
		gd.Body = shiftDates(gd.Body, shift)
		d, err := st.CreateDemand(ctx, scope.Everything, talent.Demand{OrgID: orgID, Title: gd.Title, Body: gd.Body, Place: gd.Org,
			Lat: q.Lat, Lng: q.Lng, Mode: q.Mode, Start: talent.FormatDay(q.Start + shift), End: talent.FormatDay(q.End + shift),
			Slots: q.Slots, Headcount: 1 + r.IntN(3), Required: q.Required, Optional: q.Optional,
			Channel: talent.Channels[i%len(talent.Channels)]})
		if apperr.As(err).Key == "err.talent.outside_city" {
			d, err = st.CreateDemand(ctx, scope.Everything, talent.Demand{OrgID: orgID, Title: gd.Title, Body: gd.Body, Place: gd.Org,
				Mode: q.Mode, Start: talent.FormatDay(q.Start + shift), End: talent.FormatDay(q.End + shift),
				Slots: q.Slots, Headcount: 1 + r.IntN(3), Required: q.Required, Optional: q.Optional, Channel: talent.Channels[i%len(talent.Channels)]})
		}
		if err != nil {
			return err
		}
		if i%3 == 0 {
			if err := g.engage(ctx, st, live, d, i); err != nil {
				return err
			}
		}
		g.progress("demands", i+1, n)
	}
	return nil
}

// engage invites the best free talent for a demand and takes the
// engagement a number of steps along, by the demand's position.
func (g *gen) engage(ctx context.Context, st *talent.Store, live *talent.Live, d talent.Demand, i int) error {
	ranked, err := live.RankTalents(ctx, talent.QueryOf(d), 5)
	if err != nil {
		return err
	}
	for _, x := range ranked {
		if x.Full {
			continue
		}
		e, err := st.Invite(ctx, scope.Everything, d.ID, x.TalentID, x.Score, "manual")
		if err != nil {
			if apperr.CodeOf(err) == apperr.Conflict {
				continue
			}
			return err
		}
		staff := talent.Actor{Scope: scope.Everything, Staff: true}
		var uid int64
		if err := g.d.Read().QueryRowContext(ctx, `SELECT COALESCE(user_id, 0) FROM talents WHERE id = ?`, x.TalentID).Scan(&uid); err != nil {
			return apperr.Wrap(err, "demo talent user")
		}
		if uid == 0 {
			return nil // only talents with accounts answer for themselves
		}
		return g.advance(ctx, st, staff, talent.Actor{UserID: uid}, e.ID, i)
	}
	return nil
}

func (g *gen) advance(ctx context.Context, st *talent.Store, staff, self talent.Actor, id int64, i int) error {
	steps := []struct {
		who  talent.Actor
		step talent.Step
	}{{self, talent.StepAccept}, {staff, talent.StepStart}, {staff, talent.StepComplete}}
	for k, s := range steps[:min(len(steps), i%4)] {
		if _, err := st.Advance(ctx, s.who, id, s.step, float64(2+k*2), ""); err != nil {
			return err
		}
	}
	if i%4 == 3 {
		if _, err := st.Rate(ctx, staff, id, 5, "专业负责，群众满意"); err != nil {
			return err
		}
		if _, err := st.Rate(ctx, self, id, 5, "组织有序"); err != nil {
			return err
		}
	}
	return nil
}

// writeFund allocates the special fund and files requests: one paid, one
// waiting for a decision.
func (g *gen) writeFund(ctx context.Context, st *talent.Store) error {
	if err := st.Allocate(ctx, scope.Everything, 500_000_00, "2026年度候鸟人才发展专项基金"); err != nil {
		return err
	}
	var orgID int64
	if err := g.d.Read().QueryRowContext(ctx, `SELECT id FROM orgs ORDER BY path LIMIT 1`).Scan(&orgID); err != nil {
		return apperr.Wrap(err, "demo fund org")
	}
	paid, err := st.RequestFunds(ctx, scope.Everything, talent.FundRequest{OrgID: orgID, Purpose: "候鸟人才义诊活动交通和场地补贴", AmountCents: 12_000_00})
	if err != nil {
		return err
	}
	if _, err := st.Decide(ctx, scope.Everything, paid.ID, true, "同意"); err != nil {
		return err
	}
	_, err = st.RequestFunds(ctx, scope.Everything, talent.FundRequest{OrgID: orgID, Purpose: "“候鸟恋红巢”系列活动", AmountCents: 30_000_00})
	return err
}

var cnDate = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日`)

// shiftDates moves the dates written in a text (2027年2月5日) by days, so a
// demand's description agrees with its moved dates.
func shiftDates(s string, days int32) string {
	if days == 0 {
		return s
	}
	return cnDate.ReplaceAllStringFunc(s, func(m string) string {
		p := cnDate.FindStringSubmatch(m)
		d, err := talent.ParseDay(fmt.Sprintf("%s-%02s-%02s", p[1], p[2], p[3]))
		if err != nil {
			return m
		}
		t := time.Unix(int64(d+days)*86400, 0).UTC()
		return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
	})
}
