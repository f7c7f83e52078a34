package walk

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// A minimal OSM PBF encoder for tests (github.com/paulmach/osm reads PBF
// but does not write it): an OSMHeader block, then OSMData blocks of one
// primitive group each, nodes as DenseNodes with tags, ways with tags and
// delta-coded refs, relations with members. See
// https://wiki.openstreetmap.org/wiki/PBF_Format.

type tag [2]string

type tNode struct {
	id       int64
	lat, lon float64
	tags     []tag
}

type tWay struct {
	id   int64
	refs []int64
	tags []tag
}

type tRel struct {
	id      int64
	members []int64 // way IDs
	tags    []tag
}

type tData struct {
	nodes []tNode
	ways  []tWay
	rels  []tRel
}

// pbfOptions shapes the encoding.
type pbfOptions struct {
	zlib      bool
	blockSize int // elements per OSMData block (0: one block per kind)
}

// strTable interns strings; index 0 is the empty string.
type strTable struct {
	idx  map[string]uint64
	strs []string
}

func newStrTable() *strTable {
	return &strTable{idx: map[string]uint64{"": 0}, strs: []string{""}}
}

func (t *strTable) id(s string) uint64 {
	if i, ok := t.idx[s]; ok {
		return i
	}
	t.idx[s] = uint64(len(t.strs))
	t.strs = append(t.strs, s)
	return t.idx[s]
}

func appendPacked(b []byte, num protowire.Number, vals []uint64) []byte {
	var p []byte
	for _, v := range vals {
		p = protowire.AppendVarint(p, v)
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, p)
}

func appendMsg(b []byte, num protowire.Number, msg []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, msg)
}

func zig(v int64) uint64 { return protowire.EncodeZigZag(v) }

// denseGroup encodes nodes as a PrimitiveGroup with DenseNodes.
func denseGroup(st *strTable, nodes []tNode) []byte {
	var ids, lats, lons, kv []uint64
	var pid, plat, plon int64
	for _, n := range nodes {
		lat, lon := int64(math.Round(n.lat*1e7)), int64(math.Round(n.lon*1e7))
		ids, lats, lons = append(ids, zig(n.id-pid)), append(lats, zig(lat-plat)), append(lons, zig(lon-plon))
		pid, plat, plon = n.id, lat, lon
		for _, t := range n.tags {
			kv = append(kv, st.id(t[0]), st.id(t[1]))
		}
		kv = append(kv, 0)
	}
	var dense []byte
	dense = appendPacked(dense, 1, ids)
	dense = appendPacked(dense, 8, lats)
	dense = appendPacked(dense, 9, lons)
	dense = appendPacked(dense, 10, kv)
	return appendMsg(nil, 2, dense)
}

// wayGroup encodes ways as a PrimitiveGroup.
func wayGroup(st *strTable, ways []tWay) []byte {
	var grp []byte
	for _, w := range ways {
		var keys, vals, refs []uint64
		for _, t := range w.tags {
			keys, vals = append(keys, st.id(t[0])), append(vals, st.id(t[1]))
		}
		prev := int64(0)
		for _, r := range w.refs {
			refs = append(refs, zig(r-prev))
			prev = r
		}
		var m []byte
		m = protowire.AppendTag(m, 1, protowire.VarintType)
		m = protowire.AppendVarint(m, uint64(w.id))
		m = appendPacked(m, 2, keys)
		m = appendPacked(m, 3, vals)
		m = appendPacked(m, 8, refs)
		grp = appendMsg(grp, 3, m)
	}
	return grp
}

