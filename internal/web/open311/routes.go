// Package open311 is the Open311 GeoReport v2 API
// (http://wiki.open311.org/GeoReport_v2) at /open311/v2/, in JSON and
// XML: the service list is every active menu item of every open post
// plus one routed service per category ("cat.<category>", placed like a
// free-text need), and service requests are orders. It is public by
// design: reads need no key, a POST needs an API client's key
// (order.NewClient), and no response carries the orderer's name, phone
// or email.
package open311

import (
	"net/http"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// Module serves the Open311 API. Limit counts a request against a rate
// limit class and key (the server's limiters): a POST counts against its
// API key.
type Module struct {
	*kit.Kit
	DB     *db.DB
	Posts  *post.Store
	Orders *order.Store
	Limit  func(class, key string) error
}

const (
	// Base is where the Open311 routes live.
	Base          = "/open311/v2"
	o311Spec      = "http://wiki.open311.org/GeoReport_v2"
	o311Changeset = "2026-11-27T00:00:00+08:00" // when this endpoint last changed
	o311CatPrefix = "cat."
)

// Routes are the Open311 GeoReport v2 routes. The format is the suffix
// of the last segment (.json or .xml); every error, an unknown format or
// path included, is answered in the Open311 error format.
func (m *Module) Routes() []kit.Route {
	rows := []kit.Route{}
	for _, f := range []string{".json", ".xml"} {
		rows = append(rows,
			kit.R("GET", Base+"/discovery"+f, kit.Public, 0, m.o311(m.o311Discovery)),
			kit.R("GET", Base+"/services"+f, kit.Public, 0, m.o311(m.o311Services)),
			kit.R("GET", Base+"/requests"+f, kit.Public, 0, m.o311(m.o311Requests)),
			kit.R("POST", Base+"/requests"+f, kit.Public, 0, m.o311(m.o311Post)),
		)
	}
	return append(rows,
		kit.R("GET", Base+"/services/{file}", kit.Public, 0, m.o311(m.o311Definition)),
		kit.R("GET", Base+"/requests/{file}", kit.Public, 0, m.o311(m.o311Request)),
		kit.R("GET", Base+"/tokens/{file}", kit.Public, 0, m.o311(m.o311Token)),
		kit.R("GET", Base+"/{path...}", kit.Public, 0, m.o311(m.o311NotFound)),
		kit.R("POST", Base+"/{path...}", kit.Public, 0, m.o311(m.o311NotFound)),
	)
}

// Exports: the Open311 API has no export kinds.
func (m *Module) Exports() map[string]kit.Export { return nil }

// Format is a response format: "json" or "xml".
type Format string

// SplitFormat splits the last path segment into its name and format
// ("services.xml" → "services", "xml"); ok is false for any other suffix.
func SplitFormat(path string) (name string, f Format, ok bool) {
	seg := path[strings.LastIndexByte(path, '/')+1:]
	dot := strings.LastIndexByte(seg, '.')
	if dot <= 0 {
		return seg, "json", false
	}
	switch ext := strings.ToLower(seg[dot+1:]); ext {
	case "json", "xml":
		return seg[:dot], Format(ext), true
	}
	return seg[:dot], "json", false
}

// o311Handler is an Open311 handler, written by hand: the spec's answers
// are JSON or XML by the path's suffix, name public ids and codes rather
// than numeric ids, and fail as Open311 error lists, which no kit.API*
// shape writes.
type o311Handler func(w http.ResponseWriter, r *http.Request, f Format, name string) error

// o311 adapts an Open311 handler: it reads the format from the path and
// renders any error as an Open311 error list in that format (JSON when the
// format itself is unsupported).
func (m *Module) o311(h o311Handler) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
		name, f, ok := SplitFormat(r.URL.Path)
		var err error
		if !ok {
			err = apperr.New(apperr.NotFound, "open311.err.format")
		} else {
			err = h(w, r, f, name)
		}
		if err != nil {
			Fail(m.Log, w, r, f, err)
		}
		return nil
	}
}

func (m *Module) o311NotFound(http.ResponseWriter, *http.Request, Format, string) error {
	return apperr.ErrNotFound
}
