package app

import (
	"testing"

	"dangjian/internal/db/dbtest"
)

// TestOrglifeRescores: the store the server and the demo build has the
// assessment hook, so no caller records meetings that skip rescoring.
func TestOrglifeRescores(t *testing.T) {
	st := Orglife(dbtest.Open(t, "sqlite"))
	if st.Changed == nil {
		t.Fatal("the organizational-life store has no rescoring hook")
	}
}

// TestVanguardCountsInvitations: the vanguard store asks the declaration
// feature for an activity's invitations, rather than reading its table.
func TestVanguardCountsInvitations(t *testing.T) {
	if Vanguard(dbtest.Open(t, "sqlite")).Invited == nil {
		t.Fatal("the vanguard store has no invitation count")
	}
}
