package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/scope"
	"dangjian/internal/unit"
)

// The service-post network of every district, built like 吉阳区's
// "1+8+38+N": a district centre, big-community centres over groups of
// villages and communities, a station in each, and points in some grids.
// Three construction batches: the first open, the second being built, the
// third planned. Each district gets its departments as responsible units,
// menus that differ by level, and staff; then orders over the past year
// move through the loop (service_orders.go).

// Open311DemoKey is the demo Open311 client's API key (the README names it).
const Open311DemoKey = "demo-open311-key-2026"

// departments are the responsible units each district gets, with the menu
// categories they answer (several for joint handling).
var departments = []struct {
	name string
	cats []string
}{
	{"卫生健康委员会", []string{"health", "elderly"}},
	{"民政局", []string{"elderly", "mediation", "volunteer"}},
	{"司法局", []string{"legal", "mediation"}},
	{"人力资源和社会保障局", []string{"employment"}},
	{"综合行政执法局", []string{"environment"}},
	{"住房和城乡建设局", []string{"environment"}},
	{"市场监督管理局", []string{"enterprise"}},
	{"政务服务中心", []string{"policy", "paperwork", "enterprise", "other"}},
	{"委组织部", []string{"member"}},
	{"新时代文明实践中心", []string{"volunteer"}},
}

// menuByLevel lists the categories a post of each level offers.
var menuByLevel = [4][]string{
	post.Categories,
	{"policy", "paperwork", "employment", "elderly", "health", "legal", "mediation", "enterprise", "other"},
	{"policy", "paperwork", "elderly", "health", "mediation", "member", "other"},
	{"health", "environment", "other"},
}

var itemNames = map[string]string{"policy": "政策咨询解答", "paperwork": "证照材料代办", "employment": "就业岗位推荐", "elderly": "居家养老上门服务",
	"health": "上门健康体检", "legal": "法律咨询与援助", "mediation": "邻里纠纷调解", "environment": "环境卫生整治", "enterprise": "企业开办与政策兑现",
	"member": "组织关系接转咨询", "volunteer": "志愿服务预约", "other": "其他诉求受理"}

var itemDays = map[string]int{"policy": 2, "paperwork": 5, "employment": 5, "elderly": 3, "health": 3, "legal": 5, "mediation": 5,
	"environment": 2, "enterprise": 5, "member": 3, "volunteer": 5, "other": 5}

// itemFields are the extra questions some items ask.
var itemFields = map[string][]post.Field{
	"health": {{Code: "people", Name: "人数", Type: "number", Required: true},
		{Code: "period", Name: "时段", Type: "singlevaluelist", Values: []post.Value{{Key: "am", Name: "上午"}, {Key: "pm", Name: "下午"}}}},
	"paperwork": {{Code: "doc", Name: "证照类型", Type: "singlevaluelist", Required: true,
		Values: []post.Value{{Key: "id", Name: "身份证"}, {Key: "household", Name: "户口"}, {Key: "social", Name: "社保卡"}, {Key: "other", Name: "其他"}}}},
	"enterprise": {{Code: "company", Name: "企业名称", Type: "string", Required: true}},
}

type svcDistrict struct {
	d      *district
	units  map[string][]int64 // category → responsible units
	posts  []post.Post
	points []post.Post
}

// writeService builds the posts and menus, then the orders.
func (g *gen) writeService() ([]Account, error) {
	ctx := audit.WithActor(g.ctx, audit.Actor{Username: "demo"})
	if err := order.SeedHolidays(ctx, g.d); err != nil {
		return nil, err
	}
	ps := &post.Store{DB: g.d}
	r := rand.New(rand.NewPCG(11, g.cfg.seed))
	var all []*svcDistrict
	for di, d := range g.districts {
		sd, err := g.buildDistrict(ctx, ps, di, d, r)
		if err != nil {
			return nil, err
		}
		all = append(all, sd)
		g.progress("posts", di+1, len(g.districts))
	}
	if _, _, err := order.NewClient(ctx, g.d, "12345 热线（演示）", Open311DemoKey); err != nil {
		return nil, err
	}
	accounts, err := g.serviceAccounts(ctx, ps, all)
	if err != nil {
		return nil, err
	}
	return accounts, g.writeOrders(ctx, ps, all, r)
}

