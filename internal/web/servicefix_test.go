package web_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/coverage"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// serviceWorld is the service fixture of the web tests: the 吉阳区 post
// chain with its menus and accounts (testfix.Service), a 海棠区 centre,
// and one 吉阳区 order placed by resident1.
type serviceWorld struct {
	*testfix.Service
	htPost  post.Post
	jyOrder order.Order
	jyRun   int64
}

// service builds the fixture once per env.
func (e *env) service(t *testing.T) *serviceWorld {
	t.Helper()
	if e.sv != nil {
		return e.sv
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	sv := &serviceWorld{Service: testfix.BuildService(t, e.w)}
	var err error
	if sv.htPost, err = e.s.Posts.Create(ctx, scope.Everything, post.Post{Code: "HT-P1", Name: "海棠测试服务中心", Level: post.LevelDistrict,
		AreaID: e.w.Haitang.Area.ID, Status: post.Open, Batch: "HT批"}); err != nil {
		t.Fatal(err)
	}
	if sv.jyOrder, err = e.s.Orders.Submit(ctx, sv.Draft("fixture")); err != nil {
		t.Fatal(err)
	}
	e.sv = sv
	return sv
}

// jyRun is a finished coverage run in 吉阳区's scope.
func (e *env) jyRun(t *testing.T) int64 {
	t.Helper()
	sv := e.service(t)
	if sv.jyRun != 0 {
		return sv.jyRun
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	id, err := e.s.Coverage.Start(ctx, context.Background(), e.w.Jiyang.Scope, 0, "coverage", map[string]int{"minutes": 15},
		func(context.Context, coverage.Progress) (any, any, error) {
			return map[string]int{}, coverage.Result{}, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Coverage.Wait(ctx, e.w.Jiyang.Scope, id, 10*time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	sv.jyRun = id
	return id
}
