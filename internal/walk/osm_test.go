package walk

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"dangjian/internal/geo"
)

// encodeXML writes d as OSM XML.
func encodeXML(d tData) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"test\">\n")
	tags := func(ts []tag) {
		for _, t := range ts {
			fmt.Fprintf(&b, "  <tag k=%q v=%q/>\n", t[0], t[1])
		}
	}
	for _, n := range d.nodes {
		fmt.Fprintf(&b, " <node id=\"%d\" lat=\"%.7f\" lon=\"%.7f\">\n", n.id, n.lat, n.lon)
		tags(n.tags)
		b.WriteString(" </node>\n")
	}
	for _, w := range d.ways {
		fmt.Fprintf(&b, " <way id=\"%d\">\n", w.id)
		for _, r := range w.refs {
			fmt.Fprintf(&b, "  <nd ref=\"%d\"/>\n", r)
		}
		tags(w.tags)
		b.WriteString(" </way>\n")
	}
	for _, r := range d.rels {
		fmt.Fprintf(&b, " <relation id=\"%d\">\n", r.id)
		for _, m := range r.members {
			fmt.Fprintf(&b, "  <member type=\"way\" ref=\"%d\" role=\"\"/>\n", m)
		}
		tags(r.tags)
		b.WriteString(" </relation>\n")
	}
	b.WriteString("</osm>\n")
	return b.Bytes()
}

// filterData is a small network exercising the tag rules: see
// TestReadOSMFilters for what is kept.
func filterData() tData {
	var d tData
	for i := int64(1); i <= 17; i++ {
		d.nodes = append(d.nodes, tNode{id: i, lat: 18.25 + float64(i)*0.0007, lon: 109.5 + float64(i%5)*0.0009})
	}
	d.nodes[2].tags = []tag{{"highway", "crossing"}}
	hw := func(v string, more ...tag) []tag { return append([]tag{{"highway", v}}, more...) }
	d.ways = []tWay{
		{1, []int64{1, 2, 3}, hw("footway")},
		{2, []int64{3, 4}, hw("motorway")},
		{3, []int64{4, 5}, hw("residential", tag{"foot", "no"})},
		{4, []int64{5, 6, 99, 7, 8}, hw("residential", tag{"name", "三亚路"})},
		{5, []int64{8, 9}, hw("motorway", tag{"foot", "yes"})},
		{6, []int64{9, 10}, hw("service", tag{"access", "private"})},
		{7, []int64{10, 11, 12, 10}, []tag{{"building", "yes"}}},
		{8, []int64{2, 13}, hw("cycleway")},
		{9, []int64{13, 14}, hw("cycleway", tag{"foot", "no"})},
		{10, []int64{14, 15}, []tag{{"foot", "designated"}}},
		{11, []int64{15, 16}, hw("trunk")},
		{12, []int64{16, 17}, hw("path", tag{"access", "private"}, tag{"foot", "yes"})},
		{13, []int64{1}, hw("steps")},
	}
	d.rels = []tRel{{1, []int64{1, 8}, []tag{{"type", "route"}, {"route", "foot"}}}}
	return d
}

func TestReadOSMFilters(t *testing.T) {
	d := filterData()
	inputs := map[string]struct {
		data   []byte
		format string
	}{
		"xml":          {encodeXML(d), "xml"},
		"pbf raw":      {encodePBF(d, pbfOptions{}), "pbf"},
		"pbf zlib":     {encodePBF(d, pbfOptions{zlib: true, blockSize: 4}), "osm.pbf"},
		"xml spooled":  {encodeXML(d), "osm"},
		"xml unsorted": {unsortedXML(encodeXML(d)), "xml"},
	}
	var ref *Graph
	for _, name := range []string{"xml", "pbf raw", "pbf zlib", "xml spooled", "xml unsorted"} {
		in := inputs[name]
		var r io.Reader = bytes.NewReader(in.data)
		if name == "xml spooled" {
			r = io.MultiReader(r) // not a Seeker: spooled to a temporary file
		}
		g, st, err := ReadOSM(r, in.format)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := Stats{WaysRead: 13, WaysKept: 6, WaysSkipped: 7, Nodes: 13, Edges: 8,
			MissingRefs: 1, Components: 5, LargestShare: 4.0 / 13}
		if st != want {
			t.Errorf("%s: stats\n got %+v\nwant %+v", name, st, want)
		}
		wantIDs := []int64{1, 2, 3, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17}
		if fmt.Sprint(g.ID) != fmt.Sprint(wantIDs) {
			t.Errorf("%s: node IDs %v, want %v", name, g.ID, wantIDs)
		}
		wantEdges := "1-2 2-3 2-13 5-6 7-8 8-9 14-15 16-17"
		if got := edgeList(g); got != wantEdges {
			t.Errorf("%s: edges %s, want %s", name, got, wantEdges)
		}
		if ref == nil {
			ref = g
		} else {
			sameGraph(t, name, g, ref)
		}
	}
}