func (g *gen) buildDistrict(ctx context.Context, ps *post.Store, di int, d *district, r *rand.Rand) (*svcDistrict, error) {
	sd := &svcDistrict{d: d, units: map[string][]int64{}}
	us := &unit.Store{DB: g.d}
	short := strings.TrimSuffix(d.name, "区")
	for _, dep := range departments {
		name := short + "区" + dep.name
		code := g.creditCode("public_institution", name, &site{area: &d.aref, district: di})
		u, err := us.Create(ctx, scope.Everything, unit.Unit{Name: name, CreditCode: code, Kind: "public_institution", Industry: "公共服务", Employees: 20 + r.IntN(80), AreaID: d.id})
		if err != nil {
			return nil, err
		}
		for _, c := range dep.cats {
			sd.units[c] = append(sd.units[c], u.ID)
		}
	}
	nBig := max(1, (len(d.places)+4)/5)
	if d.name == "吉阳区" {
		nBig = min(8, len(d.places))
	}
	if err := ps.SetLevels(ctx, scope.Everything, d.id, []post.Level{{Level: 1, Name: d.name + "党群服务中心", Planned: 1},
		{Level: 2, Name: "大社区党群服务中心", Planned: nBig}, {Level: 3, Name: "社区（村）党群服务站", Planned: len(d.places)}, {Level: 4, Name: "网格党群服务点"}}); err != nil {
		return nil, err
	}
	code := d.code[:6]
	centre, err := g.addPost(ctx, ps, sd, post.Post{Code: code + "-C", Name: d.name + "党群服务中心", Level: 1, AreaID: d.id, Status: post.Open, Batch: "第一批",
		Hours: "Mo-Fr 08:30-17:30; Sa 09:00-12:00"}, r)
	if err != nil {
		return nil, err
	}
	for b := 0; b < nBig; b++ {
		group := d.places[b*len(d.places)/nBig : (b+1)*len(d.places)/nBig]
		if len(group) == 0 {
			continue
		}
		var served []post.Ref
		for _, p := range group {
			served = append(served, post.Ref{ID: p.id})
		}
		big, err := g.addPost(ctx, ps, sd, post.Post{Code: fmt.Sprintf("%s-B%02d", code, b+1), Name: group[0].name + "大社区党群服务中心", Level: 2,
			ParentID: centre.ID, AreaID: group[0].id, Served: served, Status: post.Open, Batch: "第一批"}, r)
		if err != nil {
			return nil, err
		}
		for i, p := range group {
			batch, st := "第一批", post.Open
			if i%6 == 5 {
				batch, st = "第二批", post.Building
			}
			station, err := g.addPost(ctx, ps, sd, post.Post{Code: p.code + "-S", Name: p.name + "党群服务站", Level: 3, ParentID: big.ID, AreaID: p.id,
				Status: st, Batch: batch}, r)
			if err != nil {
				return nil, err
			}
			if err := g.addPoints(ctx, ps, sd, p, station, r); err != nil {
				return nil, err
			}
		}
	}
	return sd, nil
}

