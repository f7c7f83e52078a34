package kit

import (
	"context"
	"net/http"

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