// unsortedXML moves the last node after the ways.
func unsortedXML(b []byte) []byte {
	s := string(b)
	i := strings.Index(s, ` <node id="17"`)
	j := i + strings.Index(s[i:], "</node>\n") + len("</node>\n")
	node := s[i:j]
	s = s[:i] + s[j:]
	k := strings.Index(s, "</osm>")
	return []byte(s[:k] + node + s[k:])
}

// edgeList lists the undirected edges by node ID, in CSR order.
func edgeList(g *Graph) string {
	var parts []string
	for v := range int32(g.N()) {
		for _, u := range g.To[g.Off[v]:g.Off[v+1]] {
			if u > v {
				parts = append(parts, fmt.Sprintf("%d-%d", g.ID[v], g.ID[u]))
			}
		}
	}
	return strings.Join(parts, " ")
}

// sameGraph compares structure exactly and geometry to rounding.
func sameGraph(t *testing.T, name string, g, want *Graph) {
	t.Helper()
	if fmt.Sprint(g.ID) != fmt.Sprint(want.ID) || fmt.Sprint(g.Off) != fmt.Sprint(want.Off) ||
		fmt.Sprint(g.To) != fmt.Sprint(want.To) {
		t.Fatalf("%s: structure differs", name)
	}
	for v := range g.N() {
		if math.Abs(g.Lat[v]-want.Lat[v]) > 1e-7 || math.Abs(g.Lng[v]-want.Lng[v]) > 1e-7 {
			t.Fatalf("%s: node %d at (%v, %v), want (%v, %v)", name, v, g.Lat[v], g.Lng[v], want.Lat[v], want.Lng[v])
		}
	}
	for k := range g.W {
		if math.Abs(float64(g.W[k]-want.W[k])) > 0.05 {
			t.Fatalf("%s: arc %d length %v, want %v", name, k, g.W[k], want.W[k])
		}
	}
}

func TestReadOSMGenerated(t *testing.T) {
	box := geo.BBox{MinX: 109.4, MinY: 18.2, MaxX: 109.6, MaxY: 18.3}
	g := Generate(7, 3000, box)
	var xml bytes.Buffer
	if err := WriteOSMXML(&xml, g); err != nil {
		t.Fatal(err)
	}
	fromXML, st, err := ReadOSM(bytes.NewReader(xml.Bytes()), "xml")
	if err != nil {
		t.Fatal(err)
	}
	if st.Edges != g.M() || st.Nodes != g.N() || st.WaysKept != g.M() || st.MissingRefs != 0 {
		t.Errorf("stats %+v for a graph of %d nodes, %d edges", st, g.N(), g.M())
	}
	sameGraph(t, "xml", fromXML, g)

	var d tData
	for v := range g.N() {
		d.nodes = append(d.nodes, tNode{id: g.ID[v], lat: g.Lat[v], lon: g.Lng[v]})
	}
	for v := range int32(g.N()) {
		for _, u := range g.To[g.Off[v]:g.Off[v+1]] {
			if u > v {
				d.ways = append(d.ways, tWay{int64(len(d.ways) + 1), []int64{g.ID[v], g.ID[u]}, []tag{{"highway", "residential"}}})
			}
		}
	}
	fromPBF, _, err := ReadOSM(bytes.NewReader(encodePBF(d, pbfOptions{zlib: true, blockSize: 1000})), "pbf")
	if err != nil {
		t.Fatal(err)
	}
	sameGraph(t, "pbf", fromPBF, fromXML)
}

func TestReadOSMNoWays(t *testing.T) {
	d := filterData()
	d.ways = d.ways[1:3] // motorway and foot=no only
	for _, in := range []struct {
		data   []byte
		format string
	}{{encodeXML(d), "xml"}, {encodePBF(d, pbfOptions{zlib: true}), "pbf"}} {
		if _, _, err := ReadOSM(bytes.NewReader(in.data), in.format); !errors.Is(err, ErrNoWays) {
			t.Errorf("%s: err %v, want ErrNoWays", in.format, err)
		}
	}
	empty := `<?xml version="1.0"?><osm version="0.6"></osm>`
	if _, _, err := ReadOSM(strings.NewReader(empty), "xml"); !errors.Is(err, ErrNoWays) {
		t.Errorf("empty osm: err %v, want ErrNoWays", err)
	}
	if _, _, err := ReadOSM(strings.NewReader(empty), "geojson"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestReadOSMMalformedXML(t *testing.T) {
	good := encodeXML(filterData())
	cases := map[string]string{
		"garbage":   "this is not xml at all",
		"binary":    string(encodePBF(filterData(), pbfOptions{zlib: true})),
		"html":      "<html><body>hi</body></html>",
		"truncated": string(good[:len(good)*2/3]),
		"cut tag":   string(good[:bytes.Index(good, []byte("<way"))+3]),
		"bad lat":   strings.Replace(string(good), `lat="18.2507000"`, `lat="north"`, 1),
		"empty":     "",
	}
	for name, in := range cases {
		_, _, err := ReadOSM(strings.NewReader(in), "xml")
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err %v, want ErrMalformed", name, err)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
}
