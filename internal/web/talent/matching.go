package talent

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Batch matching for a season, the supply and demand report, the special
// fund, and notifications with saved interests.

type planRow struct {
	DemandID, TalentID int64
	Demand, Talent     string
	Score              float64
	Differs            bool
}

type planView struct {
	Key  string
	Rows []planRow
}

// matchView is templates/match.html: the plan button, and a run (none
// before the first plan) with its exact and greedy plans side by side.
type matchView struct {
	Title, Notice string
	Run           *talent.MatchRun
	Plans         []planView
}

var matchPage = kit.NewPage[matchView]("match")

func (m *Module) pageMatching(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	matchPage.Render(m.Kit, w, r, http.StatusOK, matchView{Title: kit.Tr(kit.LangOf(r), "nav.matching")})
	return nil
}

func (m *Module) pageMatchPlan(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	run, err := m.Talents.PlanBatch(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/matching/"+kit.Itoa(run.ID), http.StatusSeeOther)
	return nil
}

func (m *Module) pageMatchRun(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	return m.renderMatch(w, r, p, id, "")
}

func (m *Module) renderMatch(w http.ResponseWriter, r *http.Request, p *kit.Principal, id int64, notice string) error {
	ctx := r.Context()
	run, err := m.Talents.GetRun(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	titles, names := map[int64]string{}, map[int64]string{}
	for _, pp := range append(append([]talent.PlanPair{}, run.Plan...), run.Greedy...) {
		if _, ok := titles[pp.DemandID]; !ok {
			d, err := m.Talents.GetDemand(ctx, p.Scope, pp.DemandID)
			if err != nil {
				return err
			}
			titles[pp.DemandID] = d.Title
		}
		if _, ok := names[pp.TalentID]; !ok {
			t, err := m.Talents.Get(ctx, pp.TalentID)
			if err != nil {
				return err
			}
			names[pp.TalentID] = t.Name
		}
	}
	inGreedy, inExact := map[[2]int64]bool{}, map[[2]int64]bool{}
	for _, g := range run.Greedy {
		inGreedy[[2]int64{g.DemandID, g.TalentID}] = true
	}
	for _, g := range run.Plan {
		inExact[[2]int64{g.DemandID, g.TalentID}] = true
	}
	rows := func(pairs []talent.PlanPair, other map[[2]int64]bool) []planRow {
		var out []planRow
		for _, x := range pairs {
			out = append(out, planRow{DemandID: x.DemandID, TalentID: x.TalentID, Demand: titles[x.DemandID], Talent: names[x.TalentID], Score: x.Score,
				Differs: !other[[2]int64{x.DemandID, x.TalentID}]})
		}
		return out
	}
	matchPage.Render(m.Kit, w, r, http.StatusOK, matchView{Title: kit.Tr(kit.LangOf(r), "nav.matching"), Run: &run, Notice: notice,
		Plans: []planView{{"match.exact", rows(run.Plan, inGreedy)}, {"match.greedy", rows(run.Greedy, inExact)}}})
	return nil
}

func (m *Module) pageMatchApply(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	n, id, err := kit.ByID(r, p, m.Talents.ApplyRun)
	if err != nil {
		return err
	}
	return m.renderMatch(w, r, p, id, i18nf(kit.LangOf(r), "match.applied_n", "n", n))
}

// reportParams reads the report's season start (YYYY-MM) and months.
func reportParams(r *http.Request) (time.Time, int, error) {
	start := talent.SeasonStart(time.Now())
	if v := strings.TrimSpace(r.URL.Query().Get("from")); v != "" {
		t, err := time.Parse("2006-01", v)
		if err != nil {
			return start, 0, apperr.InvalidField("from", "err.date_format")
		}
		start = t
	}
	months, err := kit.QueryInt(r, "months", 7, 1, 24)
	return start, months, err
}

func floats(xs []int) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

func (m *Module) pageReport(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	start, months, err := reportParams(r)
	if err != nil {
		return err
	}
	rep, err := m.Talents.Report(r.Context(), start, months)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	sup, dem := kit.Tr(lang, "report.supply"), kit.Tr(lang, "report.demand")
	rowsChart := func(title string, rows []talent.ReportRow) kit.Chart {
		c := kit.Chart{Title: title, Series: []kit.ChartSeries{{Name: sup}, {Name: dem}}}
		for _, x := range rows {
			c.Categories = append(c.Categories, x.Name)
			c.Series[0].Data = append(c.Series[0].Data, float64(x.Supply))
			c.Series[1].Data = append(c.Series[1].Data, float64(x.Demand))
		}
		return c
	}
	charts := []kit.Chart{
		{Title: kit.Tr(lang, "report.by_month"), Categories: rep.Months, Series: []kit.ChartSeries{{Name: sup, Type: "line", Data: floats(rep.Supply)}, {Name: dem, Type: "line", Data: floats(rep.Demand)}}},
		rowsChart(kit.Tr(lang, "report.by_field"), rep.Fields),
		rowsChart(kit.Tr(lang, "report.by_district"), rep.Districts),
	}
	var encoded []string
	for _, c := range charts {
		b, _ := json.Marshal(c)
		encoded = append(encoded, string(b))
	}
	rowSection := func(key string, rows []talent.ReportRow) kit.Section {
		var out [][]kit.Cell
		for _, x := range rows {
			out = append(out, []kit.Cell{{Text: x.Name}, {Text: strconv.Itoa(x.Supply)}, {Text: strconv.Itoa(x.Demand)}})
		}
		return kit.Section{Key: key, Cols: kit.Cols("report.name", "report.supply", "report.demand"), Rows: out}
	}
	var mrows [][]kit.Cell
	for i, m := range rep.Months {
		mrows = append(mrows, []kit.Cell{{Text: m}, {Text: strconv.Itoa(rep.Supply[i])}, {Text: strconv.Itoa(rep.Demand[i])}})
	}
	kit.Report.Render(m.Kit, w, r, http.StatusOK, kit.ReportPage{Title: kit.Tr(lang, "nav.report"), Charts: encoded,
		From: start.Format("2006-01"), Months: months,
		Export: fmt.Sprintf("/export/talent-report?format=xlsx&from=%s&months=%d", start.Format("2006-01"), months),
		Sections: []kit.Section{{Key: "report.by_month", Cols: kit.Cols("report.month", "report.supply", "report.demand"), Rows: mrows},
			rowSection("report.by_field", rep.Fields), rowSection("report.by_district", rep.Districts)}})
	return nil
}

func yuan(cents int64) string { return fmt.Sprintf("%.2f", float64(cents)/100) }

// parseYuan reads an amount in yuan (up to two decimals) as cents.
func parseYuan(v string) (int64, error) {
	f, err := kit.ParseNumber("amount", v)
	if err != nil || math.Abs(f) > 1e12 {
		return 0, apperr.InvalidField("amount", "err.fund.amount")
	}
	return int64(f*100 + 0.5*sign(f)), nil
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func (m *Module) pageFund(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	ctx := r.Context()
	lang := kit.LangOf(r)
	entries, balance, err := m.Talents.FundLedger(ctx, db.Page{Limit: 100})
	if err != nil {
		return err
	}
	reqs, _, err := m.Talents.FundRequests(ctx, p.Scope, db.Page{Limit: 100})
	if err != nil {
		return err
	}
	var lrows, rrows [][]kit.Cell
	var entryOpts, pending []kit.Option
	for _, e := range entries {
		lrows = append(lrows, []kit.Cell{{Text: "#" + kit.Itoa(e.ID)}, {Text: e.CreatedAt.Format("2006-01-02")}, {Text: kit.Tr(lang, "fund.kind."+e.Kind)}, {Text: yuan(e.AmountCents)}, {Text: e.Note}, {Text: correctsText(e.CorrectsID)}})
		entryOpts = append(entryOpts, kit.Option{Value: kit.Itoa(e.ID), Label: fmt.Sprintf("#%d %s %s", e.ID, yuan(e.AmountCents), e.Note), Raw: true})
	}
	for _, q := range reqs {
		rrows = append(rrows, []kit.Cell{{Text: "#" + kit.Itoa(q.ID)}, {Text: q.OrgName}, {Text: q.Purpose}, {Text: yuan(q.AmountCents)}, {Text: kit.Tr(lang, "fund.status."+string(q.Status))}, {Text: q.DecisionNote}})
		if q.Status == talent.FundRequested {
			pending = append(pending, kit.Option{Value: kit.Itoa(q.ID), Label: fmt.Sprintf("#%d %s %s", q.ID, q.OrgName, yuan(q.AmountCents)), Raw: true})
		}
	}
	forms := []kit.InlineForm{{Action: "/fund/requests", Title: "fund.request", Button: "fund.request", Fields: []kit.FormField{
		kit.Pick("org_id", "demand.org", "orgs", 0, "", true),
		{Name: "purpose", Label: "fund.purpose", Type: "text", Required: true},
		{Name: "amount", Label: "fund.amount", Type: "number", Required: true}}}}
	if p.Can(auth.PermFundApprove) && p.Scope.All {
		if len(pending) > 0 {
			forms = append(forms, kit.InlineForm{Action: "/fund/decide", Title: "fund.decide", Button: "form.save", Fields: []kit.FormField{
				{Name: "request_id", Label: "fund.request_no", Type: "select", Options: pending},
				{Name: "decision", Label: "fund.decision", Type: "select", Options: []kit.Option{{Value: "approve", Label: "fund.approve"}, {Value: "reject", Label: "fund.reject"}}},
				{Name: "note", Label: "points.note", Type: "text"}}})
		}
		forms = append(forms, kit.InlineForm{Action: "/fund/allocate", Title: "fund.allocate", Button: "fund.allocate", Fields: []kit.FormField{
			{Name: "amount", Label: "fund.amount", Type: "number", Required: true}, {Name: "note", Label: "points.note", Type: "text", Required: true}}})
		if len(entryOpts) > 0 {
			forms = append(forms, kit.InlineForm{Action: "/fund/correct", Title: "points.correct", Button: "points.correct", Fields: []kit.FormField{
				{Name: "entry_id", Label: "points.entry", Type: "select", Options: entryOpts},
				{Name: "amount", Label: "fund.amount", Type: "number", Required: true}, {Name: "note", Label: "points.note", Type: "text", Required: true}}})
		}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: kit.Tr(lang, "nav.fund"),
		Fields: []kit.KV{{Key: "fund.balance", Text: yuan(balance), ID: "balance"}},
		Sections: []kit.Section{{Key: "fund.requests", Cols: kit.Cols("fund.request_no", "demand.org", "fund.purpose", "fund.amount", "fund.status", "fund.decision_note"), Rows: rrows},
			{Key: "fund.ledger", Cols: kit.Cols("points.entry", "points.date", "fund.kind", "fund.amount", "points.note", "points.corrects"), Rows: lrows}},
		Forms: forms})
	return nil
}

func (m *Module) pageFundRequest(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	org, err := kit.FormInt(r, "org_id")
	if err != nil {
		return err
	}
	cents, err := parseYuan(r.PostFormValue("amount"))
	if err != nil {
		return err
	}
	if _, err := m.Talents.RequestFunds(r.Context(), p.Scope, talent.FundRequest{OrgID: org, Purpose: r.PostFormValue("purpose"), AmountCents: cents}); err != nil {
		return err
	}
	http.Redirect(w, r, "/fund", http.StatusSeeOther)
	return nil
}

func (m *Module) pageFundDecide(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.FormInt(r, "request_id")
	if err != nil {
		return err
	}
	if id == 0 {
		return apperr.InvalidField("request_id", "err.required")
	}
	if _, err := m.Talents.Decide(r.Context(), p.Scope, id, r.PostFormValue("decision") == "approve", r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/fund", http.StatusSeeOther)
	return nil
}

func (m *Module) pageFundAllocate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	cents, err := parseYuan(r.PostFormValue("amount"))
	if err != nil {
		return err
	}
	if err := m.Talents.Allocate(r.Context(), p.Scope, cents, r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/fund", http.StatusSeeOther)
	return nil
}

func (m *Module) pageFundCorrect(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.FormInt(r, "entry_id")
	if err != nil {
		return err
	}
	cents, err := parseYuan(r.PostFormValue("amount"))
	if err != nil {
		return err
	}
	if err := m.Talents.CorrectFund(r.Context(), p.Scope, id, cents, r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/fund", http.StatusSeeOther)
	return nil
}

// i18nf is kit.Trf under the name the message catalogue test looks for.
var i18nf = kit.Trf
