package service_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"testing"
)

func TestScopeMatrixService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("service")
		webtest.RunMatrix(t, e, routes, webtest.Only(routes, webtest.ServiceMatrix(e)))
	})
}
