package declaration

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// Declare records a declaration as pending, with its audit entry. Every
// submission is its own case with its own reference number: a second
// declaration of an ID number is never merged into the first (whoever came
// first does not own the ID number), it is flagged as a conflict beside the
// earlier open cases (Declaration.Conflict, Store.Conflicts) for staff to
// compare. Only a true replay is answered with the earlier case (created
// is false): the same signed-in account submitting the same kind, ID
// number, name and phone while its case is still pending. The caller shows
// the submitter no more than the reference number: the result carries
// masked data only.
func (s *Store) Declare(ctx context.Context, d Draft) (decl Declaration, created bool, err error) {
	if err := d.Validate(s.Today()); err != nil {
		return Declaration{}, false, err
	}
	hash := s.Vault.Hash(d.IDNumber)
	actor := audit.ActorFrom(ctx)
	var id int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if id, err = replayID(ctx, tx, d, hash, actor.UserID); err != nil || id != 0 {
			return err
		}
		t, err := resolve(ctx, tx, &d)
		if err != nil {
			return err
		}
		open, err := openCases(ctx, tx, hash)
		if err != nil {
			return err
		}
		id, err = db.InsertID(ctx, tx, `INSERT INTO declarations (kind, status, name, id_enc, id_hash, id_mask, phone_enc, phone_mask, unit_id, unit_name,
			org_id, home_org, area_id, area_path, org_path, joined_on, note, channel, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			d.Kind, Pending, d.Name, s.Vault.Seal(d.IDNumber), hash, pii.MaskID(d.IDNumber), s.Vault.Seal(d.Phone), pii.MaskPhone(d.Phone),
			db.NullID(t.unitID), d.UnitName, db.NullID(t.orgID), d.HomeOrg, t.areaID, t.areaPath, db.NullStr(t.orgPath), d.JoinedOn, d.Note,
			d.Channel, db.NullID(actor.UserID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "declaration insert")
		}
		created = true
		return audit.Record(ctx, tx, "declaration.create", "declaration", id, map[string]any{"kind": d.Kind, "name": d.Name,
			"id_number": pii.MaskID(d.IDNumber), "org_id": t.orgID, "area_id": t.areaID, "unit_id": t.unitID, "channel": d.Channel,
			"conflicts_with": open})
	})
	if err != nil {
		return Declaration{}, false, err
	}
	decl, err = s.Get(ctx, scope.Everything, id)
	return decl, created, err
}

// replayID is the pending case the same account submitted with the same
// kind, ID number, name and phone (a double submission), or 0. An
// anonymous submitter has no account and is never matched: an anonymous
// submission always opens a case.
func replayID(ctx context.Context, q db.Querier, d Draft, hash string, userID int64) (int64, error) {
	if userID == 0 {
		return 0, nil
	}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM declarations WHERE id_hash = ? AND status = ? AND kind = ? AND created_by = ? AND name = ? AND phone_mask = ?
		ORDER BY id DESC LIMIT 1`, hash, Pending, d.Kind, userID, d.Name, pii.MaskPhone(d.Phone)).Scan(&id)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return 0, nil
	}
	return id, apperr.Wrap(err, "declaration replay")
}

// openCases are the ids of the pending and confirmed declarations of an ID
// number, oldest first.
func openCases(ctx context.Context, q db.Querier, hash string) ([]int64, error) {
	ids := []int64{}
	err := db.Each(ctx, q, `SELECT id FROM declarations WHERE id_hash = ? AND status IN (?, ?) ORDER BY id`, []any{hash, Pending, Confirmed},
		func(r db.Scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, func(id int64) error { ids = append(ids, id); return nil })
	return ids, apperr.Wrap(err, "declaration open cases")
}
