package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
)

// status maps an application error code to its HTTP status, in one place.
func status(c apperr.Code) int {
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

// problemJSON is one translated problem (a per-row import error, say).
type problemJSON struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field,omitempty"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// errorJSON is the body of every API error.
type errorJSON struct {
	Error struct {
		Code     apperr.Code   `json:"code"`
		Key      string        `json:"key"`
		Message  string        `json:"message"`
		Field    string        `json:"field,omitempty"`
		Problems []problemJSON `json:"problems,omitempty"`
	} `json:"error"`
}

// translate renders an application error for a locale. Internal errors are
// logged by the caller and shown only as the generic message.
func translate(lang string, e *apperr.Error) errorJSON {
	var out errorJSON
	out.Error.Code = e.Code
	out.Error.Key = e.Key
	out.Error.Field = e.Field
	out.Error.Message = i18n.T(lang, e.Key, withField(lang, e.Args, e.Field))
	for _, p := range e.Problems {
		msg := i18n.T(lang, p.Key, withField(lang, p.Args, p.Field))
		if p.Row > 0 {
			msg = i18n.T(lang, "err.import.row", map[string]any{"row": p.Row, "msg": msg})
		}
		out.Error.Problems = append(out.Error.Problems, problemJSON{Row: p.Row, Field: p.Field, Key: p.Key, Message: msg})
	}
	return out
}

// withField fills a message's {field} with the offending field's label
// (field.<name>), or its name as sent when it has none (an unknown JSON
// field, say); a "field" argument the error carries itself wins.
func withField(lang string, args map[string]any, field string) map[string]any {
	if _, ok := args["field"]; ok || field == "" {
		return args
	}
	label := field
	if i18n.Has("field." + field) {
		label = i18n.T(lang, "field."+field, nil)
	}
	return withArg(args, "field", label)
}

func withArg(m map[string]any, k string, v any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for x, y := range m {
		c[x] = y
	}
	c[k] = v
	return c
}

// writeJSON writes v with a status.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// fail renders err as JSON (API) or as an error page, logging internals.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	if overLimit(r, err) {
		err = errBodyTooLarge
	}
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	lang := langOf(r)
	body := translate(lang, e)
	code := httpStatus(e)
	setRetryAfter(w, e)
	if api {
		writeJSON(w, code, body)
		return
	}
	if e.Code == apperr.Unauthorized {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, code, "error", map[string]any{"Err": body.Error})
}

// setRetryAfter adds Retry-After to the answer of a rate limit or lockout.
func setRetryAfter(w http.ResponseWriter, e *apperr.Error) {
	if e.Code != apperr.TooMany {
		return
	}
	if sec, ok := e.Args["retry_after"].(int); ok && sec > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(sec))
	}
}
