package kit

import (
	"context"
	"sort"

	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// AreaOptions lists the districts, zones, villages and communities in
// scope as a select's options, in tree order, villages and communities
// indented under their district, selected marked.
func AreaOptions(ctx context.Context, areas *area.Store, sc scope.Scope, selected int64) ([]Option, error) {
	var all []area.Area
	for _, k := range []area.Kind{area.District, area.Zone, area.Village, area.Community} {
		items, _, err := areas.List(ctx, sc, area.Filter{Kind: k, Page: db.Page{Limit: db.MaxPage}})
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
