package open311

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// o311Discovery answers the service discovery document.
func (m *Module) o311Discovery(w http.ResponseWriter, r *http.Request, f Format, _ string) error {
	scheme := "http"
	if r.TLS != nil || m.Cfg.CookieSecure {
		scheme = "https"
	}
	lang := kit.LangOf(r)
	d := o311DiscoveryDoc{
		Changeset: o311Changeset, Contact: kit.Tr(lang, "open311.contact"), KeyService: kit.Tr(lang, "open311.key_service"),
		Endpoints: []o311Endpoint{{Specification: o311Spec, URL: scheme + "://" + r.Host + Base, Changeset: o311Changeset,
			Type: "production", Formats: []string{"text/xml", "application/json"}}},
	}
	writeO311(w, f, http.StatusOK, d)
	return nil
}

// catName is a category's display name.
func catName(lang, cat string) string { return kit.Tr(lang, "svc.cat."+cat) }

// o311Services lists the menu items and the routed category services.
func (m *Module) o311Services(w http.ResponseWriter, r *http.Request, f Format, _ string) error {
	items, err := m.Posts.PublicItems(r.Context())
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	out := make(o311ServiceList, 0, len(items)+len(post.Categories))
	for _, it := range items {
		out = append(out, itemService(lang, it))
	}
	for _, c := range post.Categories {
		out = append(out, catService(lang, c))
	}
	writeO311(w, f, http.StatusOK, out)
	return nil
}

func itemService(lang string, it post.Item) o311Service {
	desc := it.Description
	if desc == "" {
		desc = i18n.T(lang, "open311.item.desc", map[string]any{"post": it.PostName, "days": it.LimitDays})
	}
	g := catName(lang, it.Category)
	return o311Service{ServiceCode: it.Code, ServiceName: it.Name, Description: desc, Metadata: len(it.Fields) > 0,
		Type: "realtime", Keywords: strings.Join([]string{g, it.PostName, it.Name}, ","), Group: g}
}

func catService(lang, cat string) o311Service {
	g := catName(lang, cat)
	return o311Service{ServiceCode: o311CatPrefix + cat, ServiceName: i18n.T(lang, "open311.cat.name", map[string]any{"category": g}),
		Description: i18n.T(lang, "open311.cat.desc", map[string]any{"category": g}), Type: "realtime", Keywords: g, Group: g}
}

// o311Definition answers a service definition: an item's extra fields
// become attributes; a category service has none.
func (m *Module) o311Definition(w http.ResponseWriter, r *http.Request, f Format, code string) error {
	def := o311ServiceDef{ServiceCode: code, Attributes: o311AttrList{}}
	if cat, ok := strings.CutPrefix(code, o311CatPrefix); ok {
		if !post.ValidCategory(cat) {
			return o311UnknownService(code)
		}
		writeO311(w, f, http.StatusOK, def)
		return nil
	}
	it, err := m.itemByCode(r.Context(), code)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	for i, fd := range it.Fields {
		a := o311Attribute{Variable: true, Code: fd.Code, Datatype: fd.Type, Required: fd.Required,
			DatatypeDescription: kit.Tr(lang, "open311.datatype."+fd.Type), Order: i + 1, Description: fd.Name}
		for _, v := range fd.Values {
			a.Values = append(a.Values, o311Value{Key: v.Key, Name: v.Name})
		}
		def.Attributes = append(def.Attributes, a)
	}
	writeO311(w, f, http.StatusOK, def)
	return nil
}

// itemByCode returns a public menu item, or the Open311 404.
func (m *Module) itemByCode(ctx context.Context, code string) (post.Item, error) {
	it, err := m.Posts.ItemByCode(ctx, code)
	if errors.Is(err, apperr.ErrNotFound) {
		return it, o311UnknownService(code)
	}
	return it, err
}

func o311UnknownService(code string) error {
	return apperr.New(apperr.NotFound, "err.order.service_unknown").With("code", code)
}
