package kit

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/validation"
)

// DecodeQuery fills a list filter from the request's query: every field of
// the struct dst points to that has a `query:"name"` tag, by its type:
//   - db.Page: page and per_page (QueryPage); the page number is returned;
//   - int64: an id (QueryID; 0 when absent);
//   - bool: 1/true/yes/on or 0/false/no/off (QueryBool);
//   - int: a number, 0 when absent; `query:"name,max=12"` bounds it to
//     0…12 (err.param.range);
//   - a string type: the trimmed value, at most 100 characters (Query);
//     with `query:"name,enum"` it must be one of the values given to
//     Enum for its type, with `query:"name,enum=key"` one of those given
//     to EnumNamed under key, with `query:"name,oneof=in out"` one of those,
//     with `query:"name,date"` a date by the platform's date rule.
//
// The same filter then serves the page, its JSON API and its export, so
// the three read the same names the same way. A bad value is the usual
// err.param.* error on the field.
func DecodeQuery(r *http.Request, dst any) (page int, err error) {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return 0, apperr.Wrap(fmt.Errorf("DecodeQuery wants a pointer to a struct, not %T", dst), "query")
	}
	v = v.Elem()
	page = 1
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		tag := sf.Tag.Get("query")
		if tag == "" || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		if page, err = decodeField(r, v.Field(i), sf.Type, name, opt, page); err != nil {
			return 0, err
		}
	}
	return page, nil
}

var pageType = reflect.TypeFor[db.Page]()

func decodeField(r *http.Request, fv reflect.Value, ft reflect.Type, name, opt string, page int) (int, error) {
	switch {
	case ft == pageType:
		pg, n, err := QueryPage(r)
		if err != nil {
			return 0, err
		}
		fv.Set(reflect.ValueOf(pg))
		return n, nil
	case ft.Kind() == reflect.Int64:
		id, err := QueryID(r, name)
		fv.SetInt(id)
		return page, err
	case ft.Kind() == reflect.Bool:
		b, err := QueryBool(r, name)
		fv.SetBool(b)
		return page, err
	case ft.Kind() == reflect.Int:
		hi := 1_000_000
		if v, ok := strings.CutPrefix(opt, "max="); ok {
			if n, err := strconv.Atoi(v); err == nil {
				hi = n
			}
		}
		n, err := QueryInt(r, name, 0, 0, hi)
		fv.SetInt(int64(n))
		return page, err
	case ft.Kind() == reflect.String:
		s := Query(r, name)
		if opt == "date" && s != "" {
			if _, err := validation.Date(s, name, false, nil); err != nil {
				return 0, err
			}
		}
		if set, ok := strings.CutPrefix(opt, "oneof="); ok && s != "" && !slices.Contains(strings.Fields(set), s) {
			return 0, apperr.InvalidField(name, "err.param.enum")
		}
		if key, ok := strings.CutPrefix(opt, "enum="); ok && s != "" {
			allowed, ok := enums.Load(key)
			if !ok {
				return 0, apperr.Wrap(fmt.Errorf("no values registered for enum %s", key), "query")
			}
			if !allowed.(map[string]bool)[s] {
				return 0, apperr.InvalidField(name, "err.param.enum")
			}
		}
		if opt == "enum" && s != "" {
			allowed, ok := enums.Load(ft)
			if !ok {
				return 0, apperr.Wrap(fmt.Errorf("no values registered for enum %s", ft), "query")
			}
			if !allowed.(map[string]bool)[s] {
				return 0, apperr.InvalidField(name, "err.param.enum")
			}
		}
		fv.SetString(s)
		return page, nil
	}
	return 0, apperr.Wrap(fmt.Errorf("query field %s: unsupported type %s", name, ft), "query")
}

var enums sync.Map // reflect.Type or a key → map[string]bool

// Enum registers the values a query field of type T may take (its
// `query:"name,enum"` tag), for DecodeQuery.
func Enum[T ~string](values []T) {
	m := make(map[string]bool, len(values))
	for _, x := range values {
		m[string(x)] = true
	}
	enums.Store(reflect.TypeFor[T](), m)
}

// EnumNamed registers the values of a plain-string query field, under the
// key its `query:"name,enum=key"` tag names.
func EnumNamed(key string, values []string) {
	m := make(map[string]bool, len(values))
	for _, x := range values {
		m[x] = true
	}
	enums.Store(key, m)
}

// QueryFilter decodes a list's filter F from the query (DecodeQuery): the
// one reader a list's page, JSON list and export share.
func QueryFilter[F any](r *http.Request) (F, int, error) {
	var f F
	page, err := DecodeQuery(r, &f)
	return f, page, err
}
