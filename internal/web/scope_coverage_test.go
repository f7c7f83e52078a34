package web_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"testing"
)

func TestScopeMatrixCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("coverage")
		runMatrix(t, e, routes, only(routes, serviceMatrix(e)))
	})
}
