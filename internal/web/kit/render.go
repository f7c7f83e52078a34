package kit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangjian/internal/db"
	"dangjian/internal/i18n"
)

// Pages are the parsed page templates, by name.
type Pages struct{ byName map[string]*template.Template }

// LoadPages parses every page template (templates/*.html of each fsys)
// together with the layout (templates/layout.html of the first). A later
// fsys may not define a page an earlier one has.
func LoadPages(fsys ...fs.FS) (*Pages, error) {
	funcs := template.FuncMap{
		"t":    func(lang, key string) string { return i18n.T(lang, key, nil) },
		"tf":   func(lang, key string, kv ...any) string { return i18n.T(lang, key, KVMap(kv)) },
		"json": func(v any) template.JS { b, _ := JSONMarshal(v); return template.JS(b) },
		"add":  func(a, b int) int { return a + b },
		"dict": func(kv ...any) map[string]any { return KVMap(kv) },
	}
	if len(fsys) == 0 {
		return nil, fmt.Errorf("no templates")
	}
	layout, err := fs.ReadFile(fsys[0], "templates/layout.html")
	if err != nil {
		return nil, err
	}
	p := &Pages{byName: map[string]*template.Template{}}
	for _, f := range fsys {
		names, err := fs.Glob(f, "templates/*.html")
		if err != nil {
			return nil, err
		}
		for _, path := range names {
			name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".html")
			if name == "layout" {
				continue
			}
			if _, dup := p.byName[name]; dup {
				return nil, fmt.Errorf("template %s defined twice", name)
			}
			t, err := template.New(name).Funcs(funcs).Parse(string(layout))
			if err == nil {
				t, err = t.ParseFS(f, path)
			}
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", name, err)
			}
			p.byName[name] = t
		}
	}
	return p, nil
}

