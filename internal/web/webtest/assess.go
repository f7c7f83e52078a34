package webtest

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/assess"
	"dangjian/internal/audit"
)

// assessWorld is a scheme applied by 吉阳 to 2026: a run whose scores are
// 吉阳's only.
type AssessWorld struct{ Scheme, Version, Run int64 }

func (e *Env) Assess(t *testing.T) *AssessWorld {
	t.Helper()
	if w, ok := assessWorlds.Load(e); ok {
		return w.(*AssessWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &assess.Store{DB: e.S.DB}
	w := &AssessWorld{}
	var err error
	if w.Scheme, err = st.CreateScheme(ctx, "共享考核"); err != nil {
		t.Fatal(err)
	}
	sch, err := st.GetScheme(ctx, e.W.Jiyang.Scope, w.Scheme)
	if err != nil {
		t.Fatal(err)
	}
	w.Version = sch.Versions[0].ID
	if _, _, err = st.SetIndicators(ctx, w.Version, []assess.Indicator{{Name: "督查", Weight: 100, Measure: assess.SupervisionFindings, Target: 3}}); err != nil {
		t.Fatal(err)
	}
	if w.Run, err = st.Apply(ctx, e.W.Jiyang.Scope, w.Version, "2026"); err != nil {
		t.Fatal(err)
	}
	assessWorlds.Store(e, w)
	t.Cleanup(func() { assessWorlds.Delete(e) })
	return w
}

var assessWorlds sync.Map // *Env → *AssessWorld
