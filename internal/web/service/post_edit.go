package service

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// Building posts: the create and edit forms, a district's level
// structure, and a construction batch's build status.

func postFields(x post.Post, edit bool) []kit.FormField {
	fs := []kit.FormField{
		{Name: "code", Label: "post.code", Type: "text", Value: x.Code, Required: true},
		{Name: "name", Label: "post.name", Type: "text", Value: x.Name, Required: true},
		{Name: "level", Label: "post.level", Type: "select", Options: levelOptions(x.Level, false), Required: true},
		kit.Pick("parent_id", "post.parent", "posts", x.ParentID, x.ParentName, false),
		kit.Pick("area_id", "post.area", "areas", x.AreaID, x.AreaName, true),
		{Name: "served", Label: "post.served_ids", Type: "text", Value: refIDs(x.Served), Placeholder: "post.served_hint"},
		{Name: "lat", Label: "post.lat", Type: "text", Value: floatOrEmpty(x.Lat), Placeholder: "post.latlng_hint"},
		{Name: "lng", Label: "post.lng", Type: "text", Value: floatOrEmpty(x.Lng)},
		{Name: "address", Label: "post.address", Type: "text", Value: x.Address},
		{Name: "hours", Label: "post.hours", Type: "text", Value: x.Hours, Placeholder: "post.hours_hint"},
		{Name: "build_status", Label: "post.build_status", Type: "select", Options: kit.EnumOptions(post.BuildStatuses, "post.status.", string(x.Status), "")},
		{Name: "batch", Label: "post.batch", Type: "text", Value: x.Batch},
	}
	if edit {
		fs = append(fs[:2], fs[3:]...) // code fixed; level fixed
		fs[0].Type = "hidden"
	}
	return fs
}

func refIDs(rs []post.Ref) string {
	var out []string
	for _, r := range rs {
		out = append(out, kit.Itoa(r.ID))
	}
	return strings.Join(out, ",")
}

func floatOrEmpty(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', 6, 64)
}

func formFloat(r *http.Request, name string) (float64, error) {
	return kit.OptNumber(name, r.PostFormValue(name))
}

func postForm(r *http.Request) (post.Post, error) {
	x := post.Post{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), Address: r.PostFormValue("address"),
		Hours: r.PostFormValue("hours"), Status: post.BuildStatus(r.PostFormValue("build_status")), Batch: r.PostFormValue("batch")}
	var err error
	if x.Level, err = strconv.Atoi(r.PostFormValue("level")); err != nil && r.PostFormValue("level") != "" {
		return x, apperr.InvalidField("level", "err.post.level")
	}
	if x.ParentID, err = kit.FormInt(r, "parent_id"); err != nil {
		return x, err
	}
	if x.AreaID, err = kit.FormInt(r, "area_id"); err != nil {
		return x, err
	}
	if x.Lat, err = formFloat(r, "lat"); err != nil {
		return x, err
	}
	if x.Lng, err = formFloat(r, "lng"); err != nil {
		return x, err
	}
	ids, err := kit.IDList(r.PostFormValue("served"), "served")
	for _, id := range ids {
		x.Served = append(x.Served, post.Ref{ID: id})
	}
	return x, err
}

func (m *Module) pagePostNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: kit.Tr(kit.LangOf(r), "post.new"), Action: "/posts", Cancel: "/posts",
		Fields: postFields(post.Post{Level: post.LevelCommunity, Status: post.Planned, Hours: post.DefaultHours}, false)})
	return nil
}

func (m *Module) pagePostCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, err := postForm(r)
	var made post.Post
	if err == nil {
		made, err = m.Posts.Create(r.Context(), p.Scope, x)
	}
	return kit.Saved(m.Kit, w, r, err, "/posts/"+kit.Itoa(made.ID),
		kit.FormPage{Title: kit.Tr(kit.LangOf(r), "post.new"), Action: "/posts", Cancel: "/posts", Fields: postFields(x, false)})
}

func (m *Module) pagePostEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, id, err := kit.ByID(r, p, m.Posts.Get)
	if err != nil {
		return err
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: x.Name, Action: "/posts/" + kit.Itoa(id), Cancel: "/posts/" + kit.Itoa(id), Fields: postFields(x, true)})
	return nil
}

func (m *Module) pagePostUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	old, id, err := kit.ByID(r, p, m.Posts.Get)
	if err != nil {
		return err
	}
	x, err := postForm(r)
	x.ID, x.Level, x.Code = id, old.Level, old.Code
	if err == nil {
		_, err = m.Posts.Update(r.Context(), p.Scope, x)
	}
	base := "/posts/" + kit.Itoa(id)
	return kit.Saved(m.Kit, w, r, err, base, kit.FormPage{Title: old.Name, Action: base, Cancel: base, Fields: postFields(x, true)})
}

// pagePostLevels shows and sets a district's level structure.
func (m *Module) pagePostLevels(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	did, err := kit.QueryID(r, "district_id")
	if err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		if did, err = kit.FormInt(r, "district_id"); err != nil {
			return err
		}
		var levels []post.Level
		for l := 1; l <= 4; l++ {
			n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("planned" + strconv.Itoa(l))))
			if err != nil {
				n = 0
			}
			levels = append(levels, post.Level{Level: l, Name: r.PostFormValue("name" + strconv.Itoa(l)), Planned: n})
		}
		if err := m.Posts.SetLevels(r.Context(), p.Scope, did, levels); err != nil {
			return err
		}
		http.Redirect(w, r, "/posts/levels?district_id="+kit.Itoa(did), http.StatusSeeOther)
		return nil
	}
	levels, err := m.Posts.Levels(r.Context(), did)
	if err != nil {
		return err
	}
	fields := []kit.FormField{kit.Pick("district_id", "post.district", "areas", did, "", true)}
	for _, l := range levels {
		n := strconv.Itoa(l.Level)
		fields = append(fields, kit.FormField{Name: "name" + n, Label: "post.level." + n, Type: "text", Value: l.Name, Required: true},
			kit.FormField{Name: "planned" + n, Label: "post.planned", Type: "number", Value: strconv.Itoa(l.Planned)})
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: kit.Tr(kit.LangOf(r), "post.levels"), Action: "/posts/levels", Cancel: "/posts", Fields: fields})
	return nil
}

// pagePostBatch moves every post of a batch to a build status.
func (m *Module) pagePostBatch(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	fields := []kit.FormField{{Name: "batch", Label: "post.batch", Type: "text", Required: true, Value: r.PostFormValue("batch")},
		{Name: "build_status", Label: "post.build_status", Type: "select", Options: kit.EnumOptions(post.BuildStatuses, "post.status.", r.PostFormValue("build_status"), "")}}
	d := kit.FormPage{Title: kit.Tr(kit.LangOf(r), "post.batch_status"), Action: "/posts/batch", Cancel: "/posts", Fields: fields}
	if r.Method == http.MethodPost {
		n, err := m.Posts.SetBatchStatus(r.Context(), p.Scope, r.PostFormValue("batch"), post.BuildStatus(r.PostFormValue("build_status")))
		if err != nil {
			d.Error = kit.FormErr(kit.LangOf(r), err, fields)
			kit.Form.Render(m.Kit, w, r, kit.Status(apperr.CodeOf(err)), d)
			return nil
		}
		http.Redirect(w, r, "/posts?batch="+kit.URLQueryEscape(r.PostFormValue("batch"))+"&moved="+strconv.Itoa(n), http.StatusSeeOther)
		return nil
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}
