package service

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// Service posts: the list by district, level, build status and batch; a
// post with its served areas, staff, member units and menu; forms to build
// posts, add menu items, staff and units, configure a district's levels,
// and move a construction batch to a build status.

var postFilter = kit.QueryFilter[post.Filter]

func levelOptions(sel int, blank bool) []kit.Option {
	var out []kit.Option
	if blank {
		out = append(out, kit.Option{Value: "", Label: "list.any"})
	}
	for l := 1; l <= 4; l++ {
		out = append(out, kit.Option{Value: strconv.Itoa(l), Label: "post.level." + strconv.Itoa(l), Selected: l == sel})
	}
	return out
}

// postTable is the post list's columns: the page, the CSV and the XLSX.
var postTable = kit.Table[post.Post]{Columns: []kit.Column[post.Post]{
	{Key: "post.code", Sort: "code", Cell: kit.Text(func(_ string, x post.Post) string { return x.Code })},
	{Key: "post.name", Sort: "name", Cell: func(_ string, x post.Post) kit.Cell {
		return kit.Cell{Text: x.Name, Href: "/posts/" + kit.Itoa(x.ID)}
	}},
	{Key: "post.level", Sort: "level", Cell: kit.Text(func(_ string, x post.Post) string { return x.LevelName })},
	{Key: "post.parent", Cell: kit.Text(func(_ string, x post.Post) string { return x.ParentName })},
	{Key: "post.district", Cell: kit.Text(func(_ string, x post.Post) string { return x.DistrictName })},
	{Key: "post.area", Cell: kit.Text(func(_ string, x post.Post) string { return x.AreaName })},
	{Key: "post.build_status", Sort: "status", Cell: kit.Text(func(lang string, x post.Post) string { return kit.Tr(lang, "post.status."+string(x.Status)) })},
	{Key: "post.batch", Sort: "batch", Cell: kit.Text(func(_ string, x post.Post) string { return x.Batch })},
	{Key: "post.hours", Cell: kit.Text(func(_ string, x post.Post) string { return x.Hours })},
	{Key: "post.lat", ExportOnly: true, Cell: kit.Text(func(_ string, x post.Post) string { return fmt.Sprintf("%.6f", x.Lat) })},
	{Key: "post.lng", ExportOnly: true, Cell: kit.Text(func(_ string, x post.Post) string { return fmt.Sprintf("%.6f", x.Lng) })},
}}

