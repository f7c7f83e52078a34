package web

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

// The Open311 GeoReport v2 API (http://wiki.open311.org/GeoReport_v2) at
// /open311/v2/, in JSON and XML: the service list is every active menu
// item of every open post plus one routed service per category
// ("cat.<category>", placed like a free-text need), and service requests
// are orders. It is public by design: reads need no key, a POST needs an
// API client's key (order.NewClient), and no response carries the
// orderer's name, phone or email.

const (
	o311Base      = "/open311/v2"
	o311Spec      = "http://wiki.open311.org/GeoReport_v2"
	o311Changeset = "2026-11-27T00:00:00+08:00" // when this endpoint last changed
	o311CatPrefix = "cat."
)

// open311Routes are the Open311 GeoReport v2 routes. The format is the
// suffix of the last segment (.json or .xml); every error, an unknown
// format or path included, is answered in the Open311 error format.
func (s *Server) open311Routes() []Route {
	rows := []Route{}
	for _, f := range []string{".json", ".xml"} {
		rows = append(rows,
			Route{"GET", o311Base + "/discovery" + f, Public, 0, s.o311(s.o311Discovery)},
			Route{"GET", o311Base + "/services" + f, Public, 0, s.o311(s.o311Services)},
			Route{"GET", o311Base + "/requests" + f, Public, 0, s.o311(s.o311Requests)},
			Route{"POST", o311Base + "/requests" + f, Public, 0, s.o311(s.o311Post)},
		)
	}
	return append(rows,
		Route{"GET", o311Base + "/services/{file}", Public, 0, s.o311(s.o311Definition)},
		Route{"GET", o311Base + "/requests/{file}", Public, 0, s.o311(s.o311Request)},
		Route{"GET", o311Base + "/tokens/{file}", Public, 0, s.o311(s.o311Token)},
		Route{"GET", o311Base + "/{path...}", Public, 0, s.o311(s.o311NotFound)},
		Route{"POST", o311Base + "/{path...}", Public, 0, s.o311(s.o311NotFound)},
	)
}

// o311Format is a response format: "json" or "xml".
type o311Format string

// splitFormat splits the last path segment into its name and format
// ("services.xml" → "services", "xml"); ok is false for any other suffix.
func splitFormat(path string) (name string, f o311Format, ok bool) {
	seg := path[strings.LastIndexByte(path, '/')+1:]
	dot := strings.LastIndexByte(seg, '.')
	if dot <= 0 {
		return seg, "json", false
	}
	switch ext := strings.ToLower(seg[dot+1:]); ext {
	case "json", "xml":
		return seg[:dot], o311Format(ext), true
	}
	return seg[:dot], "json", false
}

type o311Handler func(w http.ResponseWriter, r *http.Request, f o311Format, name string) error

// o311 adapts an Open311 handler: it reads the format from the path and
// renders any error as an Open311 error list in that format (JSON when the
// format itself is unsupported).
func (s *Server) o311(h o311Handler) handler {
	return func(w http.ResponseWriter, r *http.Request, _ *Principal) error {
		name, f, ok := splitFormat(r.URL.Path)
		var err error
		if !ok {
			err = apperr.New(apperr.NotFound, "open311.err.format")
		} else {
			err = h(w, r, f, name)
		}
		if err != nil {
			s.o311Fail(w, r, f, err)
		}
		return nil
	}
}

func (s *Server) o311NotFound(http.ResponseWriter, *http.Request, o311Format, string) error {
	return apperr.ErrNotFound
}

// o311Status maps an application error to the spec's statuses: 404 for
// what does not exist, 403 for a missing or wrong api_key, 400 for any
// other request that cannot be fulfilled, 413 for a body over the limit,
// 500 for internal failures.
func o311Status(e *apperr.Error) int {
	switch e.Code {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Unauthorized, apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Internal:
		return http.StatusInternalServerError
	case apperr.TooMany:
		return http.StatusTooManyRequests
	}
	if e.Key == "open311.err.too_large" {
		return http.StatusRequestEntityTooLarge
	}
	if e.Key == "err.order.service_unknown" {
		return http.StatusNotFound // the spec: a service_code not found is 404
	}
	return http.StatusBadRequest
}

// o311Fail writes err as an Open311 error list. The description is the
// translated message; internal errors are logged and shown generically.
func (s *Server) o311Fail(w http.ResponseWriter, r *http.Request, f o311Format, err error) {
	if kit.OverLimit(r, err) {
		err = apperr.New(apperr.Invalid, "open311.err.too_large")
	}
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		s.Log.Error("open311 request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	code := o311Status(e)
	kit.SetRetryAfter(w, e)
	writeO311(w, f, code, o311ErrorList{{Code: code, Description: o311Message(kit.LangOf(r), e)}})
}

// o311Message translates an error with the existing helper; an argument
// named "field" the error already carries (a field's display name) wins
// over the generic field label.
func o311Message(lang string, e *apperr.Error) string {
	c := *e
	if _, has := c.Args["field"]; has || (c.Field != "" && !i18n.Has("field."+c.Field)) {
		if !has {
			c.Args = kit.WithArg(c.Args, "field", c.Field)
		}
		c.Field = ""
	}
	return kit.Translate(lang, &c).Error.Message
}

// o311Discovery answers the service discovery document.
func (s *Server) o311Discovery(w http.ResponseWriter, r *http.Request, f o311Format, _ string) error {
	scheme := "http"
	if r.TLS != nil || s.Cfg.CookieSecure {
		scheme = "https"
	}
	lang := kit.LangOf(r)
	d := o311DiscoveryDoc{
		Changeset: o311Changeset, Contact: kit.Tr(lang, "open311.contact"), KeyService: kit.Tr(lang, "open311.key_service"),
		Endpoints: []o311Endpoint{{Specification: o311Spec, URL: scheme + "://" + r.Host + o311Base, Changeset: o311Changeset,
			Type: "production", Formats: []string{"text/xml", "application/json"}}},
	}
	writeO311(w, f, http.StatusOK, d)
	return nil
}

// catName is a category's display name.
func catName(lang, cat string) string { return kit.Tr(lang, "svc.cat."+cat) }

// o311Services lists the menu items and the routed category services.
func (s *Server) o311Services(w http.ResponseWriter, r *http.Request, f o311Format, _ string) error {
	items, err := s.Posts.PublicItems(r.Context())
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
func (s *Server) o311Definition(w http.ResponseWriter, r *http.Request, f o311Format, code string) error {
	def := o311ServiceDef{ServiceCode: code, Attributes: o311AttrList{}}
	if cat, ok := strings.CutPrefix(code, o311CatPrefix); ok {
		if !post.ValidCategory(cat) {
			return o311UnknownService(code)
		}
		writeO311(w, f, http.StatusOK, def)
		return nil
	}
	it, err := s.itemByCode(r.Context(), code)
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
func (s *Server) itemByCode(ctx context.Context, code string) (post.Item, error) {
	it, err := s.Posts.ItemByCode(ctx, code)
	if errors.Is(err, apperr.ErrNotFound) {
		return it, o311UnknownService(code)
	}
	return it, err
}

func o311UnknownService(code string) error {
	return apperr.New(apperr.NotFound, "err.order.service_unknown").With("code", code)
}
