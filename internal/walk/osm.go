package walk

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

// ErrNoWays is returned by ReadOSM when the data holds no walkable way with
// two nodes present.
var ErrNoWays = errors.New("walk: no walkable way in the OSM data")

// ErrMalformed is wrapped by ReadOSM's errors about malformed input (not
// OSM XML or PBF, truncated, inconsistent), as opposed to I/O errors.
var ErrMalformed = errors.New("walk: malformed OSM data")

// Stats describes an import.
type Stats struct {
	WaysRead     int     // ways in the file
	WaysKept     int     // walkable ways
	WaysSkipped  int     // not walkable
	Nodes        int     // graph nodes
	Edges        int     // undirected graph edges
	MissingRefs  int     // node refs of kept ways whose node is not in the file
	Components   int     // connected components of the graph
	LargestShare float64 // share of the nodes in the largest component
}

// walkableHighway lists the highway values a pedestrian may use.
var walkableHighway = map[string]bool{
	"footway": true, "path": true, "pedestrian": true, "living_street": true,
	"residential": true, "service": true, "unclassified": true,
	"tertiary": true, "tertiary_link": true, "secondary": true, "secondary_link": true,
	"primary": true, "primary_link": true, "steps": true, "track": true,
	"cycleway": true, "corridor": true, "crossing": true,
}

// Walkable reports whether a way with these tags is kept for walking:
// foot=yes or foot=designated always; otherwise not with foot=no or
// access=private/no, and only for the highway values of walkableHighway
// (so motorways and trunk roads go, unless foot=yes).
func Walkable(tags osm.Tags) bool {
	foot := tags.Find("foot")
	switch foot {
	case "yes", "designated":
		return true
	case "no":
		return false
	}
	if a := tags.Find("access"); a == "private" || a == "no" {
		return false
	}
	return walkableHighway[tags.Find("highway")]
}

// ReadOSM reads the walking network from OSM data: format "xml" (.osm) or
// "pbf" (.osm.pbf). It makes two passes: the ways first, keeping the
// walkable ones and the node IDs they name, then the nodes, keeping only
// those. When r is an io.ReadSeeker both passes read it from its current
// offset; any other reader is first copied to a temporary file, which is
// removed on return. Memory holds the kept ways' node refs, the sorted
// needed node IDs and their coordinates, and the graph: about 100 bytes per
// graph edge whatever the size of the file, plus the PBF decoder's buffers
// (32 MiB a pass). PBF is the format for real extracts: a 1M-edge network
// reads in about a second from PBF and in over ten from XML (encoding/xml).
//
// Graph nodes are the nodes of kept ways that end up with an edge, in the
// order of the file's node section; a way is split where it names a node
// missing from the file. Malformed input gives a *FormatError (matching
// ErrMalformed) that says where it was found; input without a walkable
// way gives ErrNoWays.
func ReadOSM(r io.Reader, format string) (*Graph, Stats, error) {
	var pass func(io.Reader, bool, *importer) error
	switch strings.ToLower(format) {
	case "xml", "osm":
		pass = passXML
	case "pbf", "osm.pbf":
		pass = passPBF
	default:
		return nil, Stats{}, fmt.Errorf("walk: unknown OSM format %q (want xml or pbf)", format)
	}
	rs, start, cleanup, err := rewindable(r)
	if err != nil {
		return nil, Stats{}, err
	}
	defer cleanup()
	im := &importer{}
	if err := pass(rs, true, im); err != nil {
		return nil, Stats{}, err
	}
	if im.stats.WaysKept == 0 {
		return nil, im.stats, ErrNoWays
	}
	im.index()
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return nil, Stats{}, fmt.Errorf("walk: osm: %w", err)
	}
	if err := pass(rs, false, im); err != nil {
		return nil, Stats{}, err
	}
	return im.build()
}

// rewindable returns r as an io.ReadSeeker and its current offset,
// spooling it to a temporary file when it cannot seek (a pipe on os.Stdin
// has a Seek method that fails).
func rewindable(r io.Reader) (io.ReadSeeker, int64, func(), error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if start, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return rs, start, func() {}, nil
		}
	}
	f, err := os.CreateTemp("", "walk-osm-*")
	if err != nil {
		return nil, 0, nil, fmt.Errorf("walk: osm: spool: %w", err)
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	if _, err = io.Copy(f, r); err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("walk: osm: spool: %w", err)
	}
	return f, 0, cleanup, nil
}

// importer collects a network over the two passes.
type importer struct {
	stats    Stats
	refs     []int64 // node refs of the kept ways, back to back
	wayEnd   []int32 // kept way i is refs[wayEnd[i-1]:wayEnd[i]]
	needed   []int64 // sorted distinct refs
	at       []int32 // builder index of needed[i], or -1 when not seen
	b        *Builder
	wayCount atomic.Int64 // ways seen by the PBF filter (concurrent)
	unsorted bool         // XML: a node follows a way, so pass 2 reads to the end
}

// addWay records a way of the first pass.
func (im *importer) addWay(w *osm.Way) {
	if len(w.Nodes) < 2 {
		return
	}
	im.stats.WaysKept++
	for _, n := range w.Nodes {
		im.refs = append(im.refs, int64(n.ID))
	}
	im.wayEnd = append(im.wayEnd, int32(len(im.refs)))
}

// index sorts the needed node IDs after the first pass.
func (im *importer) index() {
	im.needed = slices.Clone(im.refs)
	slices.Sort(im.needed)
	im.needed = slices.Compact(im.needed)
	im.needed = slices.Clip(im.needed)
	im.at = make([]int32, len(im.needed))
	for i := range im.at {
		im.at[i] = -1
	}
	im.b = NewBuilder(0, len(im.refs))
}

