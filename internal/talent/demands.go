package talent

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/scope"
)

const demandCols = `d.id, d.org_id, o.name, d.org_path, d.area_id, a.name, d.area_path, d.title, d.body, d.channel, d.place,
	d.lat, d.lng, d.mode, d.start_on, d.end_on, d.slots, d.headcount, d.taken, d.status, d.created_at`

const demandFrom = ` FROM demands d JOIN orgs o ON o.id = d.org_id JOIN areas a ON a.id = d.area_id`

func scanDemand(r db.Scanner) (Demand, error) {
	var d Demand
	err := r.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &d.AreaID, &d.AreaName, &d.AreaPath, &d.Title, &d.Body, &d.Channel, &d.Place,
		&d.Lat, &d.Lng, &d.Mode, &d.Start, &d.End, &d.Slots, &d.Headcount, &d.Taken, &d.Status, &d.CreatedAt)
	return d, err
}

// demandSkills loads a demand's required and optional skill codes.
func demandSkills(ctx context.Context, q db.Querier, d *Demand) error {
	d.Required, d.Optional = []string{}, []string{}
	rows, err := q.QueryContext(ctx, `SELECT k.code, ds.required FROM demand_skills ds JOIN skills k ON k.id = ds.skill_id WHERE ds.demand_id = ? ORDER BY k.code`, d.ID)
	if err != nil {
		return apperr.Wrap(err, "demand skills")
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var req bool
		if err := rows.Scan(&c, &req); err != nil {
			return apperr.Wrap(err, "demand skills")
		}
		if req {
			d.Required = append(d.Required, c)
		} else {
			d.Optional = append(d.Optional, c)
		}
	}
	return apperr.Wrap(rows.Err(), "demand skills")
}

