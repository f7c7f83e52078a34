package kit

import (
	"context"
	"net/http"
	"reflect"

	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// The shapes the organization network's JSON API repeats: a detail by the
// path's id, and a write to the object the path's id names.

// APIGet answers the object get finds by the path's id in the caller's
// scope (404 outside it).
func APIGet[T any](get func(context.Context, scope.Scope, int64) (T, error)) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathID(r, "id")
		if err != nil {
			return err
		}
		x, err := get(r.Context(), p.Scope, id)
		if err != nil {
			return err
		}
		WriteJSON(w, http.StatusOK, x)
		return nil
	}
}

// NoBody is the input of a write that takes no body.
type NoBody struct{}

// APIChange is a write to the object the path's id names: it decodes the
// JSON body into a T (none for NoBody), runs do, and answers code with
// what do returns (204 with no body).
func APIChange[T any](code int, do func(r *http.Request, p *Principal, id int64, in T) (any, error)) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathID(r, "id")
		if err != nil {
			return err
		}
		var in T
		if _, none := any(in).(NoBody); !none {
			if err := DecodeJSON(r, &in); err != nil {
				return err
			}
		}
		out, err := do(r, p, id, in)
		if err != nil {
			return err
		}
		if code == http.StatusNoContent {
			w.WriteHeader(code)
			return nil
		}
		WriteJSON(w, code, out)
		return nil
	}
}

// NewID answers a created record's id.
func NewID(id int64, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return map[string]int64{"id": id}, nil
}

// APIDelete removes the object the path's id names in the caller's scope
// (404 outside it; 409 while something still refers to it).
func APIDelete(del func(context.Context, scope.Scope, int64) error) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathID(r, "id")
		if err != nil {
			return err
		}
		if err := del(r.Context(), p.Scope, id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// APICreate is a write that names no object in its path: it decodes the
// JSON body into a T, runs do, and answers code with what do returns.
func APICreate[T any](code int, do func(r *http.Request, p *Principal, in T) (any, error)) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		var in T
		if err := DecodeJSON(r, &in); err != nil {
			return err
		}
		out, err := do(r, p, in)
		if err != nil {
			return err
		}
		WriteJSON(w, code, out)
		return nil
	}
}

// APIList answers one page of a list in the caller's scope: filter is the
// list page's own query reader (the same filters, sorts and paging), and
// F carries its paging in a db.Page field named Page.
func APIList[F, T any](filter func(*http.Request) (F, int, error), list func(context.Context, scope.Scope, F) ([]T, int, error)) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		f, page, err := filter(r)
		if err != nil {
			return err
		}
		items, total, err := list(r.Context(), p.Scope, f)
		if err != nil {
			return err
		}
		WriteJSON(w, http.StatusOK, NewList(items, total, page, pageOf(f)))
		return nil
	}
}

// pageOf is a filter's Page field, normalized (the default page when the
// filter has none).
func pageOf(f any) db.Page {
	v := reflect.Indirect(reflect.ValueOf(f))
	if v.Kind() == reflect.Struct {
		if pf := v.FieldByName("Page"); pf.IsValid() {
			if pg, ok := pf.Interface().(db.Page); ok {
				return pg.Norm()
			}
		}
	}
	return db.Page{}.Norm()
}
