package kit

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
)

// IDList reads a list of positive ids separated by commas (ASCII or
// full-width) or spaces; a bad one is err.param.id on field.
func IDList(v string, field string) ([]int64, error) {
	var out []int64
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, apperr.InvalidField(field, "err.param.id")
		}
		out = append(out, id)
	}
	return out, nil
}

// FormIDs reads a repeated id field of a posted form (checkboxes, a
// multiple select), each value an IDList.
func FormIDs(r *http.Request, name string) ([]int64, error) {
	var out []int64
	for _, v := range r.PostForm[name] {
		ids, err := IDList(v, name)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}
