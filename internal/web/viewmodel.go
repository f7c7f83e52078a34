package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
)

// Small view types shared by the generic list, detail and form templates.

type cell struct{ Text, Href string }

type col struct{ Key, Sort string }

type link struct{ Href, Key string }

type crumb struct{ Href, Text string }

type kv struct{ Key, Text, Href, ID string }

type option struct {
	Value, Label  string
	Selected, Raw bool
}

type formField struct {
	Name, Label, Type, Value, Placeholder, Err string
	Required                                   bool
	Options                                    []option
	Pick, Display                              string // a picker's kind and current name
}

type section struct {
	Key  string
	Cols []col
	Rows [][]cell
	More string
}

type inlineForm struct {
	Action, Title, Button string
	Fields                []formField
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// sortCol makes a column header that sorts the list by key (toggling).
func sortCol(r *http.Request, key, sortKey string) col {
	q := cloneQuery(r.URL.Query())
	cur := q.Get("sort")
	next := sortKey
	if cur == sortKey {
		next = "-" + sortKey
	}
	q.Set("sort", next)
	q.Del("page")
	return col{Key: key, Sort: r.URL.Path + "?" + q.Encode()}
}

func cols(keys ...string) []col {
	out := make([]col, len(keys))
	for i, k := range keys {
		out[i] = col{Key: k}
	}
	return out
}

// enumOptions builds select options from values whose labels are i18n keys
// prefix+value, with an "any" option first when blank is set.
func enumOptions[T ~string](values []T, prefix, selected string, blank string) []option {
	var out []option
	if blank != "" {
		out = append(out, option{Value: "", Label: blank})
	}
	for _, v := range values {
		out = append(out, option{Value: string(v), Label: prefix + string(v), Selected: string(v) == selected})
	}
	return out
}

func multiOptions(values []string, prefix string, selected []string) []option {
	sel := map[string]bool{}
	for _, s := range selected {
		sel[s] = true
	}
	var out []option
	for _, v := range values {
		out = append(out, option{Value: v, Label: prefix + v, Selected: sel[v]})
	}
	return out
}

// formErr puts a validation error next to its field, or returns the
// translated message for the page when it names no known field.
func formErr(lang string, err error, fields []formField) string {
	e := apperr.As(err)
	msg := translate(lang, e).Error.Message
	for i := range fields {
		if e.Field != "" && fields[i].Name == e.Field {
			fields[i].Err = msg
			return i18n.T(lang, "form.fix_errors", nil)
		}
	}
	return msg
}

// formInt reads an optional positive int64 form value.
func formInt(r *http.Request, name string) (int64, error) {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, apperr.InvalidField(name, "err.param.id")
	}
	return v, nil
}

func yesNo(lang string, b bool) string {
	if b {
		return i18n.T(lang, "common.yes", nil)
	}
	return i18n.T(lang, "common.no", nil)
}

func tr(lang, key string) string { return i18n.T(lang, key, nil) }

func trList(lang, prefix string, vals []string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = tr(lang, prefix+v)
	}
	return strings.Join(out, "、")
}
