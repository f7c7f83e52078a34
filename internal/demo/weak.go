package demo

import (
	"context"
	"time"

	"dangjian/internal/scope"
	"dangjian/internal/weak"
)

// writeWeak runs one weak-branch detection (软弱涣散排查) over everything as
// of the demo's "today" (the last day of demoYear, the year the meetings
// were recorded for), so the demo opens with flagged branches, their
// reasons and an open rectification case each.
func (g *gen) writeWeak(ctx context.Context) error {
	today := time.Date(demoYear, 12, 31, 12, 0, 0, 0, weak.Sanya)
	st := &weak.Store{DB: g.d, Clock: func() time.Time { return today }}
	_, err := st.Run(ctx, scope.Everything)
	return err
}
