package coverage_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"testing"
)

func TestScopeMatrixCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("coverage")
		webtest.RunMatrix(t, e, routes, webtest.Only(routes, webtest.ServiceMatrix(e)))
	})
}
