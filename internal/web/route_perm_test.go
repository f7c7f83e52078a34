package web_test

import (
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// readPerms are the permissions that only let an account look.
var readPerms = map[string]bool{
	auth.PermRegistryRead: true, auth.PermAuditRead: true, auth.PermTalentRead: true, auth.PermServiceRead: true,
}

func isReadPerm(p string) bool { return readPerms[p] || strings.HasSuffix(p, ".read") }

// openWrites are the write routes meant for anyone (Public) or for any
// signed-in account (AnyUser); each handler checks what it touches.
var openWrites = map[string]bool{
	// Signing in and out, for every account.
	"POST /login": true, "POST /logout": true,
	"POST /api/v1/session": true, "DELETE /api/v1/session": true,
	// Public self-service: a talent signs up, a mobile member declares.
	"POST /join": true, "POST /api/v1/join": true,
	"POST /declare": true, "POST /api/v1/declarations": true,
	// Open311 clients post requests with an API key the handler checks;
	// the catch-all answers 404 for unknown formats.
	"POST /open311/v2/requests.json": true, "POST /open311/v2/requests.xml": true, "POST /open311/v2/{path...}": true,
	// A signed-in mobile member registers their own record.
	"POST /mobile": true, "POST /api/v1/mobile": true,
	// Engagements: the handler lets the engaged talent or talent.match staff
	// act, in scope (talent.Actor).
	"POST /engagements/{id}/rate": true, "POST /engagements/{id}/{step}": true,
	"POST /api/v1/engagements/{id}/rating": true, "POST /api/v1/engagements/{id}/{step}": true,
	// An account's own notifications and saved interests.
	"POST /notifications/read": true, "POST /interests": true, "POST /interests/{id}/delete": true,
}

// TestWriteRoutesNeedWritePermission walks the route table: a route that
// changes something may not be guarded by a read-only permission, and one
// open to anyone or any account must be on the list above.
func TestWriteRoutesNeedWritePermission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		for _, rt := range e.S.Routes() {
			if rt.Method == "GET" || rt.Method == "HEAD" {
				continue
			}
			key := rt.Method + " " + rt.Pattern
			switch {
			case isReadPerm(rt.Perm):
				t.Errorf("%s changes data but needs only %q", key, rt.Perm)
			case (rt.Perm == "public" || rt.Perm == "user") && !openWrites[key]:
				t.Errorf("%s is open (%s) but not on the allow-list", key, rt.Perm)
			}
		}
	})
}
