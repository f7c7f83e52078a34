package webtest

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
type ServiceWorld struct {
	*testfix.Service
	HtPost  post.Post   // 海棠区's centre
	JyOrder order.Order // 吉阳区's order, placed by resident1
	jyRun   int64
}

// service builds the fixture once per env.
func (e *Env) Service(t *testing.T) *ServiceWorld {
	t.Helper()
	if e.sv != nil {
		return e.sv
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	sv := &ServiceWorld{Service: testfix.BuildService(t, e.W)}
	var err error
	if sv.HtPost, err = e.S.Posts.Create(ctx, scope.Everything, post.Post{Code: "HT-P1", Name: "海棠测试服务中心", Level: post.LevelDistrict,
		AreaID: e.W.Haitang.Area.ID, Status: post.Open, Batch: "HT批"}); err != nil {
		t.Fatal(err)
	}
	if sv.JyOrder, err = e.S.Orders.Submit(ctx, sv.Draft("fixture")); err != nil {
		t.Fatal(err)
	}
	e.sv = sv
	return sv
}

// JyRun is a finished coverage run in 吉阳区's scope.
func (e *Env) JyRun(t *testing.T) int64 {
	t.Helper()
	sv := e.Service(t)
	if sv.jyRun != 0 {
		return sv.jyRun
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	id, err := e.S.Coverage.Start(ctx, context.Background(), e.W.Jiyang.Scope, 0, "coverage", map[string]int{"minutes": 15},
		func(context.Context, coverage.Progress) (any, any, error) {
			return map[string]int{}, coverage.Result{}, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.S.Coverage.Wait(ctx, e.W.Jiyang.Scope, id, 10*time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	sv.jyRun = id
	return id
}