func (m *Module) pagePosts(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, postFilter, m.Posts.List, postTable, "posts")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.posts"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "post.q_hint"},
			{Name: "level", Label: "post.level", Type: "select", Options: levelOptions(f.Level, true)},
			{Name: "status", Label: "post.build_status", Type: "select", Options: kit.EnumOptions(post.BuildStatuses, "post.status.", string(f.Status), "list.any")},
			{Name: "batch", Label: "post.batch", Type: "text", Value: f.Batch},
		},
		ListTable: lt,
	}
	if p.Can(auth.PermServiceWrite) {
		d.Actions = []kit.Link{{Href: "/posts/new", Key: "post.new"}, {Href: "/posts/levels", Key: "post.levels"}, {Href: "/posts/batch", Key: "post.batch_status"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pagePost(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, id, err := kit.ByID(r, p, m.Posts.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var served, units []string
	for _, a := range x.Served {
		served = append(served, a.Name)
	}
	for _, u := range x.Units {
		units = append(units, u.Name)
	}
	fields := []kit.KV{{Key: "post.code", Text: x.Code}, {Key: "post.level", Text: x.LevelName}, {Key: "post.parent", Text: x.ParentName, Href: hrefIf(x.ParentID, "/posts/")},
		{Key: "post.district", Text: x.DistrictName}, {Key: "post.area", Text: x.AreaName, Href: "/areas/" + kit.Itoa(x.AreaID)},
		{Key: "post.location", Text: strconv.FormatFloat(x.Lat, 'f', 5, 64) + ", " + strconv.FormatFloat(x.Lng, 'f', 5, 64)},
		{Key: "post.address", Text: x.Address}, {Key: "post.hours", Text: x.Hours}, {Key: "post.build_status", Text: kit.Tr(lang, "post.status."+string(x.Status))},
		{Key: "post.batch", Text: x.Batch}, {Key: "post.served", Text: strings.Join(served, "、")}, {Key: "post.units", Text: strings.Join(units, "、")},
		{Key: "post.orders", Text: strconv.Itoa(x.Orders), Href: "/orders?post_id=" + kit.Itoa(x.ID)}}
	var menu [][]kit.Cell
	for _, it := range x.Items {
		var un []string
		for _, u := range it.Units {
			un = append(un, u.Name)
		}
		menu = append(menu, []kit.Cell{{Text: it.Code}, {Text: kit.Tr(lang, "svc.cat."+it.Category)}, {Text: it.Name}, {Text: it.Description},
			{Text: strings.Join(un, "、")}, {Text: strconv.Itoa(it.LimitDays)}, {Text: strconv.Itoa(len(it.Fields))}, {Text: kit.YesNo(lang, it.Active)}})
	}
	var staff [][]kit.Cell
	for _, st := range x.Staff {
		staff = append(staff, []kit.Cell{{Text: st.Name}, {Text: st.Role}, {Text: kit.YesNo(lang, st.UserID != 0)}})
	}
	d := kit.DetailPage{Title: x.Name, Fields: fields, Sections: []kit.Section{
		{Key: "post.menu", Cols: kit.Cols("menu.code", "menu.category", "menu.name", "menu.description", "menu.units", "menu.limit_days", "menu.fields", "menu.active"), Rows: menu},
		{Key: "post.staff", Cols: kit.Cols("staff.name", "staff.role", "staff.account"), Rows: staff},
	}}
	if p.Can(auth.PermServiceWrite) {
		d.Actions = []kit.Link{{Href: "/posts/" + kit.Itoa(id) + "/edit", Key: "form.edit"}}
		d.Forms = postForms(id)
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func hrefIf(id int64, prefix string) string {
	if id == 0 {
		return ""
	}
	return prefix + kit.Itoa(id)
}

// postForms are the inline forms on a post: a menu item, staff, units.
func postForms(id int64) []kit.InlineForm {
	cats := []kit.Option{}
	for _, c := range post.Categories {
		cats = append(cats, kit.Option{Value: c, Label: "svc.cat." + c})
	}
	base := "/posts/" + kit.Itoa(id)
	return []kit.InlineForm{
		{Action: base + "/items", Title: "menu.new", Button: "form.save", Fields: []kit.FormField{
			{Name: "code", Label: "menu.code", Type: "text", Required: true},
			{Name: "category", Label: "menu.category", Type: "select", Options: cats, Required: true},
			{Name: "name", Label: "menu.name", Type: "text", Required: true},
			{Name: "description", Label: "menu.description", Type: "textarea"},
			{Name: "limit_days", Label: "menu.limit_days", Type: "number", Value: "3", Required: true},
			kit.Pick("unit_id", "menu.units", "units", 0, "", true),
			{Name: "unit_ids", Label: "menu.more_units", Type: "text", Placeholder: "menu.unit_ids_hint"},
			{Name: "fields", Label: "menu.fields", Type: "textarea", Placeholder: "menu.fields_hint"},
		}},
		{Action: base + "/staff", Title: "staff.new", Button: "form.save", Fields: []kit.FormField{
			{Name: "name", Label: "staff.name", Type: "text", Required: true},
			{Name: "role", Label: "staff.role", Type: "text"},
			{Name: "username", Label: "staff.username", Type: "text"},
		}},
		{Action: base + "/units", Title: "post.units", Button: "form.save", Fields: []kit.FormField{
			{Name: "unit_ids", Label: "menu.unit_ids", Type: "text", Placeholder: "menu.unit_ids_hint"},
		}},
	}
}

func (m *Module) pagePostItem(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	limit, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("limit_days")))
	if err != nil {
		return apperr.InvalidField("limit_days", "err.post.limit_days")
	}
	it := post.Item{PostID: id, Code: r.PostFormValue("code"), Category: r.PostFormValue("category"), Name: r.PostFormValue("name"),
		Description: r.PostFormValue("description"), LimitDays: limit, Active: true}
	if f := strings.TrimSpace(r.PostFormValue("fields")); f != "" {
		if err := json.Unmarshal([]byte(f), &it.Fields); err != nil {
			return apperr.InvalidField("fields", "err.post.fields_json")
		}
	}
	units, err := kit.IDList(r.PostFormValue("unit_id")+","+r.PostFormValue("unit_ids"), "unit_ids")
	if err != nil {
		return err
	}
	if _, err := m.Posts.SaveItem(r.Context(), p.Scope, it, units); err != nil {
		return err
	}
	http.Redirect(w, r, "/posts/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pagePostStaff(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	st := post.Staff{Name: r.PostFormValue("name"), Role: r.PostFormValue("role")}
	if u := strings.TrimSpace(r.PostFormValue("username")); u != "" {
		acct, err := m.Auth.GetUserByName(r.Context(), u)
		if err != nil {
			return apperr.InvalidField("username", "err.user_missing")
		}
		st.UserID = acct.ID
	}
	if _, err := m.Posts.AddStaff(r.Context(), p.Scope, id, st); err != nil {
		return err
	}
	http.Redirect(w, r, "/posts/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pagePostUnits(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	units, err := kit.IDList(r.PostFormValue("unit_ids"), "unit_ids")
	if err != nil {
		return err
	}
	if err := m.Posts.SetUnits(r.Context(), p.Scope, id, units); err != nil {
		return err
	}
	http.Redirect(w, r, "/posts/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}
