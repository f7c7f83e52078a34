package person

import (
	"context"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
)

// Other features move a person in the registry as part of their own
// workflow, in their own transaction: the recruitment pipeline sets the
// status a step reaches, a confirmed declaration attaches a pocket or
// mobile member, an approved transfer moves a member to the receiving
// org. The person package owns the people table, so those writes are
// here; each stamps the people revision so every name index sees it. The
// caller checks its scope and records its audit entry.

// Membership is where a person belongs: registry status, org, and the
// date they joined the party.
type Membership struct {
	Status   Status
	OrgID    int64
	OrgPath  string
	JoinedOn string
}

// SetMembership sets a person's status, org and joined date (the
// recruitment pipeline).
func SetMembership(ctx context.Context, tx *db.Tx, id int64, m Membership, now time.Time) error {
	rev, err := Touch(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET status = ?, org_id = ?, org_path = ?, joined_on = ?, rev = ?, updated_at = ? WHERE id = ?`,
		m.Status, m.OrgID, m.OrgPath, m.JoinedOn, rev, now, id); err != nil {
		return apperr.Wrap(err, "person membership")
	}
	return nil
}

// Declared attaches a confirmed declaration's member: the membership and
// the unit; a mobile member (流动党员) is flagged mobile, and a pocket
// member (口袋党员), now attached to an org, is no longer in the pocket.
func Declared(ctx context.Context, tx *db.Tx, id int64, m Membership, unitID int64, mobile bool, now time.Time) error {
	rev, err := Touch(ctx, tx)
	if err != nil {
		return err
	}
	set, flag := `pocket = ?`, false
	if mobile {
		set, flag = `mobile = ?`, true
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET `+set+`, status = ?, joined_on = ?, org_id = ?, org_path = ?, unit_id = ?, rev = ?, updated_at = ? WHERE id = ?`,
		flag, m.Status, m.JoinedOn, db.NullID(m.OrgID), db.NullStr(m.OrgPath), db.NullID(unitID), rev, now, id); err != nil {
		return apperr.Wrap(err, "person declared")
	}
	return nil
}

// Move moves a member from org from to org to, whose path and area path
// are given; the member's registered area follows the receiving org. It
// reports false when the member is no longer in from.
func Move(ctx context.Context, tx *db.Tx, id, from, to int64, toPath, toAreaPath string, now time.Time) (bool, error) {
	rev, err := Touch(ctx, tx)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE people SET org_id = ?, org_path = ?, area_id = (SELECT area_id FROM orgs WHERE id = ?), area_path = ?, rev = ?, updated_at = ? WHERE id = ? AND org_id = ?`,
		to, toPath, to, toAreaPath, rev, now, id, from)
	if err != nil {
		return false, apperr.Wrap(err, "person move")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, apperr.Wrap(err, "person move count")
	}
	return n > 0, nil
}
