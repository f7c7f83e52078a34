package app

import (
	"cmp"
	"context"
	"slices"

	"dangjian/internal/db"
	"dangjian/internal/declaration"
	"dangjian/internal/orglife"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
	"dangjian/internal/vanguard"
)

// Declarations is the declaration store whose mobile members are invited
// to the meetings of internal/orglife and the activities of
// internal/vanguard, which it finds through those features.
func Declarations(d *db.DB, v *pii.Vault) *declaration.Store {
	return &declaration.Store{DB: d, Vault: v, Source: invitable}
}

// invitable is the declaration feature's EventSource: the meetings and
// the activities of the query, newest first (held on, then kind, then id
// down), at most its limit.
func invitable(ctx context.Context, q db.Querier, sc scope.Scope, f declaration.EventQuery) ([]declaration.EventRow, error) {
	var out []declaration.EventRow
	if f.ID == 0 || f.Kind == declaration.MeetingEvent {
		ms, err := orglife.LocalMeetings(ctx, q, sc, f.AreaPath, f.ID, f.Limit)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out = append(out, declaration.EventRow{Event: declaration.Event{Kind: declaration.MeetingEvent, ID: m.ID, OrgName: m.OrgName, Title: m.Title, HeldOn: m.HeldOn},
				OrgID: m.OrgID, AreaPath: m.AreaPath, OrgPath: m.OrgPath})
		}
	}
	if f.ID == 0 || f.Kind == declaration.ActivityEvent {
		as, err := vanguard.LocalActivities(ctx, q, sc, f.AreaPath, f.ID, f.Limit)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			out = append(out, declaration.EventRow{Event: declaration.Event{Kind: declaration.ActivityEvent, ID: a.ID, OrgName: a.OrgName, Title: a.Title, HeldOn: a.HeldOn},
				OrgID: a.OrgID, AreaPath: a.AreaPath, OrgPath: a.OrgPath, TeamID: a.TeamID})
		}
	}
	slices.SortFunc(out, func(a, b declaration.EventRow) int {
		return cmp.Or(cmp.Compare(b.HeldOn, a.HeldOn), cmp.Compare(a.Kind, b.Kind), cmp.Compare(b.ID, a.ID))
	})
	if len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
