package kit

import (
	"net/http/httptest"
	"strings"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
)

type color string

type testFilter struct {
	ParentID int64   `query:"parent_id"`
	Color    color   `query:"color,enum"`
	Open     bool    `query:"open"`
	Q        string  `query:"q"`
	Month    int     `query:"month,max=12"`
	Dir      string  `query:"dir,oneof=in out"`
	Tag      string  `query:"tag,enum=test.tag"`
	From     string  `query:"from,date"`
	Page     db.Page `query:"page"`
	Skipped  string
}

func init() {
	Enum([]color{"red", "green"})
	EnumNamed("test.tag", []string{"talent", "resident"})
}

// TestDecodeQuery: each tagged field by its type, with the usual errors
// on the field; untagged fields stay as they were.
func TestDecodeQuery(t *testing.T) {
	for _, c := range []struct {
		query string
		want  testFilter
		page  int
		key   string
		field string
	}{
		{"", testFilter{Page: db.Page{Limit: db.DefaultPage}}, 1, "", ""},
		{"parent_id=7&color=red&open=yes&q=+海棠+&page=3&per_page=10", testFilter{ParentID: 7, Color: "red", Open: true, Q: "海棠", Page: db.Page{Limit: 10, Offset: 20}}, 3, "", ""},
		{"month=12&dir=out", testFilter{Month: 12, Dir: "out", Page: db.Page{Limit: db.DefaultPage}}, 1, "", ""},
		{"month=13", testFilter{}, 0, "err.param.range", "month"},
		{"month=-1", testFilter{}, 0, "err.param.range", "month"},
		{"dir=up", testFilter{}, 0, "err.param.enum", "dir"},
		{"tag=resident", testFilter{Tag: "resident", Page: db.Page{Limit: db.DefaultPage}}, 1, "", ""},
		{"tag=alien", testFilter{}, 0, "err.param.enum", "tag"},
		{"from=2026-02-28", testFilter{From: "2026-02-28", Page: db.Page{Limit: db.DefaultPage}}, 1, "", ""},
		{"from=2026-02-30", testFilter{}, 0, "err.date.invalid", "from"},
		{"parent_id=x", testFilter{}, 0, "err.param.id", "parent_id"},
		{"parent_id=-1", testFilter{}, 0, "err.param.id", "parent_id"},
		{"color=blue", testFilter{}, 0, "err.param.enum", "color"},
		{"open=maybe", testFilter{}, 0, "err.param.bool", "open"},
		{"page=0", testFilter{}, 0, "err.param.range", "page"},
		{"q=" + strings.Repeat("长", 150), testFilter{Q: strings.Repeat("长", 100), Page: db.Page{Limit: db.DefaultPage}}, 1, "", ""},
	} {
		f := testFilter{Skipped: "kept"}
		page, err := DecodeQuery(httptest.NewRequest("GET", "/x?"+c.query, nil), &f)
		if c.key != "" {
			if e := apperr.As(err); err == nil || e.Key != c.key || e.Field != c.field {
				t.Errorf("%q: err = %v, want %s on %s", c.query, err, c.key, c.field)
			}
			continue
		}
		c.want.Skipped = "kept"
		if err != nil || page != c.page || f != c.want {
			t.Errorf("%q: %+v page %d, %v; want %+v page %d", c.query, f, page, err, c.want, c.page)
		}
	}
	// An enum without registered values and an unsupported type are
	// internal errors, never a silent pass.
	var bad struct {
		Shade string  `query:"shade,enum"`
		N     float64 `query:"n"`
	}
	if _, err := DecodeQuery(httptest.NewRequest("GET", "/x?shade=dark", nil), &bad); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("unregistered enum: %v", err)
	}
	if _, err := DecodeQuery(httptest.NewRequest("GET", "/x", nil), &bad.N); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("not a struct: %v", err)
	}
}