// GetDemand returns a demand. Open, filled and closed demands are public on
// the board; a cancelled one is visible only inside its org's scope.
func (s *Store) GetDemand(ctx context.Context, sc scope.Scope, id int64) (Demand, error) {
	d, err := scanDemand(s.DB.Read().QueryRowContext(ctx, `SELECT `+demandCols+demandFrom+` WHERE d.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && d.Status == DemandCancelled && !sc.HasRow(d.AreaPath, d.OrgPath)) {
		return Demand{}, apperr.ErrNotFound
	}
	if err != nil {
		return Demand{}, apperr.Wrap(err, "demand get")
	}
	return d, demandSkills(ctx, s.DB.Read(), &d)
}

// ownDemand loads a demand whose org is in scope, for writing.
func (s *Store) ownDemand(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Demand, error) {
	d, err := scanDemand(q.QueryRowContext(ctx, `SELECT `+demandCols+demandFrom+` WHERE d.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasRow(d.AreaPath, d.OrgPath)) {
		return Demand{}, apperr.ErrNotFound
	}
	if err != nil {
		return Demand{}, apperr.Wrap(err, "demand get")
	}
	return d, demandSkills(ctx, q, &d)
}

// prepareDemand validates a demand and resolves its skills, org, area and
// place. The org must be in scope; the demand's area defaults to the org's.
func (s *Store) prepareDemand(ctx context.Context, q db.Querier, sc scope.Scope, d *Demand, isNew bool) error {
	var err error
	if d.Required, err = s.Tax.ResolveAll("required", d.Required); err != nil {
		return err
	}
	if d.Optional, err = s.Tax.ResolveAll("optional", d.Optional); err != nil {
		return err
	}
	if err := d.Validate(today(s.Clock), isNew); err != nil {
		return err
	}
	if d.OrgPath, err = org.PathIn(ctx, q, sc, d.OrgID, "org_id"); err != nil {
		return err
	}
	if d.AreaID == 0 {
		if err := q.QueryRowContext(ctx, `SELECT area_id FROM orgs WHERE id = ?`, d.OrgID).Scan(&d.AreaID); err != nil {
			return apperr.Wrap(err, "demand org area")
		}
	}
	if d.AreaPath, err = area.PathIn(ctx, q, scope.Everything, d.AreaID); err != nil {
		return apperr.InvalidField("area_id", "err.area_missing")
	}
	if d.Lat == 0 && d.Lng == 0 {
		if d.Lat, d.Lng, err = area.Centre(ctx, q, d.AreaID); err != nil {
			return err
		}
	}
	in, err := area.InCity(ctx, q, d.Lat, d.Lng)
	if err != nil {
		return err
	}
	if !in {
		return apperr.InvalidField("lat", "err.talent.outside_city")
	}
	return nil
}

// CreateDemand posts a demand to the board for an org in scope.
func (s *Store) CreateDemand(ctx context.Context, sc scope.Scope, d Demand) (Demand, error) {
	d.Status, d.Taken = DemandOpen, 0
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := s.prepareDemand(ctx, tx, sc, &d, true); err != nil {
			return err
		}
		rev, err := touch(ctx, tx)
		if err != nil {
			return err
		}
		now := s.Clock.Stamp()
		d.ID, err = db.InsertID(ctx, tx, `INSERT INTO demands (org_id, org_path, area_id, area_path, title, body, channel, place, lat, lng,
			mode, start_on, end_on, slots, headcount, status, created_by, rev, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			d.OrgID, d.OrgPath, d.AreaID, d.AreaPath, d.Title, d.Body, d.Channel, d.Place, d.Lat, d.Lng,
			d.Mode, d.Start, d.End, int64(d.Slots), d.Headcount, d.Status, db.NullID(audit.ActorFrom(ctx).UserID), rev, now, now)
		if err != nil {
			return apperr.Wrap(err, "demand insert")
		}
		if err := s.writeDemandSkills(ctx, tx, d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "demand.create", "demand", d.ID, map[string]any{"title": d.Title, "org_id": d.OrgID, "required": d.Required})
	})
	if err != nil {
		return Demand{}, err
	}
	if d, err = s.GetDemand(ctx, sc, d.ID); err != nil {
		return Demand{}, err
	}
	announce(s.AnnounceDemand(ctx, d), "demand", d.ID)
	return d, nil
}

func (s *Store) writeDemandSkills(ctx context.Context, tx *db.Tx, d Demand) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM demand_skills WHERE demand_id = ?`, d.ID); err != nil {
		return apperr.Wrap(err, "demand skills clear")
	}
	for _, set := range []struct {
		codes []string
		req   bool
	}{{d.Required, true}, {d.Optional, false}} {
		for _, c := range set.codes {
			sk, _ := s.Tax.Get(c)
			if _, err := tx.ExecContext(ctx, `INSERT INTO demand_skills (demand_id, skill_id, required) VALUES (?, ?, ?)`, d.ID, sk.ID, set.req); err != nil {
				return apperr.Wrap(err, "demand skill insert")
			}
		}
	}
	return nil
}

// UpdateDemand edits an open demand. The headcount may not drop below the
// talents already taken; the start may stay in the past if it was.
func (s *Store) UpdateDemand(ctx context.Context, sc scope.Scope, d Demand) (Demand, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.ownDemand(ctx, tx, sc, d.ID)
		if err != nil {
			return err
		}
		if cur.Status != DemandOpen && cur.Status != DemandFilled {
			return apperr.New(apperr.Conflict, "err.talent.demand_not_open")
		}
		if err := s.prepareDemand(ctx, tx, sc, &d, d.Start != cur.Start); err != nil {
			return err
		}
		if d.Headcount < cur.Taken {
			return apperr.InvalidField("headcount", "err.talent.headcount_below_taken").With("taken", cur.Taken)
		}
		status := DemandOpen
		if cur.Taken >= d.Headcount {
			status = DemandFilled
		}
		rev, err := touch(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE demands SET org_id=?, org_path=?, area_id=?, area_path=?, title=?, body=?, channel=?, place=?,
			lat=?, lng=?, mode=?, start_on=?, end_on=?, slots=?, headcount=?, status=?, rev=?, updated_at=? WHERE id = ?`,
			d.OrgID, d.OrgPath, d.AreaID, d.AreaPath, d.Title, d.Body, d.Channel, d.Place, d.Lat, d.Lng, d.Mode, d.Start, d.End,
			int64(d.Slots), d.Headcount, status, rev, s.Clock.Stamp(), d.ID); err != nil {
			return apperr.Wrap(err, "demand update")
		}
		if err := s.writeDemandSkills(ctx, tx, d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "demand.update", "demand", d.ID, map[string]any{"title": d.Title, "headcount": d.Headcount})
	})
	if err != nil {
		return Demand{}, err
	}
	return s.GetDemand(ctx, sc, d.ID)
}

// SetDemandStatus closes or cancels a demand (or reopens a closed one).
func (s *Store) SetDemandStatus(ctx context.Context, sc scope.Scope, id int64, st DemandStatus) (Demand, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.ownDemand(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		ok := (st == DemandClosed && (cur.Status == DemandOpen || cur.Status == DemandFilled)) ||
			(st == DemandCancelled && cur.Status == DemandOpen && cur.Taken == 0) ||
			(st == DemandOpen && cur.Status == DemandClosed && cur.Taken < cur.Headcount)
		if !ok {
			return apperr.New(apperr.Conflict, "err.talent.demand_transition").With("from", string(cur.Status)).With("to", string(st))
		}
		return s.setDemandStatus(ctx, tx, id, cur.Status, st)
	})
	if err != nil {
		return Demand{}, err
	}
	return s.GetDemand(ctx, sc, id)
}

func (s *Store) setDemandStatus(ctx context.Context, tx *db.Tx, id int64, from, to DemandStatus) error {
	rev, err := touch(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE demands SET status = ?, rev = ?, updated_at = ? WHERE id = ?`, to, rev, s.Clock.Stamp(), id); err != nil {
		return apperr.Wrap(err, "demand status")
	}
	return audit.Record(ctx, tx, "demand.status", "demand", id, map[string]any{"from": from, "to": to})
}
