package orglife

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/i18n"
	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
)

// The compliance of 三会一课 and the theme day: per org in scope, required
// against held for a year, quarter or month, the gaps by period, the rate
// per branch and per committee subtree, two charts and the export.

func complianceQuery(r *http.Request) (orglife.Period, int64, error) {
	var p orglife.Period
	var err error
	if p.Year, err = kit.QueryInt(r, "year", time.Now().In(orglife.Sanya).Year(), 2000, 2100); err != nil {
		return p, 0, err
	}
	if p.Quarter, err = kit.QueryInt(r, "quarter", 0, 0, 4); err != nil {
		return p, 0, err
	}
	if p.Month, err = kit.QueryInt(r, "month", 0, 0, 12); err != nil {
		return p, 0, err
	}
	if err := p.Validate(); err != nil {
		return p, 0, err
	}
	root, err := kit.QueryID(r, "org_id")
	return p, root, err
}

// rateText is a rate as a percentage, or a dash when nothing was required.
func rateText(s orglife.Score) string {
	r, ok := s.Rate()
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*r)
}

func scoreText(s orglife.Score) string {
	if s.Required == 0 {
		return "—"
	}
	return strconv.Itoa(s.Held) + "/" + strconv.Itoa(s.Required)
}

// complianceHeader names the columns of the table and the export.
func complianceHeader(lang string) []string {
	out := []string{kit.Tr(lang, "compliance.org"), kit.Tr(lang, "compliance.org_kind"), kit.Tr(lang, "compliance.branches")}
	for _, rule := range orglife.Rules {
		out = append(out, kit.Tr(lang, "meeting.kind."+string(rule.Kind)))
	}
	return append(out, kit.Tr(lang, "compliance.total"), kit.Tr(lang, "compliance.rate"), kit.Tr(lang, "compliance.missing"))
}

func complianceCells(lang string, row orglife.Row) []string {
	out := []string{row.Name, kit.Tr(lang, "org.kind."+row.OrgKind), strconv.Itoa(row.Branches)}
	for _, rule := range orglife.Rules {
		out = append(out, scoreText(row.ByKind[rule.Kind]))
	}
	var gaps []string
	for _, g := range row.Missing {
		gaps = append(gaps, kit.Tr(lang, "meeting.kind."+string(g.Kind))+" "+g.Period)
	}
	return append(out, scoreText(row.Total), rateText(row.Total), strings.Join(gaps, "；"))
}

func complianceCharts(lang string, rep orglife.Report) []string {
	pct := func(s orglife.Score) float64 {
		r, _ := s.Rate()
		return float64(int(r*1000+0.5)) / 10
	}
	byOrg := kit.Chart{Title: kit.Tr(lang, "compliance.by_org"), Series: []kit.ChartSeries{{Name: kit.Tr(lang, "compliance.rate") + " %", Type: "bar"}}}
	for i, row := range rep.Top {
		if i >= 30 {
			break
		}
		byOrg.Categories = append(byOrg.Categories, row.Name)
		byOrg.Series[0].Data = append(byOrg.Series[0].Data, pct(row.Total))
	}
	byMonth := kit.Chart{Title: kit.Tr(lang, "compliance.by_month"), Series: []kit.ChartSeries{{Name: kit.Tr(lang, "compliance.rate") + " %", Type: "bar"}}}
	for _, m := range rep.Months {
		byMonth.Categories = append(byMonth.Categories, orglife.MonthLabel(rep.Period.Year, m.Month))
		byMonth.Series[0].Data = append(byMonth.Series[0].Data, pct(m.Score))
	}
	var out []string
	for _, c := range []kit.Chart{byOrg, byMonth} {
		b, _ := json.Marshal(c)
		out = append(out, string(b))
	}
	return out
}

// complianceView is templates/compliance.html: the period form with the
// org picker, the summary (rate, held/required, branches), the charts
// (JSON), the tables under one header with the note when the branch rows
// are cut, and the export links.
type complianceView struct {
	Title             string
	Period            orglife.Period
	Quarters, Months  []int
	Org               kit.FormField
	Total, TotalScore string
	Branches          int
	Charts            []string
	Header            []string
	Sections          []kit.Section
	RowsNote          string
	Export            kit.Exports
}

var compliancePage = kit.NewPage[complianceView]("compliance")

func (m *Module) pageCompliance(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	period, root, err := complianceQuery(r)
	if err != nil {
		return err
	}
	rep, err := m.Orglife.Compliance(r.Context(), p.Scope, period, root)
	if err != nil {
		return err
	}
	// A city holds thousands of branches: the page shows the first `rows`
	// (default 300) and says how to see the rest; the export holds them all.
	shown, err := kit.QueryInt(r, "rows", 300, 1, 5000)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var note string
	branches := rep.Branches
	if len(branches) > shown {
		note = i18n.T(lang, "compliance.rows_capped", map[string]any{"shown": shown, "total": len(branches)})
		branches = branches[:shown]
	}
	table := func(key string, rows []orglife.Row, link bool) kit.Section {
		sec := kit.Section{Key: key}
		for _, row := range rows {
			var cs []kit.Cell
			for i, t := range complianceCells(lang, row) {
				c := kit.Cell{Text: t}
				if i == 0 && link {
					c.Href = "/orglife/compliance?" + complianceLink(period, row.OrgID)
				}
				cs = append(cs, c)
			}
			sec.Rows = append(sec.Rows, cs)
		}
		return sec
	}
	var rootName string
	if root != 0 {
		if o, err := m.Orgs.Get(r.Context(), p.Scope, root); err == nil {
			rootName = o.Name
		}
	}
	exp := complianceLink(period, root)
	compliancePage.Render(m.Kit, w, r, http.StatusOK, complianceView{
		Title: kit.Tr(lang, "nav.compliance"), Charts: complianceCharts(lang, rep), Period: period, Header: complianceHeader(lang),
		Org:      kit.Pick("org_id", "compliance.org", "orgs", root, rootName, false),
		Quarters: []int{1, 2, 3, 4}, Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
		Total: rateText(rep.Total.Total), TotalScore: scoreText(rep.Total.Total), Branches: rep.Total.Branches,
		Sections: []kit.Section{table("compliance.groups", rep.Groups, true), table("compliance.branch_rows", branches, false)}, RowsNote: note,
		Export: kit.Exports{XLSX: "/export/orglife-compliance?format=xlsx&" + exp, CSV: "/export/orglife-compliance?format=csv&" + exp},
	})
	return nil
}

// complianceLink is the query of a compliance report.
func complianceLink(p orglife.Period, root int64) string {
	q := "year=" + strconv.Itoa(p.Year)
	if p.Quarter != 0 {
		q += "&quarter=" + strconv.Itoa(p.Quarter)
	}
	if p.Month != 0 {
		q += "&month=" + strconv.Itoa(p.Month)
	}
	if root != 0 {
		q += "&org_id=" + kit.Itoa(root)
	}
	return q
}
