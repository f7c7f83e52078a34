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
	if _, _, err := st.SetIndicators(ctx, v, []assess.Indicator{
		{Name: "三会一课落实", Weight: 20, Measure: assess.MeetingCompliance, Target: 100, Index: "organization"},
		{Name: "组织生活参会率", Weight: 10, Measure: assess.MeetingAttendance, Target: 90, Index: "organization"},
		{Name: "覆盖空白整改", Weight: 10, Measure: assess.GapsClosed, Target: 100, Index: "organization"},
		{Name: "点单服务满意率", Weight: 15, Measure: assess.OrderSatisfaction, Target: 90, Index: "service"},
		{Name: "点单超时率", Weight: 10, Measure: assess.OrderOverdue, Target: 20, Index: "service"},
		{Name: "项目推进", Weight: 10, Measure: assess.ProjectProgress, Target: 80, Index: "service"},
		{Name: "人才服务", Weight: 10, Measure: assess.TalentEngagement, Target: 2, Index: "talent"},
		{Name: "发展党员", Weight: 5, Measure: assess.CultivationProgress, Target: 2, Index: "talent"},
		{Name: "督查问题", Weight: 10, Measure: assess.SupervisionFindings, Target: 4, Index: "integrity"},
	}); err != nil {
		return err
	}
	for _, period := range []string{strconv.Itoa(demoYear), strconv.Itoa(time.Now().In(assess.Sanya).Year())} {
		if _, err := st.Apply(ctx, scope.Everything, v, period); err != nil {
			return err
		}
	}
	return nil
}
