package talent

import (
	"context"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Filter selects talents.
type Filter struct {
	Q       string  `query:"q"` // name, title or expertise contains
	Status  Status  `query:"status,enum"`
	Skill   string  `query:"skill"`   // a skill code: talents holding it or a more specific one
	AreaID  int64   `query:"area_id"` // talents staying in this area's subtree
	Party   bool    `query:"party"`   // party members only
	Mode    Mode    `query:"mode,enum"`
	OnDay   string  `query:"on"`   // present in Sanya on this day (YYYY-MM-DD)
	InScope bool    `query:"mine"` // only talents whose area is in the caller's scope
	Sort    string  `query:"sort"`
	Page    db.Page `query:"page"`
}

var talentSorts = map[string]string{"name": "t.name", "updated": "t.updated_at", "rating": "t.rating_sum * 1.0 / (t.rating_n + 1)", "load": "t.load", "status": "t.status"}

func (s *Store) talentWhere(sc scope.Scope, f Filter) (string, []any, error) {
	conds, args := []string{"1=1"}, []any{}
	if f.InScope {
		w, a := sc.Filter("t.area_path", "")
		conds, args = append(conds, w), append(args, a...)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c1, a1 := db.Contains("t.name", q)
		c2, a2 := db.Contains("t.title", q)
		c3, a3 := db.Contains("t.expertise", q)
		conds, args = append(conds, "("+c1+" OR "+c2+" OR "+c3+")"), append(args, a1, a2, a3)
	}
	if f.Status != "" {
		conds, args = append(conds, "t.status = ?"), append(args, f.Status)
	}
	if f.Skill != "" {
		sk, ok := s.Tax.Resolve(f.Skill)
		if !ok {
			return "", nil, apperr.InvalidField("skill", "err.talent.skill_unknown").With("skill", f.Skill)
		}
		conds = append(conds, "EXISTS (SELECT 1 FROM talent_skills ts JOIN skills k ON k.id = ts.skill_id WHERE ts.talent_id = t.id AND (k.code = ? OR k.code LIKE ?))")
		args = append(args, sk.Code, db.LikeEscape(sk.Code)+".%")
	}
	if f.AreaID != 0 {
		conds = append(conds, "t.area_path >= (SELECT path FROM areas WHERE id = ?) AND t.area_path < (SELECT path FROM areas WHERE id = ?) || '~'")
		args = append(args, f.AreaID, f.AreaID)
	}
	if f.Party {
		conds = append(conds, "t.party_member = ?")
		args = append(args, true)
	}
	if f.Mode != "" {
		conds, args = append(conds, "t.mode = ?"), append(args, f.Mode)
	}
	if f.OnDay != "" {
		if _, err := ParseDay(f.OnDay); err != nil {
			return "", nil, apperr.InvalidField("on", "err.talent.date")
		}
		conds = append(conds, "EXISTS (SELECT 1 FROM talent_stays st WHERE st.talent_id = t.id AND st.start_on <= ? AND st.end_on >= ?)")
		args = append(args, f.OnDay, f.OnDay)
	}
	return strings.Join(conds, " AND "), args, nil
}

// List returns a page of talents and the (capped) total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Talent, int, error) {
	where, args, err := s.talentWhere(sc, f)
	if err != nil {
		return nil, 0, err
	}
	total, err := db.CountCapped(ctx, s.DB.Read(), talentFrom+" WHERE "+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "talent count")
	}
	p := f.Page.Norm()
	var out []Talent
	err = s.EachTalent(ctx, sc, f, func(t Talent) error { out = append(out, t); return nil }, p)
	return out, total, err
}