// KVMap turns key, value, key, value … into a map (the templates' dict).
func KVMap(kv []any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// View is what every page template receives.
type View struct {
	Lang  string
	Title string
	P     *Principal
	CSRF  string
	Path  string
	Nav   []NavItem
	// NavGroups is the same navigation in groups, for a desktop header
	// that would otherwise wrap over several lines (staff accounts).
	NavGroups []NavGroup
	D         any
}

type NavItem struct {
	Href, Key string
	Active    bool
}

// NavGroup is a titled group of navigation entries.
type NavGroup struct {
	Key    string
	Items  []NavItem
	Active bool
}

// navGroupOf names the group of each staff page, in header order.
var navGroupOf = map[string]string{
	"/": "nav.group.registry", "/areas": "nav.group.registry", "/orgs/tree": "nav.group.registry", "/units": "nav.group.registry",
	"/people": "nav.group.registry", "/transfers": "nav.group.registry",
	"/gaps": "nav.group.orgnet", "/orglife": "nav.group.orgnet", "/vanguard": "nav.group.orgnet", "/training": "nav.group.orgnet",
	"/alliances": "nav.group.orgnet", "/cultivation": "nav.group.orgnet", "/declarations": "nav.group.orgnet",
	"/projects": "nav.group.assess", "/risks": "nav.group.assess", "/weak": "nav.group.assess", "/supervision": "nav.group.assess", "/assess": "nav.group.assess",
	"/talents": "nav.group.talent", "/demands": "nav.group.talent", "/matching": "nav.group.talent", "/talent-report": "nav.group.talent",
	"/fund": "nav.group.talent", "/notifications": "nav.group.talent",
	"/posts": "nav.group.service", "/orders": "nav.group.service", "/service-report": "nav.group.service", "/grids": "nav.group.service", "/coverage": "nav.group.service",
	"/imports": "nav.group.admin", "/audit": "nav.group.admin", "/users": "nav.group.admin",
}

// groupNav groups a long navigation (more than 8 entries) by navGroupOf,
// in order of first appearance; entries of no group go to "more". A short
// one is left flat (nil).
func groupNav(items []NavItem) []NavGroup {
	if len(items) <= 8 {
		return nil
	}
	var out []NavGroup
	at := map[string]int{}
	for _, it := range items {
		k, ok := navGroupOf[it.Href]
		if !ok {
			k = "nav.group.more"
		}
		i, seen := at[k]
		if !seen {
			i = len(out)
			at[k] = i
			out = append(out, NavGroup{Key: k})
		}
		out[i].Items = append(out[i].Items, it)
		out[i].Active = out[i].Active || it.Active
	}
	return out
}

// render executes a page into a buffer first, so a template error never
// leaves a half-written page.
func (k *Kit) render(w http.ResponseWriter, r *http.Request, code int, name string, d any, title string) {
	t, ok := k.pages.byName[name]
	if !ok {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p := PrincipalFrom(r)
	v := View{Lang: LangOf(r), P: p, Path: r.URL.Path, D: d}
	if p != nil {
		v.CSRF = p.Session.CSRF
		v.Nav = navFor(p, r.URL.Path)
		v.NavGroups = groupNav(v.Nav)
	}
	v.Title = title
	var buf bytes.Buffer
	tmpl := "page"
	if r.Header.Get("HX-Request") == "true" && t.Lookup("partial") != nil {
		tmpl = "partial"
	}
	if err := t.ExecuteTemplate(&buf, tmpl, v); err != nil {
		k.Log.Error("render", "template", name, "err", err)
		http.Error(w, i18n.T(v.Lang, "err.internal", nil), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

func navFor(p *Principal, path string) []NavItem {
	if p.Can("talent.self") && !p.Can("registry.read") {
		return activeNav([]NavItem{{"/me/talent", "nav.me", false}, {"/board", "nav.board", false}}, path)
	}
	if p.Can("order.place") && !p.Can("registry.read") {
		return activeNav([]NavItem{{"/menu", "nav.menu", false}, {"/order", "order.new", false}, {"/my/orders", "nav.my_orders", false}, {"/notifications", "nav.notifications", false}}, path)
	}
	items := []NavItem{{"/", "nav.home", false}, {"/areas", "nav.areas", false}, {"/orgs/tree", "nav.orgs", false}, {"/units", "nav.units", false}, {"/people", "nav.people", false}, {"/transfers", "nav.transfers", false}, {"/gaps", "nav.gaps", false},
		{"/orglife", "nav.orglife", false}, {"/vanguard", "nav.vanguard", false}, {"/training", "nav.training", false}, {"/alliances", "nav.alliances", false}, {"/cultivation", "nav.cultivation", false}, {"/declarations", "nav.declarations", false},
		{"/projects", "nav.projects", false}, {"/risks", "nav.risks", false}, {"/weak", "nav.weak", false}, {"/supervision", "nav.supervision", false}, {"/assess", "nav.assess", false}}
	if p.Can("talent.read") {
		items = append(items, NavItem{"/talents", "nav.talents", false}, NavItem{"/demands", "nav.demands", false})
	}
	if p.Can("talent.match") {
		items = append(items, NavItem{"/matching", "nav.matching", false})
	}
	if p.Can("talent.read") {
		items = append(items, NavItem{"/talent-report", "nav.report", false}, NavItem{"/fund", "nav.fund", false}, NavItem{"/notifications", "nav.notifications", false})
	}
	if p.Can("service.read") {
		items = append(items, NavItem{"/posts", "nav.posts", false}, NavItem{"/orders", "nav.orders", false}, NavItem{"/service-report", "nav.service_report", false}, NavItem{"/grids", "nav.grids", false}, NavItem{"/coverage", "nav.coverage", false})
	}
	if p.Can("import") {
		items = append(items, NavItem{"/imports", "nav.imports", false})
	}
	if p.Can("audit.read") {
		items = append(items, NavItem{"/audit", "nav.audit", false})
	}
	if p.Can("users.admin") {
		items = append(items, NavItem{"/users", "nav.users", false})
	}
	return activeNav(items, path)
}

func activeNav(items []NavItem, path string) []NavItem {
	for i := range items {
		h := items[i].Href
		items[i].Active = (h == "/" && path == "/") || (h != "/" && len(path) >= len(h) && path[:len(h)] == h) || (h == "/orgs/tree" && len(path) >= 5 && path[:5] == "/orgs")
	}
	return items
}

// Pager is the paging state of a list page.
type Pager struct {
	Page, PerPage, Total int
	Capped               bool
	Prev, Next           string
	From, To             int
}

func NewPager(r *http.Request, page int, p db.Page, total, shown int) Pager {
	p = p.Norm()
	pg := Pager{Page: page, PerPage: p.Limit, Total: total, Capped: total > db.CountCap}
	if pg.Capped {
		pg.Total = db.CountCap
	}
	pg.From, pg.To = p.Offset+1, p.Offset+shown
	if shown == 0 {
		pg.From = 0
	}
	link := func(n int) string {
		q := CloneQuery(r.URL.Query())
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		pg.Prev = link(page - 1)
	}
	if p.Offset+shown < total {
		pg.Next = link(page + 1)
	}
	return pg
}

func CloneQuery(q url.Values) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	return c
}

// ExportLink returns the export URL for the current list's filters.
func ExportLink(r *http.Request, kind, format string) string {
	q := CloneQuery(r.URL.Query())
	q.Del("page")
	q.Del("per_page")
	q.Set("format", format)
	return "/export/" + kind + "?" + q.Encode()
}

// JSONMarshal is json.Marshal, for the templates' json function.
func JSONMarshal(v any) ([]byte, error) { return json.Marshal(v) }