// relGroup encodes relations (way members, role "") as a PrimitiveGroup.
func relGroup(st *strTable, rels []tRel) []byte {
	var grp []byte
	for _, r := range rels {
		var keys, vals, roles, memids, types []uint64
		for _, t := range r.tags {
			keys, vals = append(keys, st.id(t[0])), append(vals, st.id(t[1]))
		}
		prev := int64(0)
		for _, m := range r.members {
			roles, memids, types = append(roles, 0), append(memids, zig(m-prev)), append(types, 1)
			prev = m
		}
		var m []byte
		m = protowire.AppendTag(m, 1, protowire.VarintType)
		m = protowire.AppendVarint(m, uint64(r.id))
		m = appendPacked(m, 2, keys)
		m = appendPacked(m, 3, vals)
		m = appendPacked(m, 8, roles)
		m = appendPacked(m, 9, memids)
		m = appendPacked(m, 10, types)
		grp = appendMsg(grp, 4, m)
	}
	return grp
}

// primitiveBlock wraps one group with its string table.
func primitiveBlock(st *strTable, group []byte) []byte {
	var tbl []byte
	for _, s := range st.strs {
		tbl = protowire.AppendTag(tbl, 1, protowire.BytesType)
		tbl = protowire.AppendString(tbl, s)
	}
	b := appendMsg(nil, 1, tbl)
	b = appendMsg(b, 2, group)
	b = protowire.AppendTag(b, 17, protowire.VarintType)
	return protowire.AppendVarint(b, 100)
}

// fileBlock frames a block: size, BlobHeader, Blob.
func fileBlock(typ string, data []byte, compress bool) []byte {
	var blob []byte
	if compress {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(data)
		zw.Close()
		blob = protowire.AppendTag(blob, 2, protowire.VarintType)
		blob = protowire.AppendVarint(blob, uint64(len(data)))
		blob = appendMsg(blob, 3, z.Bytes())
	} else {
		blob = appendMsg(nil, 1, data)
	}
	var hdr []byte
	hdr = protowire.AppendTag(hdr, 1, protowire.BytesType)
	hdr = protowire.AppendString(hdr, typ)
	hdr = protowire.AppendTag(hdr, 3, protowire.VarintType)
	hdr = protowire.AppendVarint(hdr, uint64(len(blob)))
	out := binary.BigEndian.AppendUint32(nil, uint32(len(hdr)))
	return append(append(out, hdr...), blob...)
}

// headerBlock is an OSMHeader block requiring what the reader supports.
func headerBlock(compress bool) []byte {
	var h []byte
	for _, f := range []string{"OsmSchema-V0.6", "DenseNodes"} {
		h = protowire.AppendTag(h, 4, protowire.BytesType)
		h = protowire.AppendString(h, f)
	}
	h = protowire.AppendTag(h, 16, protowire.BytesType)
	h = protowire.AppendString(h, "walk test")
	return fileBlock("OSMHeader", h, compress)
}

// encodePBF encodes d: the header, then nodes, ways and relations in blocks
// of at most opt.blockSize elements.
func encodePBF(d tData, opt pbfOptions) []byte {
	out := headerBlock(opt.zlib)
	size := opt.blockSize
	chunks := func(n int) [][2]int {
		var c [][2]int
		s := size
		if s <= 0 {
			s = max(n, 1)
		}
		for i := 0; i < n; i += s {
			c = append(c, [2]int{i, min(i+s, n)})
		}
		return c
	}
	for _, c := range chunks(len(d.nodes)) {
		st := newStrTable()
		g := denseGroup(st, d.nodes[c[0]:c[1]])
		out = append(out, fileBlock("OSMData", primitiveBlock(st, g), opt.zlib)...)
	}
	for _, c := range chunks(len(d.ways)) {
		st := newStrTable()
		g := wayGroup(st, d.ways[c[0]:c[1]])
		out = append(out, fileBlock("OSMData", primitiveBlock(st, g), opt.zlib)...)
	}
	for _, c := range chunks(len(d.rels)) {
		st := newStrTable()
		g := relGroup(st, d.rels[c[0]:c[1]])
		out = append(out, fileBlock("OSMData", primitiveBlock(st, g), opt.zlib)...)
	}
	return out
}
