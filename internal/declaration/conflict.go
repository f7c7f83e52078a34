package declaration

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/validation"
)

// Conflicts. Two declarations of one ID number are in conflict while both
// are open (pending or confirmed) and at least one is pending or both are
// of one kind: a confirmed pocket declaration and a confirmed mobile
// registration of the same person are the same member twice, not a
// conflict. The flag is computed when read (from id_hash and status), so
// two submissions racing each other cannot hide it, and it clears once the
// other cases are rejected.

// conflictSQL is the flag of declaration d as a 0/1 column.
const conflictSQL = `CASE WHEN d.status <> 'rejected' AND EXISTS (SELECT 1 FROM declarations e WHERE e.id_hash = d.id_hash AND e.id <> d.id
	AND e.status IN ('pending', 'confirmed') AND (e.status = 'pending' OR d.status = 'pending' OR e.kind = d.kind)) THEN 1 ELSE 0 END`

// Conflict is another declaration of the same ID number, as staff deciding
// a declaration see it beside the one in front of them: masked like the
// declaration itself, without the claimed org, area or unit. InScope says
// whether staff may open it; one outside the scope shows only that it
// exists (kind, status, channel, time), not its reference, name or phone.
type Conflict struct {
	ID        int64     `json:"id,omitempty"`
	Kind      Kind      `json:"kind"`
	Status    Status    `json:"status"`
	Name      string    `json:"name,omitempty"`
	IDMask    string    `json:"id_number_masked"`
	PhoneMask string    `json:"phone_masked,omitempty"`
	Channel   Channel   `json:"channel,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Conflict  bool      `json:"conflict"`
	InScope   bool      `json:"in_scope"`
}

// Conflicts returns the other declarations of the ID number of a
// declaration in scope (the declaration itself is not found outside it),
// oldest first. Those of another org's or area's scope are listed too —
// the person may have been declared elsewhere by someone else — but only
// as existing: no reference, name, phone or place.
func (s *Store) Conflicts(ctx context.Context, sc scope.Scope, id int64) ([]Conflict, error) {
	q := s.DB.Read()
	if _, err := get(ctx, q, sc, id); err != nil {
		return nil, err
	}
	out := []Conflict{}
	err := db.Each(ctx, q, `SELECT d.id, d.kind, d.status, d.name, d.id_mask, d.phone_mask, d.channel, d.created_at, `+conflictSQL+`,
		d.area_path, COALESCE(d.org_path, '') FROM declarations d JOIN declarations x ON x.id_hash = d.id_hash
		WHERE x.id = ? AND d.id <> x.id ORDER BY d.created_at, d.id`, []any{id}, func(r db.Scanner) (Conflict, error) {
		var c Conflict
		var areaPath, orgPath string
		err := r.Scan(&c.ID, &c.Kind, &c.Status, &c.Name, &c.IDMask, &c.PhoneMask, &c.Channel, &c.CreatedAt, &c.Conflict, &areaPath, &orgPath)
		if c.InScope = sc.HasRow(areaPath, orgPath); !c.InScope {
			c.ID, c.Name, c.PhoneMask = 0, "", ""
		}
		return c, err
	}, func(c Conflict) error { out = append(out, c); return nil })
	return out, apperr.Wrap(err, "declaration conflicts")
}

// check validates and normalizes how the person was checked.
func (dec *Decision) check() error {
	dec.Note = strings.TrimSpace(dec.Note)
	if dec.Method != VerifyPhone && dec.Method != VerifyInPerson {
		return apperr.InvalidField("verify_method", "err.declaration.verify_method")
	}
	return validation.Text(dec.Note, "verify_note", 2, MaxVerifyNote)
}

// confirmable locks the declarations of an ID number for the rest of the
// transaction (a no-op update: two staff confirming two cases of one ID
// number at once are serialized) and refuses the confirmation when a case
// of the same kind is already confirmed. It returns the other open cases,
// for the audit entry.
func confirmable(ctx context.Context, tx *db.Tx, d Declaration, hash string) ([]int64, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE declarations SET id_hash = id_hash WHERE id_hash = ?`, hash); err != nil {
		return nil, apperr.Wrap(err, "declaration lock")
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM declarations WHERE id_hash = ? AND kind = ? AND status = ? AND id <> ?`,
		hash, d.Kind, Confirmed, d.ID).Scan(&n); err != nil {
		return nil, apperr.Wrap(err, "declaration confirmed twin")
	}
	if n > 0 {
		return nil, apperr.New(apperr.Conflict, "err.declaration.id_confirmed")
	}
	open, err := openCases(ctx, tx, hash)
	others := open[:0]
	for _, id := range open {
		if id != d.ID {
			others = append(others, id)
		}
	}
	return others, err
}

// openConflict reports whether declaration id is in conflict (see
// conflictSQL): such a registration is not invited anywhere until staff
// decided the other cases.
func openConflict(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var c bool
	err := q.QueryRowContext(ctx, `SELECT `+conflictSQL+` FROM declarations d WHERE d.id = ?`, id).Scan(&c)
	return c, apperr.Wrap(err, "declaration conflict")
}
