package kit

import (
	"context"
	"sort"

	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// AreaOptions lists the districts, zones, villages and communities of st
// in scope, in tree order, villages indented under their district, with
// selected chosen.
func AreaOptions(ctx context.Context, st *area.Store, sc scope.Scope, selected int64) ([]Option, error) {
	var all []area.Area
	for _, k := range []area.Kind{area.District, area.Zone, area.Village, area.Community} {
		items, _, err := st.List(ctx, sc, area.Filter{Kind: k, Page: db.Page{Limit: db.MaxPage}})
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	out := []Option{{Value: "", Label: "form.choose"}}
	for _, a := range all {
		label := a.Name
		if a.Kind == area.Village || a.Kind == area.Community {
			label = "　" + label
		}
		out = append(out, Option{Value: Itoa(a.ID), Label: label, Raw: true, Selected: a.ID == selected})
	}
	return out, nil
}
