package kit

import (
	"encoding/json"
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
)

// Status maps an application error code to its HTTP status, in one place.
func Status(c apperr.Code) int {
	switch c {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ProblemJSON is one translated problem (a per-row import error, say).
type ProblemJSON struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field,omitempty"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// ErrorJSON is the body of every API error.
type ErrorJSON struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody is an error as the API and the error page show it.
type ErrorBody struct {
	Code     apperr.Code   `json:"code"`
	Key      string        `json:"key"`
	Message  string        `json:"message"`
	Field    string        `json:"field,omitempty"`
	Problems []ProblemJSON `json:"problems,omitempty"`
}

// Translate renders an application error for a locale. Internal errors are
// logged by the caller and shown only as the generic message.
func Translate(lang string, e *apperr.Error) ErrorJSON {
	var out ErrorJSON
	out.Error.Code = e.Code
	out.Error.Key = e.Key
	out.Error.Field = e.Field
	out.Error.Message = i18n.T(lang, e.Key, WithField(lang, e.Args, e.Field))
	for _, p := range e.Problems {
		msg := i18n.T(lang, p.Key, WithField(lang, p.Args, p.Field))
		if p.Row > 0 {
			msg = i18n.T(lang, "err.import.row", map[string]any{"row": p.Row, "msg": msg})
		}
		out.Error.Problems = append(out.Error.Problems, ProblemJSON{Row: p.Row, Field: p.Field, Key: p.Key, Message: msg})
	}
	return out
}

// WithField fills a message's {field} with the offending field's label
// (field.<name>), or its name as sent when it has none (an unknown JSON
// field, say); a "field" argument the error carries itself wins.
func WithField(lang string, args map[string]any, field string) map[string]any {
	if _, ok := args["field"]; ok || field == "" {
		return args
	}
	label := field
	if i18n.Has("field." + field) {
		label = i18n.T(lang, "field."+field, nil)
	}
	return WithArg(args, "field", label)
}

func WithArg(m map[string]any, k string, v any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for x, y := range m {
		c[x] = y
	}
	c[k] = v
	return c
}

// WriteJSON writes v with a Status.
func WriteJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// fail renders err as JSON (API) or as an error page, logging internals.
func (k *Kit) Fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	if OverLimit(r, err) {
		err = ErrBodyTooLarge
	}
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		k.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	lang := LangOf(r)
	body := Translate(lang, e)
	code := HTTPStatus(e)
	SetRetryAfter(w, e)
	if api {
		WriteJSON(w, code, body)
		return
	}
	if e.Code == apperr.Unauthorized {
		http.Redirect(w, r, "/login?next="+URLQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	Error.Render(k, w, r, code, ErrorPage{Err: body.Error})
}

// SetRetryAfter adds Retry-After to the answer of a rate limit or lockout.
func SetRetryAfter(w http.ResponseWriter, e *apperr.Error) {
	if e.Code != apperr.TooMany {
		return
	}
	if sec, ok := e.Args["retry_after"].(int); ok && sec > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(sec))
	}
}
