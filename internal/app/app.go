// Package app wires the feature stores whose work reaches into another
// feature: the hooks between features live here, where the application is
// assembled, so that the server, the demo and the command line all get
// them. A feature package knows only its own hook's signature.
package app

import (
	"dangjian/internal/assess"
	"dangjian/internal/db"
	"dangjian/internal/declaration"
	"dangjian/internal/orglife"
	"dangjian/internal/vanguard"
)

// Orglife is the organizational-life store whose recorded, changed or
// deleted meetings rescore their org in the open assessment runs.
func Orglife(d *db.DB) *orglife.Store {
	return &orglife.Store{DB: d, Changed: (&assess.Store{DB: d}).MeetingRecorded}
}

// Vanguard is the vanguard store that counts an activity's invitations
// (the declaration feature's) before it deletes the activity.
func Vanguard(d *db.DB) *vanguard.Store {
	return &vanguard.Store{DB: d, Invited: declaration.InvitedTo}
}
