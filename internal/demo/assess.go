package demo

import (
	"context"
	"strconv"
	"time"

	"dangjian/internal/assess"
	"dangjian/internal/scope"
)

// writeAssess defines the demo's indicator scheme (基层党组织考核) over every
// measure the platform holds, applies it to demoYear — a closed period, so
// its version is locked and an edit makes a new one — and to the current
// year, an open run whose scores follow the meetings recorded from now on.
func (g *gen) writeAssess(ctx context.Context) error {
	st := &assess.Store{DB: g.d}
	id, err := st.CreateScheme(ctx, "基层党组织年度考核")
	if err != nil {
		return err
	}
	sch, err := st.GetScheme(ctx, scope.Everything, id)
	if err != nil {
		return err
	}
	v := sch.Versions[0].ID
	if _, _, err := st.SetIndicators(ctx, v, assess.StandardIndicators()); err != nil {
		return err
	}
	for _, period := range []string{strconv.Itoa(demoYear), strconv.Itoa(time.Now().In(assess.Sanya).Year())} {
		if _, err := st.Apply(ctx, scope.Everything, v, period); err != nil {
			return err
		}
	}
	return nil
}