// isNeeded reports whether a node is named by a kept way; safe for
// concurrent use once the first pass is over.
func (im *importer) isNeeded(id osm.NodeID) bool {
	_, ok := slices.BinarySearch(im.needed, int64(id))
	return ok
}

// addNode records a node of the second pass; the first copy of an ID wins,
// and a node with impossible coordinates counts as missing.
func (im *importer) addNode(n *osm.Node) {
	i, ok := slices.BinarySearch(im.needed, int64(n.ID))
	valid := n.Lat >= -90 && n.Lat <= 90 && n.Lon >= -180 && n.Lon <= 180
	if ok && im.at[i] < 0 && valid {
		im.at[i] = im.b.appendNode(int64(n.ID), n.Lat, n.Lon)
	}
}

// build links the kept ways' present nodes and drops nodes without edges.
func (im *importer) build() (*Graph, Stats, error) {
	st := &im.stats
	lo := int32(0)
	for _, hi := range im.wayEnd {
		prev := int32(-1)
		for _, id := range im.refs[lo:hi] {
			i, _ := slices.BinarySearch(im.needed, id)
			cur := im.at[i]
			if cur < 0 {
				st.MissingRefs++
			} else if prev >= 0 {
				im.b.addEdge(prev, cur)
			}
			prev = cur
		}
		lo = hi
	}
	im.refs, im.needed, im.at = nil, nil, nil
	g := im.b.Build()
	keep := make([]bool, g.N())
	drop := false
	for v := range keep {
		keep[v] = g.Off[v+1] > g.Off[v]
		drop = drop || !keep[v]
	}
	if drop {
		g = g.subgraph(keep)
	}
	if g.M() == 0 {
		return nil, *st, ErrNoWays
	}
	_, sizes := g.Components()
	_, big := Largest(sizes)
	st.Nodes, st.Edges, st.Components = g.N(), g.M(), len(sizes)
	st.LargestShare = float64(big) / float64(g.N())
	return g, *st, nil
}

// passXML runs one pass over OSM XML: ways on the first, nodes on the
// second, which stops at the first way when the first pass saw every node
// before the ways (the usual order).
func passXML(r io.Reader, ways bool, im *importer) error {
	cr := &countReader{r: bufio.NewReaderSize(r, 1<<16)}
	if ways {
		if err := sniffXML(cr); err != nil {
			return err
		}
	}
	sc := osmxml.New(context.Background(), cr)
	defer sc.Close()
	elems, seenWay := 0, false
scan:
	for sc.Scan() {
		elems++
		switch o := sc.Object().(type) {
		case *osm.Way:
			seenWay = true
			if !ways && !im.unsorted {
				break scan // every node came before the first way
			}
			if ways {
				im.stats.WaysRead++
				if Walkable(o.Tags) {
					im.addWay(o)
				}
			}
		case *osm.Node:
			im.unsorted = im.unsorted || seenWay
			if !ways && im.isNeeded(o.ID) {
				im.addNode(o)
			}
		}
	}
	if err := sc.Err(); err != nil {
		if cr.err != nil && errors.Is(err, cr.err) {
			return fmt.Errorf("walk: osm xml: %w", err)
		}
		return malformed("xml", cr.n, "OSM XML after %d elements (%d bytes read): %v", elems, cr.n, err)
	}
	im.stats.WaysSkipped = im.stats.WaysRead - im.stats.WaysKept
	return nil
}

// sniffXML checks that the input starts as an XML document whose root is
// <osm>, then rewinds it (the bufio.Reader under cr is only peeked).
func sniffXML(cr *countReader) error {
	br := cr.r.(*bufio.Reader)
	head, _ := br.Peek(1 << 16)
	d := xml.NewDecoder(strings.NewReader(string(head)))
	for {
		t, err := d.Token()
		if err != nil {
			return malformed("xml", d.InputOffset(), "not OSM XML: %v", err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Local != "osm" {
				return malformed("xml", d.InputOffset(), "not OSM XML: root element <%s>, want <osm>", t.Name.Local)
			}
			return nil
		case xml.CharData:
			if len(strings.TrimSpace(string(t))) > 0 {
				return malformed("xml", d.InputOffset(), "not OSM XML: text before the root element")
			}
		}
	}
}

// countReader counts the bytes read through it and keeps the reader's
// error, to tell I/O errors from malformed data.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// passPBF runs one pass over OSM PBF through a pbfGuard: ways (node IDs
// only) on the first, the needed nodes on the second. Relations are skipped.
func passPBF(r io.Reader, ways bool, im *importer) error {
	cr := &countReader{r: bufio.NewReaderSize(r, 1<<16)}
	guard := &pbfGuard{r: cr}
	sc := osmpbf.New(context.Background(), guard, min(runtime.GOMAXPROCS(0), 4))
	defer sc.Close()
	sc.SkipRelations = true
	if ways {
		sc.SkipNodes = true
		sc.FilterWay = func(w *osm.Way) bool {
			im.wayCount.Add(1)
			return Walkable(w.Tags)
		}
	} else {
		sc.SkipWays = true
		sc.FilterNode = func(n *osm.Node) bool { return im.isNeeded(n.ID) }
	}
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Way:
			im.addWay(o)
		case *osm.Node:
			im.addNode(o)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, ErrMalformed) {
			return err
		}
		if cr.err != nil && errors.Is(err, cr.err) {
			return fmt.Errorf("walk: osm pbf: %w", err)
		}
		return malformed("pbf", guard.off, "OSM PBF near byte %d: %v", guard.off, err)
	}
	if ways {
		im.stats.WaysRead = int(im.wayCount.Load())
		im.stats.WaysSkipped = im.stats.WaysRead - im.stats.WaysKept
	}
	return nil
}
