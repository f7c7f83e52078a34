package kit

import (
	"context"
	"dangjian/internal/scope"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"sync"
)

// Typed view models. Every page template is rendered through a Page[T],
// which names the template and the one Go type its .D receives. Pages are
// declared once, at package level, so the server knows every template's
// model and TestEveryTemplateWithItsModel can execute each template with
// a filled example of it: a field a template names and the model lacks
// fails the tests, not a user.

// Page is a page template and the type of the data it expects.
type Page[T any] struct{ Name string }

var (
	pageMu    sync.Mutex
	pageTypes = map[string]reflect.Type{}
)

// NewPage declares that template name is rendered with a T. A template
// declared twice with two types is a programming error.
func NewPage[T any](name string) Page[T] {
	t := reflect.TypeFor[T]()
	pageMu.Lock()
	defer pageMu.Unlock()
	if old, ok := pageTypes[name]; ok && old != t {
		panic(fmt.Sprintf("template %s declared with %v and %v", name, old, t))
	}
	pageTypes[name] = t
	return Page[T]{Name: name}
}

// Render answers code with the page's template executed on d.
func (pg Page[T]) Render(k *Kit, w http.ResponseWriter, r *http.Request, code int, d T) {
	k.render(w, r, code, pg.Name, d, titleOf(d))
}

// PageModels lists every declared template with its model's type, sorted
// by name.
func PageModels() []PageModel {
	pageMu.Lock()
	defer pageMu.Unlock()
	out := make([]PageModel, 0, len(pageTypes))
	for n, t := range pageTypes {
		out = append(out, PageModel{Name: n, Type: t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// PageModel is one declared template and its model.
type PageModel struct {
	Name string
	Type reflect.Type
}

// titleOf is a model's Title field, which the layout shows in the header
// and the window title.
func titleOf(d any) string {
	v := reflect.Indirect(reflect.ValueOf(d))
	if v.Kind() != reflect.Struct {
		return ""
	}
	if f := v.FieldByName("Title"); f.IsValid() && f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}

// The shared templates' models.

// ListPage is templates/list.html: one page of a register.
type ListPage struct {
	Title      string
	Error      string
	Crumbs     []Crumb
	Actions    []Link
	Filters    []FormField
	SkillNames []string
	ListTable
	Forms []InlineForm
}

// ListTable is a ListPage's table: its columns, the page of rows, the
// pager, and the XLSX and CSV links of the list's filters (or none).
type ListTable struct {
	Cols   []Col
	Rows   [][]Cell
	Pager  Pager
	Export Exports
}

// ListOf reads a list's filters with the list page's own reader, asks
// its store for the page in the caller's scope, and fills the table from
// its Table; kind names its exports ("" for none). The filter comes back
// for the page's filter fields.
func ListOf[F, T any](r *http.Request, p *Principal, filter func(*http.Request) (F, int, error), list func(context.Context, scope.Scope, F) ([]T, int, error), t Table[T], kind string) (ListTable, F, error) {
	f, page, err := filter(r)
	if err != nil {
		return ListTable{}, f, err
	}
	items, total, err := list(r.Context(), p.Scope, f)
	if err != nil {
		return ListTable{}, f, err
	}
	lt := ListTable{Cols: t.Cols(r), Rows: t.Rows(LangOf(r), items), Pager: NewPager(r, page, pageOf(f), total, len(items))}
	if kind != "" {
		lt.Export = ExportsOf(r, kind)
	}
	return lt, f, nil
}

// Exports are a list's two download links, for its current filters.
type Exports struct{ XLSX, CSV string }

// ExportsOf is the export links of list kind for r's filters.
func ExportsOf(r *http.Request, kind string) Exports {
	return Exports{XLSX: ExportLink(r, kind, "xlsx"), CSV: ExportLink(r, kind, "csv")}
}

// DetailPage is templates/detail.html: one record with its sections.
type DetailPage struct {
	Title     string
	Notice    string
	Crumbs    []Crumb
	Actions   []Link
	Fields    []KV
	Reveal    string
	Forms     []InlineForm
	Multipart bool
	Sections  []Section
	Charts    []string
	Geometry  string
}

// FormPage is templates/form.html: one form on its own page.
type FormPage struct {
	Title, Error   string
	Action, Cancel string
	Fields         []FormField
}

// ReportPage is templates/report.html: charts and tables over a season.
type ReportPage struct {
	Title    string
	Action   string
	From     string
	Months   int
	Export   string
	Charts   []string
	Sections []Section
}

// ErrorPage is templates/error.html.
type ErrorPage struct {
	Title string
	Err   ErrorBody
}

// PeriodForm is one date range with its weekly slots in a SlotFormPage.
type PeriodForm struct {
	Index  int
	Prefix string
	Start  string
	End    string
	Slots  map[string]bool
}

// SlotFormPage is templates/talentform.html: a form of fields with date
// periods on a weekly slot grid (a talent, a demand, the sign-up, the
// public declaration). Intro, Pre and PoW serve the public forms: a
// notice above the form, the pre-session CSRF token, and the proof of
// work the form must carry.
type SlotFormPage struct {
	Title, Error          string
	Action, Cancel        string
	Button                string
	Intro, Pre            string
	PoW                   bool
	Account, Fields       []FormField
	SkillNames            []string
	Periods               []PeriodForm
	PeriodLabel           string
	SlotDays, SlotPeriods []string
}

var (
	SlotForm = NewPage[SlotFormPage]("talentform")
	List     = NewPage[ListPage]("list")
	Detail   = NewPage[DetailPage]("detail")
	Form     = NewPage[FormPage]("form")
	Report   = NewPage[ReportPage]("report")
	Error    = NewPage[ErrorPage]("error")
)

// TemplateNames are the names of the page templates the kit loaded.
func (k *Kit) TemplateNames() []string {
	out := make([]string, 0, len(k.pages.byName))
	for n := range k.pages.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Execute runs page template name on v without a request (the template
// test's entry); it returns the template's error.
func (k *Kit) Execute(w io.Writer, name string, v View) error {
	t, ok := k.pages.byName[name]
	if !ok {
		return fmt.Errorf("no template %s", name)
	}
	if err := t.ExecuteTemplate(w, "page", v); err != nil {
		return err
	}
	if t.Lookup("partial") != nil {
		return t.ExecuteTemplate(w, "partial", v)
	}
	return nil
}
