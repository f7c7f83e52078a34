package demo

import (
	"context"
	crand "crypto/rand"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/scope"
)

// orderCounts is how many orders each scale places over the past year.
var orderCounts = map[Scale]int{Tiny: 40, City: 1200, Province: 3000}

var needs = map[string][]string{
	"health":      {"家中老人行动不便，希望上门测血压血糖", "孩子疫苗接种时间咨询", "慢性病用药指导"},
	"elderly":     {"独居老人需要助餐服务", "申请居家养老上门照护", "老人防走失手环申领"},
	"paperwork":   {"代办身份证换领", "帮忙办理社保卡挂失补办", "新生儿落户材料咨询"},
	"policy":      {"候鸟老人异地就医备案政策咨询", "人才住房补贴政策咨询", "自贸港个税优惠政策咨询"},
	"employment":  {"想找附近的工作岗位", "返乡创业贷款申请咨询"},
	"legal":       {"租房押金纠纷需要法律咨询", "劳务工资被拖欠"},
	"mediation":   {"楼上漏水邻里纠纷", "宅基地边界纠纷调解", "广场舞噪音扰民"},
	"environment": {"小区门口垃圾堆积无人清运", "路灯损坏夜间出行不便", "排水沟堵塞雨天积水"},
	"enterprise":  {"新开餐饮店办证咨询", "申请企业稳岗补贴", "外贸企业跨境结算政策咨询"},
	"member":      {"流动党员组织关系接转咨询", "党费交纳方式咨询"},
	"volunteer":   {"预约志愿者陪老人就医", "社区活动需要志愿者"},
	"other":       {"建议增设公交站点", "小区停车位不足"},
}

// demoOrder is a planned order: when, where, what, and how it ends.
type demoOrder struct {
	at    time.Time
	grid  aref
	cat   string
	user  int64
	kind  string
	stage int // 0 accepted, 1 dispatched, 2 handling, 3 feedback, 4 verified, 5 closed, 6 rated
	late  bool
}

// writeOrders places the year's orders in time order and moves each
// through the loop, running the escalator at every step's time.
func (g *gen) writeOrders(ctx context.Context, ps *post.Store, all []*svcDistrict, r *rand.Rand) error {
	now := time.Now().UTC().Truncate(time.Second)
	var clock time.Time
	st := &order.Store{DB: g.d, Vault: g.v, Posts: ps, Locator: area.NewLocator(g.d), Clock: func() time.Time { return clock }}
	users := &auth.Store{DB: g.d}
	firm, _ := users.GetUserByName(ctx, "enterprise")
	pool, err := g.residentPool(ctx, users)
	if err != nil {
		return err
	}
	var grids []aref
	for _, sd := range all {
		for _, p := range sd.d.places {
			grids = append(grids, p.grids...)
		}
	}
	if len(grids) == 0 {
		return nil
	}
	n := orderCounts[Scale(g.scale())]
	plan := make([]demoOrder, n)
	for i := range plan {
		o := &plan[i]
		age := time.Duration(r.Float64()*365*24) * time.Hour
		o.at = now.Add(-age)
		o.grid = grids[r.IntN(len(grids))]
		o.cat = post.Categories[r.IntN(len(post.Categories))]
		o.kind, o.user = "resident", pool[r.IntN(len(pool))]
		if o.cat == "enterprise" {
			o.kind, o.user = "enterprise", firm.ID
		}
		o.late = r.Float64() < 0.12
		days := age.Hours() / 24
		switch {
		case days > 20:
			o.stage = 5 + min(1, r.IntN(8)) // mostly rated
		case days > 5:
			o.stage = 2 + r.IntN(5)
		default:
			o.stage = r.IntN(4)
		}
	}
	sort.Slice(plan, func(i, j int) bool { return plan[i].at.Before(plan[j].at) })
	for i, o := range plan {
		if err := g.playOrder(ctx, st, &clock, o, r); err != nil {
			return err
		}
		g.progress("orders", i+1, n)
	}
	clock = now
	_, err = st.Escalate(ctx, now)
	return err
}