// addPoints opens a service point in every other grid of a place (the
// third batch is still planned).
func (g *gen) addPoints(ctx context.Context, ps *post.Store, sd *svcDistrict, p *place, station post.Post, r *rand.Rand) error {
	areas := &area.Store{DB: g.d}
	for gi, gr := range p.grids {
		name := surnames[r.IntN(len(surnames))].s + []string{"建国", "海燕", "志强", "秀英", "明", "丽华"}[r.IntN(6)]
		if _, err := areas.AddWorker(ctx, scope.Everything, g.v, area.Worker{GridID: gr.id, Name: name}, g.phone()); err != nil {
			return err
		}
		if gi%2 == 1 {
			continue
		}
		batch, st := "第一批", post.Open
		if gi%4 == 2 {
			batch, st = "第三批", post.Planned
		}
		pt, err := g.addPost(ctx, ps, sd, post.Post{Code: gr.code + "-P", Name: gr.name + "党群服务点", Level: 4, ParentID: station.ID, AreaID: gr.id,
			Status: st, Batch: batch, Hours: "Mo-Su 09:00-18:00"}, r)
		if err != nil {
			return err
		}
		sd.points = append(sd.points, pt)
	}
	return nil
}

// addPost creates a post with its menu and staff.
func (g *gen) addPost(ctx context.Context, ps *post.Store, sd *svcDistrict, p post.Post, r *rand.Rand) (post.Post, error) {
	made, err := ps.Create(ctx, scope.Everything, p)
	if err != nil {
		return post.Post{}, apperr.Wrap(err, "demo post "+p.Code)
	}
	for i, c := range menuByLevel[p.Level-1] {
		it := post.Item{Code: fmt.Sprintf("%s-%02d", p.Code, i+1), PostID: made.ID, Category: c, Name: itemNames[c], LimitDays: itemDays[c],
			Description: "由" + p.Name + "受理，" + fmt.Sprint(itemDays[c]) + "个工作日内办结", Fields: itemFields[c], Active: true}
		if _, err := ps.SaveItem(ctx, scope.Everything, it, sd.units[c]); err != nil {
			return post.Post{}, apperr.Wrap(err, "demo menu "+it.Code)
		}
	}
	for i := 0; i < 1+r.IntN(2); i++ {
		name := surnames[r.IntN(len(surnames))].s + []string{"文", "海", "丽", "强", "芳", "军"}[r.IntN(6)] + fmt.Sprint(i+1)
		if _, err := ps.AddStaff(ctx, scope.Everything, made.ID, post.Staff{Name: name, Role: []string{"站长", "专职工作者"}[i%2]}); err != nil {
			return post.Post{}, err
		}
	}
	sd.posts = append(sd.posts, made)
	return made, nil
}

// serviceAccounts adds a resident and an enterprise account, and puts the
// 吉阳区 official and grid worker on duty at their posts so they hear of
// escalations.
func (g *gen) serviceAccounts(ctx context.Context, ps *post.Store, all []*svcDistrict) ([]Account, error) {
	users := &auth.Store{DB: g.d, Seeding: true}
	var out []Account
	for _, a := range []struct{ user, name, role, scope string }{{"resident", "吉阳区居民", auth.RoleResident, "本人工单"}, {"enterprise", "三亚某科技有限公司", auth.RoleEnterprise, "本企业工单"}} {
		if _, err := users.CreateUser(ctx, auth.User{Username: a.user, DisplayName: a.name, Roles: []string{a.role}}, Password); err != nil {
			if apperr.As(err).Key == "err.user.username_taken" {
				continue
			}
			return nil, err
		}
		out = append(out, Account{Username: a.user, Password: Password, Role: a.role, Scope: a.scope})
	}
	for _, sd := range all {
		if sd.d.name != "吉阳区" {
			continue
		}
		for _, duty := range []struct {
			user  string
			level int
		}{{"jiyang", 1}, {"grid", 3}} {
			u, err := users.GetUserByName(ctx, duty.user)
			if err != nil {
				continue
			}
			for _, p := range sd.posts {
				if p.Level == duty.level && (duty.level == 1 || p.AreaID == u.ScopeAreaID) {
					if _, err := ps.AddStaff(ctx, scope.Everything, p.ID, post.Staff{UserID: u.ID, Name: u.DisplayName, Role: "值班"}); err != nil {
						return nil, err
					}
					break
				}
			}
		}
	}
	return out, nil
}
