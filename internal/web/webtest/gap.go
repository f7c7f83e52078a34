package webtest

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/gap"
	"dangjian/internal/scope"
	"dangjian/internal/unit"
)

// gapWorld is an uncovered unit in each district and the city-wide scan's
// open actions for them.
type GapWorld struct {
	htUnit, JyUnit unit.Unit
	HtGap, JyGap   int64
}

var (
	gapMu     sync.Mutex
	gapWorlds = map[*Env]*GapWorld{}
)

// gaps makes the gap world once per env.
func (e *Env) Gaps(t *testing.T) *GapWorld {
	t.Helper()
	gapMu.Lock()
	defer gapMu.Unlock()
	if g := gapWorlds[e]; g != nil {
		return g
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{Username: "test"})
	g := &GapWorld{}
	var err error
	if g.htUnit, err = e.S.Units.Create(ctx, scope.Everything, unit.Unit{Name: "海棠湾快递站", Kind: "platform", ChainTags: []string{"新就业群体"}, AreaID: e.W.Haitang.Village.ID}); err != nil {
		t.Fatal(err)
	}
	if g.JyUnit, err = e.S.Units.Create(ctx, scope.Everything, unit.Unit{Name: "JY快递驿站", Kind: "platform", ChainTags: []string{"吉阳物流链"}, AreaID: e.W.Jiyang.Village.ID}); err != nil {
		t.Fatal(err)
	}
	st := &gap.Store{DB: e.S.DB}
	if _, err := st.Scan(ctx, scope.Everything); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		u  unit.Unit
		id *int64
	}{{g.htUnit, &g.HtGap}, {g.JyUnit, &g.JyGap}} {
		items, _, err := st.List(ctx, scope.Everything, gap.Filter{UnitID: x.u.ID, Status: gap.Open})
		if err != nil || len(items) != 1 {
			t.Fatalf("gap of %s: %d %v", x.u.Name, len(items), err)
		}
		*x.id = items[0].ID
	}
	gapWorlds[e] = g
	t.Cleanup(func() { gapMu.Lock(); delete(gapWorlds, e); gapMu.Unlock() })
	return g
}

// gapLeak fails when a response shows 吉阳's uncovered unit or its chain.
