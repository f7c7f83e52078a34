package vanguard

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Local is a team's activity with its org's place: what a mobile member
// living there may be invited to (the declaration feature asks through
// internal/app).
type Local struct {
	ID, TeamID, OrgID      int64
	OrgName, Title, HeldOn string
	AreaPath, OrgPath      string
}

// LocalActivities are the activities of teams of orgs in scope whose area
// holds areaPath (every org in scope when it is empty), only activity id
// when id is set, newest first, at most limit; the title leads with the
// team's name. q may be a transaction.
func LocalActivities(ctx context.Context, q db.Querier, sc scope.Scope, areaPath string, id int64, limit int) ([]Local, error) {
	w, args := sc.Filter("o.area_path", "o.path")
	if areaPath != "" {
		w = "substr(?, 1, length(o.area_path)) = o.area_path AND " + w
		args = append([]any{areaPath}, args...)
	}
	if id != 0 {
		w += " AND a.id = ?"
		args = append(args, id)
	}
	var out []Local
	err := db.Each(ctx, q, `SELECT a.id, t.id, o.id, o.name, t.name || '：' || a.title, a.held_on, o.area_path, o.path FROM vanguard_activities a
		JOIN vanguard_teams t ON t.id = a.team_id JOIN orgs o ON o.id = t.org_id
		WHERE `+w+` ORDER BY a.held_on DESC, a.id DESC LIMIT ?`, append(args, limit), func(r db.Scanner) (Local, error) {
		var x Local
		return x, r.Scan(&x.ID, &x.TeamID, &x.OrgID, &x.OrgName, &x.Title, &x.HeldOn, &x.AreaPath, &x.OrgPath)
	}, func(x Local) error { out = append(out, x); return nil })
	return out, apperr.Wrap(err, "local activities")
}
