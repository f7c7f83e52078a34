package web_test

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/assess"
	"dangjian/internal/audit"
)

// assessWorld is a scheme applied by 吉阳 to 2026: a run whose scores are
// 吉阳's only.
type assessWorld struct{ scheme, version, run int64 }

func (e *env) assess(t *testing.T) *assessWorld {
	t.Helper()
	if w, ok := assessWorlds.Load(e); ok {
		return w.(*assessWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &assess.Store{DB: e.s.DB}
	w := &assessWorld{}
	var err error
	if w.scheme, err = st.CreateScheme(ctx, "共享考核"); err != nil {
		t.Fatal(err)
	}
	sch, err := st.GetScheme(ctx, e.w.Jiyang.Scope, w.scheme)
	if err != nil {
		t.Fatal(err)
	}
	w.version = sch.Versions[0].ID
	if _, _, err = st.SetIndicators(ctx, w.version, []assess.Indicator{{Name: "督查", Weight: 100, Measure: assess.SupervisionFindings, Target: 3}}); err != nil {
		t.Fatal(err)
	}
	if w.run, err = st.Apply(ctx, e.w.Jiyang.Scope, w.version, "2026"); err != nil {
		t.Fatal(err)
	}
	assessWorlds.Store(e, w)
	t.Cleanup(func() { assessWorlds.Delete(e) })
	return w
}

var assessWorlds sync.Map // *env → *assessWorld
