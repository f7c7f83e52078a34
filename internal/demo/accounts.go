package demo

import (
	"dangjian/internal/apperr"
	"dangjian/internal/auth"
)

// accountSpec is one demo account to create.
type accountSpec struct {
	username, display, role, scope string
	areaID, orgID                  int64
}

// createAccounts creates the demo accounts, all with Password. A username
// that already exists is left alone and not reported.
func (g *gen) createAccounts() ([]Account, error) {
	specs := g.accountSpecs()
	store := &auth.Store{DB: g.d, Seeding: true}
	var out []Account
	for i, a := range specs {
		_, err := store.CreateUser(g.ctx, auth.User{Username: a.username, DisplayName: a.display, Roles: []string{a.role},
			ScopeAreaID: a.areaID, ScopeOrgID: a.orgID}, Password)
		if err != nil {
			if apperr.As(err).Key == "err.user.username_taken" {
				continue
			}
			return nil, err
		}
		out = append(out, Account{Username: a.username, Password: Password, Role: a.role, Scope: a.scope})
		g.progress("accounts", i+1, len(specs))
	}
	return out, nil
}

// accountSpecs lists the accounts: an administrator, a city official, one
// official per district and for 育才生态区, the secretaries of 马亮村党支部
// and 梅西村党委, a grid worker in a 吉阳区 community, and a viewer.
func (g *gen) accountSpecs() []accountSpec {
	specs := []accountSpec{
		{"admin", "系统管理员", auth.RoleAdmin, "全市（系统管理）", 0, 0},
		{"city", "市委组织部", auth.RoleCityOfficial, "全市", 0, 0},
	}
	for _, d := range []struct{ user, name string }{{"haitang", "海棠区"}, {"jiyang", "吉阳区"}, {"tianya", "天涯区"}, {"yazhou", "崖州区"}} {
		for _, x := range g.districts {
			if x.name == d.name {
				specs = append(specs, accountSpec{d.user, d.name + "委组织部", auth.RoleDistrictOfficial, d.name, x.id, 0})
			}
		}
	}
	for _, z := range g.zones {
		if z.name == zoneYucai {
			specs = append(specs, accountSpec{"yucai", "育才生态区组织人事部", auth.RoleDistrictOfficial, "育才生态区（含马亮村、青法村、雅林村）", z.id, 0})
		}
	}
	for _, b := range []struct{ user, org string }{{"maliang", "马亮村党支部"}, {"meixi", "梅西村党委"}} {
		if oi, ok := g.named[b.org]; ok {
			specs = append(specs, accountSpec{b.user, b.org + "书记", auth.RoleBranchSecretary, b.org, 0, g.orgs[oi].ID})
		}
	}
	for _, p := range g.districts[1].places { // 吉阳区: its first community
		if p.kind == "community" {
			specs = append(specs, accountSpec{"grid", p.name + "网格员", auth.RoleGridWorker, "吉阳区" + p.name, p.id, 0})
			break
		}
	}
	return append(specs, accountSpec{"viewer", "只读用户", auth.RoleViewer, "全市（只读）", 0, 0})
}
