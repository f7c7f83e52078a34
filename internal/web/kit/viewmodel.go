package kit

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
)

// Small View types shared by the generic list, detail and form templates.

type Cell struct{ Text, Href string }

type Col struct{ Key, Sort string }

type Link struct{ Href, Key string }

type Crumb struct{ Href, Text string }

type KV struct{ Key, Text, Href, ID string }

type Option struct {
	Value, Label  string
	Selected, Raw bool
}

type FormField struct {
	Name, Label, Type, Value, Placeholder, Err string
	Required                                   bool
	Options                                    []Option
	Pick, Display                              string // a picker's kind and current name
}

type Section struct {
	Key  string
	Cols []Col
	Rows [][]Cell
	More string
}

type InlineForm struct {
	Action, Title, Button string
	Fields                []FormField
}

func Itoa(n int64) string { return strconv.FormatInt(n, 10) }

// SortCol makes a column header that sorts the list by key (toggling).
func SortCol(r *http.Request, key, sortKey string) Col {
	q := CloneQuery(r.URL.Query())
	cur := q.Get("sort")
	next := sortKey
	if cur == sortKey {
		next = "-" + sortKey
	}
	q.Set("sort", next)
	q.Del("page")
	return Col{Key: key, Sort: r.URL.Path + "?" + q.Encode()}
}

func Cols(keys ...string) []Col {
	out := make([]Col, len(keys))
	for i, k := range keys {
		out[i] = Col{Key: k}
	}
	return out
}

// EnumOptions builds select options from values whose labels are i18n keys
// prefix+value, with an "any" Option first when blank is set.
func EnumOptions[T ~string](values []T, prefix, selected string, blank string) []Option {
	var out []Option
	if blank != "" {
		out = append(out, Option{Value: "", Label: blank})
	}
	for _, v := range values {
		out = append(out, Option{Value: string(v), Label: prefix + string(v), Selected: string(v) == selected})
	}
	return out
}

func MultiOptions(values []string, prefix string, selected []string) []Option {
	sel := map[string]bool{}
	for _, s := range selected {
		sel[s] = true
	}
	var out []Option
	for _, v := range values {
		out = append(out, Option{Value: v, Label: prefix + v, Selected: sel[v]})
	}
	return out
}

// FormErr puts a validation error next to its field, or returns the
// translated message for the page when it names no known field.
func FormErr(lang string, err error, fields []FormField) string {
	e := apperr.As(err)
	msg := Translate(lang, e).Error.Message
	for i := range fields {
		if e.Field != "" && fields[i].Name == e.Field {
			fields[i].Err = msg
			return i18n.T(lang, "form.fix_errors", nil)
		}
	}
	return msg
}

// FormInt reads an optional positive int64 form value.
func FormInt(r *http.Request, name string) (int64, error) {
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

func YesNo(lang string, b bool) string {
	if b {
		return i18n.T(lang, "common.yes", nil)
	}
	return i18n.T(lang, "common.no", nil)
}

func Tr(lang, key string) string { return i18n.T(lang, key, nil) }

func TrList(lang, prefix string, vals []string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = Tr(lang, prefix+v)
	}
	return strings.Join(out, "、")
}

// Clip cuts s to n characters, marking the cut with "…".
func Clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// TrN translates a message with a count argument {n}.
func TrN(lang, key string, n int) string { return i18n.T(lang, key, map[string]any{"n": n}) }

// BoolVal is a checkbox filter's value: "1" when set, empty otherwise.
func BoolVal(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// Trf translates a message with named arguments given as pairs
// (name, value, name, value …).
func Trf(lang, key string, kv ...any) string { return i18n.T(lang, key, KVMap(kv)) }

// Pct is a share (0..1) as a percentage with one decimal ("12.5%").
func Pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }
