package orglife

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Local is a meeting of an org, with the org's place: what a mobile
// member living there may be invited to (the declaration feature asks
// through internal/app).
type Local struct {
	ID, OrgID              int64
	OrgName, Title, HeldOn string
	AreaPath, OrgPath      string
}

// LocalMeetings are the meetings of orgs in scope whose area holds
// areaPath (every org in scope when it is empty), only meeting id when id
// is set, newest first, at most limit. q may be a transaction.
func LocalMeetings(ctx context.Context, q db.Querier, sc scope.Scope, areaPath string, id int64, limit int) ([]Local, error) {
	w, args := sc.Filter("o.area_path", "o.path")
	if areaPath != "" {
		w = "substr(?, 1, length(o.area_path)) = o.area_path AND " + w
		args = append([]any{areaPath}, args...)
	}
	if id != 0 {
		w += " AND m.id = ?"
		args = append(args, id)
	}
	var out []Local
	err := db.Each(ctx, q, `SELECT m.id, o.id, o.name, m.title, m.held_on, o.area_path, o.path FROM meetings m JOIN orgs o ON o.id = m.org_id
		WHERE `+w+` ORDER BY m.held_on DESC, m.id DESC LIMIT ?`, append(args, limit), func(r db.Scanner) (Local, error) {
		var x Local
		return x, r.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Title, &x.HeldOn, &x.AreaPath, &x.OrgPath)
	}, func(x Local) error { out = append(out, x); return nil })
	return out, apperr.Wrap(err, "local meetings")
}
