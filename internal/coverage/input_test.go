package coverage_test

import (
	"encoding/binary"
	"strings"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/i18n"
)

// parserWords are what the parsers say in their own errors.
var parserWords = []string{"strconv", "ParseFloat", "proto", "wire", "PBF block", "walk:", "xml:"}

func wantClean(t *testing.T, what string, err error) {
	t.Helper()
	e := apperr.As(err)
	msgs := []string{i18n.T("zh-CN", e.Key, e.Args), i18n.T("en", e.Key, e.Args)}
	for _, p := range e.Problems {
		msgs = append(msgs, i18n.T("zh-CN", p.Key, p.Args))
	}
	for _, m := range msgs {
		for _, w := range parserWords {
			if strings.Contains(m, w) || strings.Contains(m, "{") {
				t.Errorf("%s: message %q shows parser text or a placeholder", what, m)
			}
		}
	}
}

// Numbers that are not finite are refused on their row: NaN passed the
// range checks. Malformed OSM files are reported by format and byte
// offset, without the parser's text.
func TestBadNumbersAndOSM(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		sc := f.Jiyang.Scope
		for _, c := range []struct{ row, field string }{
			{"NaN,109.5,3,a", "lat"}, {"18.3,NaN,3,a", "lng"}, {"1e999,109.5,3,a", "lat"}, {"18.3,-Inf,3,a", "lng"},
		} {
			_, err := f.s.ImportHomes(f.ctx, sc, f.homesCSV(f.row(0, 0, 1, "ok"), c.row), "t")
			e := apperr.As(err)
			if e.Key != "err.coverage.rows" || len(e.Problems) != 1 || e.Problems[0].Row != 3 || e.Problems[0].Field != c.field {
				t.Errorf("%s: %v %+v, want row 3 refused on %s", c.row, err, e.Problems, c.field)
			}
			wantClean(t, c.row, err)
		}

		// A lat the XML parser cannot read, and a PBF blob whose data
		// holds a reserved protobuf wire type.
		xmlBad := `<?xml version="1.0"?><osm version="0.6"><node id="1" lat="1e999" lon="109.5"/><way id="2"><nd ref="1"/><nd ref="1"/><tag k="highway" v="footway"/></way></osm>`
		var pbf []byte
		header := []byte{0x0a, 0x09, 'O', 'S', 'M', 'H', 'e', 'a', 'd', 'e', 'r', 0x18, 0x03} // type OSMHeader, datasize 3
		pbf = binary.BigEndian.AppendUint32(pbf, uint32(len(header)))
		pbf = append(append(pbf, header...), 0x0f, 0x0f, 0x0f) // wire type 7
		for _, c := range []struct {
			name, format, want string
			raw                []byte
		}{
			{"1e999 lat", "xml", "XML", []byte(xmlBad)},
			{"reserved wire type", "pbf", "PBF", pbf},
		} {
			_, _, err := f.s.ImportOSM(f.ctx, "bad", c.raw, c.format)
			e := apperr.As(err)
			if e.Key != "err.coverage.osm_malformed" || e.Args["format"] != c.want {
				t.Fatalf("%s: %v %+v", c.name, err, e.Args)
			}
			if _, ok := e.Args["offset"].(int64); !ok {
				t.Errorf("%s: no offset: %+v", c.name, e.Args)
			}
			t.Logf("%s: %s (%v)", c.name, i18n.T("zh-CN", e.Key, e.Args), err)
			wantClean(t, c.name, err)
		}
	})
}
