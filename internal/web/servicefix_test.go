package web_test

import (
	"context"
	"testing"

	"dangjian/internal/audit"
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