// residentPool is the demo resident account and a few more residents who
// order. These have no login: each gets a random password that is never
// shown or stored in clear, so only the documented "resident" signs in.
func (g *gen) residentPool(ctx context.Context, users *auth.Store) ([]int64, error) {
	var ids []int64
	if u, err := users.GetUserByName(ctx, "resident"); err == nil {
		ids = append(ids, u.ID)
	}
	for i := 2; i <= 12; i++ {
		pw, err := unknownPassword()
		if err != nil {
			return nil, err
		}
		u, err := users.CreateUser(ctx, auth.User{Username: fmt.Sprintf("resident%02d", i), DisplayName: fmt.Sprintf("居民%02d", i), Roles: []string{auth.RoleResident}}, pw)
		if err != nil {
			return nil, err
		}
		ids = append(ids, u.ID)
	}
	return ids, nil
}

// pickRating draws a rating; the first round of a reopened order is 不满意.
func pickRating(r *rand.Rand, reopen bool) string {
	if reopen {
		return order.Unsatisfied
	}
	switch x := r.Float64(); {
	case x < 0.78:
		return order.Satisfied
	case x < 0.95:
		return order.Basic
	}
	return order.Unsatisfied
}

// playOrder places one order and takes it to its planned stage.
func (g *gen) playOrder(ctx context.Context, st *order.Store, clock *time.Time, o demoOrder, r *rand.Rand) error {
	*clock = o.at
	lat, lng, err := area.Centre(ctx, g.d.Read(), o.grid.id)
	if err != nil {
		return err
	}
	texts := needs[o.cat]
	d := order.Draft{Channel: "web", OrdererKind: o.kind, UserID: o.user, ContactName: "演示居民", Phone: g.phone(), Category: o.cat,
		Description: texts[r.IntN(len(texts))], Lat: lat + (r.Float64()-0.5)*0.0004, Lng: lng + (r.Float64()-0.5)*0.0004, HasPlace: true,
		Public: o.at.Unix()%3 == 0} // a third of the residents agree to publish
	placed, err := st.Submit(ctx, d)
	if err != nil {
		return fmt.Errorf("demo order: %w", err)
	}
	id, sc := placed.ID, scope.Everything
	step := func(after time.Duration, fn func() error) error {
		*clock = clock.Add(after)
		if _, err := st.Escalate(ctx, *clock); err != nil {
			return err
		}
		return fn()
	}
	if o.stage < 1 || len(placed.Handlers) == 0 {
		return nil
	}
	limit := time.Duration(placed.LimitDays) * 24 * time.Hour
	if err := step(2*time.Hour, func() error { _, err := st.Dispatch(ctx, sc, id, nil, ""); return err }); err != nil {
		return err
	}
	rounds := 1
	if o.stage >= 6 && r.IntN(12) == 0 {
		rounds = 2 // rated 不满意 once, then followed up
	}
	for round := 1; round <= rounds; round++ {
		if o.stage < 2 {
			return nil
		}
		cur, err := st.Get(ctx, sc, id)
		if err != nil {
			return err
		}
		for hi, h := range cur.Handlers {
			if err := step(3*time.Hour, func() error { _, err := st.Unit(ctx, sc, id, h.UnitID, order.UnitStart, ""); return err }); err != nil {
				return err
			}
			if o.stage < 3 && hi == 0 {
				return nil
			}
			took := time.Duration(r.Float64() * float64(limit) * 0.8)
			if o.late {
				took = limit + time.Duration(r.IntN(72))*time.Hour
			}
			if err := step(took, func() error { _, err := st.Unit(ctx, sc, id, h.UnitID, order.UnitDone, "已办理"); return err }); err != nil {
				return err
			}
		}
		if o.stage < 4 {
			return nil
		}
		if err := step(5*time.Hour, func() error { _, err := st.Verify(ctx, sc, id, true, "电话回访"); return err }); err != nil {
			return err
		}
		if o.stage < 5 {
			return nil
		}
		if err := step(time.Hour, func() error { _, err := st.Close(ctx, sc, id, ""); return err }); err != nil {
			return err
		}
		if o.stage < 6 {
			return nil
		}
		rating := pickRating(r, round < rounds)
		if err := step(20*time.Hour, func() error { _, err := st.Rate(ctx, o.user, id, rating, ""); return err }); err != nil {
			return err
		}
	}
	return nil
}

// unknownPassword is a password nobody knows: 24 random bytes, with one
// character of each class so that it meets the password rule.
func unknownPassword() (string, error) {
	b := make([]byte, 24)
	if _, err := crand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b) + "Aa1!", nil
}
