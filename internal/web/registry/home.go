package registry

import (
	"dangjian/internal/person"
	"dangjian/internal/web/kit"
	"encoding/json"
	"net/http"
)

// The home page: counts of the registry in scope and a chart of people
// by party status.

// homeView is home.html: the registry's counts and the status chart.
type homeView struct {
	Title string
	Cards []homeCard
	// Chart is the chart's ECharts data, as JSON.
	Chart string
}

// homeCard is one count on the home page, linking to its list.
type homeCard struct {
	Key   string
	Value int
	Href  string
}

var homePage = kit.NewPage[homeView]("home")

func (m *Module) pageHome(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	ctx := r.Context()
	ps, err := m.People.Stats(ctx, p.Scope)
	if err != nil {
		return err
	}
	nOrgs, err := m.Orgs.Count(ctx, p.Scope)
	if err != nil {
		return err
	}
	nUnits, nUncovered, err := m.Units.Coverage(ctx, p.Scope)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	cards := []homeCard{
		{Key: "home.people", Value: ps.Total, Href: "/people"},
		{Key: "home.members", Value: ps.ByStatus[person.Member], Href: "/people?status=member"},
		{Key: "home.orgs", Value: nOrgs, Href: "/orgs"},
		{Key: "home.units", Value: nUnits, Href: "/units"},
		{Key: "home.uncovered", Value: nUncovered, Href: "/units?covered=no"},
		{Key: "home.seasonal", Value: ps.Seasonal, Href: "/people?seasonal=1"},
	}
	// People by party status, as an ECharts bar chart.
	var names []string
	var values []int
	for _, st := range person.Statuses {
		names = append(names, kit.Tr(lang, "status."+string(st)))
		values = append(values, ps.ByStatus[st])
	}
	chart, _ := json.Marshal(map[string]any{"title": kit.Tr(lang, "home.chart_status"), "names": names, "values": values})
	homePage.Render(m.Kit, w, r, http.StatusOK, homeView{Title: kit.Tr(lang, "home.title"), Cards: cards, Chart: string(chart)})
	return nil
}
