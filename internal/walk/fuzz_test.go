package walk

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// FuzzReadOSM feeds arbitrary bytes to ReadOSM as OSM XML or PBF. It must
// not panic, and must fail only with ErrNoWays or a *FormatError naming
// the format read and an offset inside the input (the coverage import
// turns exactly those into user messages). A graph it returns must be
// well formed: offsets that rise to the edge count, edge ends that are
// nodes, both directions of every edge, finite non-negative lengths,
// coordinates on the globe, and stats that count it.
func FuzzReadOSM(f *testing.F) {
	d := filterData()
	for _, s := range []struct {
		data []byte
		pbf  bool
	}{
		{encodeXML(d), false},
		{encodePBF(d, pbfOptions{}), true},
		{encodePBF(d, pbfOptions{zlib: true, blockSize: 4}), true},
		{[]byte(`<?xml version="1.0"?><osm version="0.6"><node id="1" lat="1e999" lon="109.5"/><way id="2"><nd ref="1"/><nd ref="1"/><tag k="highway" v="footway"/></way></osm>`), false},
		{[]byte(`<osm><way id="1"><nd ref="9"/><nd ref="8"/><tag k="highway" v="path"/></way></osm>`), false},
		{[]byte("<osm>"), false},
		{[]byte("\x00\x00\x00\x0d\x0a\x09OSMHeader\x18\x03\x0f\x0f\x0f"), true},
		{nil, true},
	} {
		f.Add(s.data, s.pbf)
	}
	f.Fuzz(func(t *testing.T, data []byte, pbf bool) {
		format := "xml"
		if pbf {
			format = "pbf"
		}
		g, st, err := ReadOSM(bytes.NewReader(data), format)
		if err != nil {
			var fe *FormatError
			switch {
			case errors.Is(err, ErrNoWays):
			case errors.As(err, &fe):
				if fe.Format != format || fe.Offset < 0 || fe.Offset > int64(len(data)) {
					t.Fatalf("ReadOSM(%s, %q): %#v", format, data, fe)
				}
			default:
				t.Fatalf("ReadOSM(%s, %q): %T %v is neither ErrNoWays nor a FormatError", format, data, err, err)
			}
			return
		}
		n := g.N()
		if n < 0 || len(g.ID) != n || len(g.Lat) != n || len(g.Lng) != n || len(g.W) != len(g.To) || len(g.To)%2 != 0 {
			t.Fatalf("ReadOSM(%s, %q): malformed graph sizes", format, data)
		}
		if g.Off[0] != 0 || int(g.Off[n]) != len(g.To) {
			t.Fatalf("ReadOSM(%s, %q): offsets %v for %d arcs", format, data, g.Off, len(g.To))
		}
		arcs := map[[2]int32]int{}
		for v := 0; v < n; v++ {
			if g.Off[v] > g.Off[v+1] {
				t.Fatalf("offsets fall at node %d", v)
			}
			if math.Abs(g.Lat[v]) > 90 || math.Abs(g.Lng[v]) > 180 || math.IsNaN(g.Lat[v]) || math.IsNaN(g.Lng[v]) {
				t.Fatalf("node %d at %v, %v", v, g.Lat[v], g.Lng[v])
			}
			for a := g.Off[v]; a < g.Off[v+1]; a++ {
				u := g.To[a]
				if u < 0 || int(u) >= n {
					t.Fatalf("arc from %d to %d, outside %d nodes", v, u, n)
				}
				if w := float64(g.W[a]); w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
					t.Fatalf("arc %d→%d has length %v", v, u, w)
				}
				arcs[[2]int32{int32(v), u}]++
			}
		}
		for a, c := range arcs {
			if arcs[[2]int32{a[1], a[0]}] != c {
				t.Fatalf("arc %d→%d without its reverse", a[0], a[1])
			}
		}
		if st.Nodes != n || st.Edges != g.M() || st.WaysKept == 0 || st.WaysKept+st.WaysSkipped != st.WaysRead {
			t.Fatalf("stats %+v for %d nodes, %d edges", st, n, g.M())
		}
	})
}