// EachTalent streams the talents matching f (all of them, for exports,
// when no page is given), each with its skills.
func (s *Store) EachTalent(ctx context.Context, sc scope.Scope, f Filter, fn func(Talent) error, page ...db.Page) error {
	if err := db.CheckSort(f.Sort, talentSorts); err != nil {
		return err
	}
	where, args, err := s.talentWhere(sc, f)
	if err != nil {
		return err
	}
	q := `SELECT ` + talentCols + talentFrom + ` WHERE ` + where + db.OrderBy(f.Sort, talentSorts, "t.id DESC", "t.id")
	if len(page) > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, page[0].Limit, page[0].Offset)
	}
	var rows []Talent
	if err := db.Each(ctx, s.DB.Read(), q, args, scanTalent, func(t Talent) error { rows = append(rows, t); return nil }); err != nil {
		return apperr.Wrap(err, "talent list")
	}
	for i := range rows {
		if err := s.details(ctx, s.DB.Read(), &rows[i]); err != nil {
			return err
		}
		if err := fn(rows[i]); err != nil {
			return err
		}
	}
	return nil
}

// DemandFilter selects demands.
type DemandFilter struct {
	Q         string       `query:"q"`
	Status    DemandStatus `query:"status,enum"` // "" means open
	AnyStatus bool
	Field     string  `query:"field"` // a skill field code: demands requiring a skill in it
	OrgID     int64   `query:"org_id"`
	Mine      bool    `query:"mine"` // only demands of orgs in the caller's scope
	Sort      string  `query:"sort"`
	Page      db.Page `query:"page"`
}

var demandSorts = map[string]string{"start": "d.start_on", "created": "d.created_at", "title": "d.title", "headcount": "d.headcount"}

func (s *Store) demandWhere(sc scope.Scope, f DemandFilter) (string, []any) {
	conds, args := []string{"1=1"}, []any{}
	if f.Mine {
		w, a := sc.Filter("d.area_path", "d.org_path")
		conds, args = append(conds, w), append(args, a...)
	}
	switch {
	case f.Status != "":
		conds, args = append(conds, "d.status = ?"), append(args, f.Status)
	case !f.AnyStatus:
		conds, args = append(conds, "d.status = ?"), append(args, DemandOpen)
	}
	if !f.Mine {
		conds, args = append(conds, "d.status <> ?"), append(args, DemandCancelled)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c1, a1 := db.Contains("d.title", q)
		c2, a2 := db.Contains("d.body", q)
		conds, args = append(conds, "("+c1+" OR "+c2+")"), append(args, a1, a2)
	}
	if f.Field != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM demand_skills ds JOIN skills k ON k.id = ds.skill_id WHERE ds.demand_id = d.id AND k.field_code = ?)")
		args = append(args, f.Field)
	}
	if f.OrgID != 0 {
		conds, args = append(conds, "d.org_id = ?"), append(args, f.OrgID)
	}
	return strings.Join(conds, " AND "), args
}

// ListDemands returns a page of the demand board and the (capped) total.
func (s *Store) ListDemands(ctx context.Context, sc scope.Scope, f DemandFilter) ([]Demand, int, error) {
	where, args := s.demandWhere(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), demandFrom+" WHERE "+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "demand count")
	}
	p := f.Page.Norm()
	var out []Demand
	err = s.EachDemand(ctx, sc, f, func(d Demand) error { out = append(out, d); return nil }, p)
	return out, total, err
}

// EachDemand streams the demands matching f, with their skills.
func (s *Store) EachDemand(ctx context.Context, sc scope.Scope, f DemandFilter, fn func(Demand) error, page ...db.Page) error {
	if err := db.CheckSort(f.Sort, demandSorts); err != nil {
		return err
	}
	where, args := s.demandWhere(sc, f)
	q := `SELECT ` + demandCols + demandFrom + ` WHERE ` + where + db.OrderBy(f.Sort, demandSorts, "d.start_on, d.id", "d.id")
	if len(page) > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, page[0].Limit, page[0].Offset)
	}
	var rows []Demand
	if err := db.Each(ctx, s.DB.Read(), q, args, scanDemand, func(d Demand) error { rows = append(rows, d); return nil }); err != nil {
		return apperr.Wrap(err, "demand list")
	}
	for i := range rows {
		if err := demandSkills(ctx, s.DB.Read(), &rows[i]); err != nil {
			return err
		}
		if err := fn(rows[i]); err != nil {
			return err
		}
	}
	return nil
}
