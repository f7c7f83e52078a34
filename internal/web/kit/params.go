package kit

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// PathID reads a positive integer path value.
func PathID(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, apperr.InvalidField(name, "err.param.id")
	}
	return v, nil
}

// QueryID reads an optional positive integer query value (0 when absent).
func QueryID(r *http.Request, name string) (int64, error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return 0, apperr.InvalidField(name, "err.param.id")
	}
	return v, nil
}

// QueryInt reads an optional integer query value within [lo, hi].
func QueryInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, apperr.InvalidField(name, "err.param.range").With("min", lo).With("max", hi)
	}
	return v, nil
}

// QueryBool reads an optional boolean query value (1/true/yes/on).
func QueryBool(r *http.Request, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(r.URL.Query().Get(name))) {
	case "", "0", "false", "no", "off":
		return false, nil
	case "1", "true", "yes", "on":
		return true, nil
	}
	return false, apperr.InvalidField(name, "err.param.bool")
}

// QueryPage reads page (1-based) and per_page.
func QueryPage(r *http.Request) (db.Page, int, error) {
	per, err := QueryInt(r, "per_page", db.DefaultPage, 1, db.MaxPage)
	if err != nil {
		return db.Page{}, 0, err
	}
	page, err := QueryInt(r, "page", 1, 1, 1_000_000)
	if err != nil {
		return db.Page{}, 0, err
	}
	return db.Page{Limit: per, Offset: (page - 1) * per}, page, nil
}

// QueryEnum reads an optional value that must be one of allowed.
func QueryEnum[T ~string](r *http.Request, name string, allowed []T) (T, error) {
	v := T(strings.TrimSpace(r.URL.Query().Get(name)))
	if v == "" {
		return v, nil
	}
	for _, a := range allowed {
		if a == v {
			return v, nil
		}
	}
	return "", apperr.InvalidField(name, "err.param.enum")
}

// DecodeJSON reads a JSON body into v, rejecting unknown fields, trailing
// data and wrong content types.
func DecodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return apperr.New(apperr.Invalid, "err.json.content_type")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var te *json.UnmarshalTypeError
		var ae *apperr.Error
		switch {
		case errors.As(err, &ae): // a value's own decoder refused it
			return ae
		case errors.As(err, &mbe):
			return apperr.New(apperr.Invalid, "err.body_too_large")
		case errors.As(err, &te):
			return apperr.InvalidField(te.Field, "err.json.type")
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return apperr.InvalidField(f, "err.json.unknown_field")
		case errors.Is(err, io.EOF):
			return apperr.New(apperr.Invalid, "err.json.empty")
		}
		return apperr.New(apperr.Invalid, "err.json.syntax")
	}
	if dec.More() {
		return apperr.New(apperr.Invalid, "err.json.syntax")
	}
	return nil
}

// ListJSON is the body of every list response.
type ListJSON[T any] struct {
	Items   []T  `json:"items"`
	Total   int  `json:"total"`
	Capped  bool `json:"total_capped"`
	Page    int  `json:"page"`
	PerPage int  `json:"per_page"`
}

func NewList[T any](items []T, total, page int, p db.Page) ListJSON[T] {
	if items == nil {
		items = []T{}
	}
	capped := total > db.CountCap
	if capped {
		total = db.CountCap
	}
	return ListJSON[T]{Items: items, Total: total, Capped: capped, Page: page, PerPage: p.Limit}
}

// ByID is the record get finds by the path's id in the caller's scope
// (404 outside it), with the id.
func ByID[T any](r *http.Request, p *Principal, get func(context.Context, scope.Scope, int64) (T, error)) (T, int64, error) {
	id, err := PathID(r, "id")
	if err != nil {
		var zero T
		return zero, 0, err
	}
	x, err := get(r.Context(), p.Scope, id)
	return x, id, err
}
