package kit

import (
	"strconv"
	"strings"

	"dangjian/internal/apperr"
)

// IDList reads comma-separated ids (also full-width commas or spaces) of
// a form field; a bad id is an invalid field.
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
