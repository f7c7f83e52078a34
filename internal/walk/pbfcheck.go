package walk

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"
)

// pbfGuard sits between the input and the osmpbf scanner of
// github.com/paulmach/osm and passes on one file block at a time, only after
// checking it. The scanner decodes blocks in its own goroutines and, in
// v0.8.0, panics there (taking the whole process with it) on some malformed
// input: a negative blob size, a string-table index out of range, way
// coordinate arrays longer than the node refs, plain (non-dense) nodes. The
// guard checks the framing, the sizes, the compression and every field the
// scanner reads from nodes and ways, and stops with an error naming the block
// and its byte offset, so the scanner only ever sees blocks it decodes
// safely. Relations are not checked: the import tells the scanner to skip
// them.
type pbfGuard struct {
	r      io.Reader
	off    int64 // offset of the next block
	blocks int
	buf    []byte // the current block, as read
	pos    int
	err    error
	raw    bytes.Buffer // decompressed block
}

const (
	pbfMaxHeader = 64 << 10 // the scanner's limits
	pbfMaxBlob   = 32 << 20
)

func (g *pbfGuard) Read(p []byte) (int, error) {
	if g.pos == len(g.buf) {
		if g.err != nil {
			return 0, g.err
		}
		if err := g.next(); err != nil {
			g.err, g.buf, g.pos = err, g.buf[:0], 0
			return 0, err
		}
	}
	n := copy(p, g.buf[g.pos:])
	g.pos += n
	return n, nil
}

// next reads and checks the next block.
func (g *pbfGuard) next() error {
	var size [4]byte
	n, err := io.ReadFull(g.r, size[:])
	if err == io.EOF && n == 0 {
		if g.blocks == 0 {
			return malformed("pbf", 0, "PBF input empty at byte 0")
		}
		return io.EOF
	}
	if err != nil {
		return g.readFail(err, "block size")
	}
	hl := binary.BigEndian.Uint32(size[:])
	if hl == 0 || hl >= pbfMaxHeader {
		return g.dataFail(bad("header size %d out of range", hl), "not a PBF file?")
	}
	g.buf = append(g.buf[:0], size[:]...)
	g.buf = grow(g.buf, int(hl))
	if _, err := io.ReadFull(g.r, g.buf[4:]); err != nil {
		return g.readFail(err, "block header")
	}
	typ, ds, err := blobHeader(g.buf[4:])
	if err != nil {
		return g.dataFail(err, "block header")
	}
	start := len(g.buf)
	g.buf = grow(g.buf, ds)
	if _, err := io.ReadFull(g.r, g.buf[start:]); err != nil {
		return g.readFail(err, fmt.Sprintf("%s blob of %d bytes", typ, ds))
	}
	data, err := g.blob(g.buf[start:])
	if err != nil {
		return g.dataFail(err, typ+" blob")
	}
	switch {
	case typ == "OSMHeader" && g.blocks == 0:
		err = checkMessage(data)
	case typ == "OSMData":
		err = checkPrimitiveBlock(data)
	default:
		err = fmt.Errorf("unexpected block type %q", typ)
	}
	if err != nil {
		return g.dataFail(err, typ+" block")
	}
	g.off += int64(len(g.buf))
	g.blocks++
	g.pos = 0
	return nil
}

// grow extends b by n bytes.
func grow(b []byte, n int) []byte { return slices.Grow(b, n)[:len(b)+n] }

// readFail reports a failed read of part of the current block.
func (g *pbfGuard) readFail(err error, what string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return malformed("pbf", g.off, "PBF block %d at byte %d: truncated while reading the %s", g.blocks, g.off, what)
	}
	return fmt.Errorf("PBF block %d at byte %d: reading the %s: %w", g.blocks, g.off, what, err)
}

// dataFail reports malformed content in the current block.
func (g *pbfGuard) dataFail(err error, what string) error {
	return malformed("pbf", g.off, "PBF block %d at byte %d: %s: %v", g.blocks, g.off, what, err)
}

// dataErr is a complaint about the content of a block.
type dataErr struct{ msg string }

func (e dataErr) Error() string { return e.msg }

func bad(format string, args ...any) error { return dataErr{fmt.Sprintf(format, args...)} }

// blobHeader returns the type and data size of a BlobHeader.
func blobHeader(b []byte) (typ string, size int, err error) {
	seen := false
	err = fields(b, func(num protowire.Number, wt protowire.Type, v []byte, x uint64) error {
		switch {
		case num == 1 && wt == protowire.BytesType:
			typ = string(v)
		case num == 3 && wt == protowire.VarintType:
			if int32(x) < 0 || x >= pbfMaxBlob {
				return bad("blob size %d out of range", int32(x))
			}
			size, seen = int(x), true
		case num == 1 || num == 3:
			return bad("field %d has wire type %d", num, wt)
		}
		return nil
	})
	if err == nil && (typ == "" || !seen) {
		err = bad("no type or no data size")
	}
	return typ, size, err
}

// blob returns the uncompressed data of a Blob.
func (g *pbfGuard) blob(b []byte) ([]byte, error) {
	var raw, zdata []byte
	var hasRaw, hasZ bool
	rawSize := int64(-1)
	err := fields(b, func(num protowire.Number, wt protowire.Type, v []byte, x uint64) error {
		switch {
		case num == 1 && wt == protowire.BytesType:
			raw, hasRaw = v, true
		case num == 2 && wt == protowire.VarintType:
			rawSize = int64(int32(x))
		case num == 3 && wt == protowire.BytesType:
			zdata, hasZ = v, true
		case num >= 1 && num <= 3:
			return bad("blob field %d has wire type %d", num, wt)
		case num <= 7:
			return bad("unsupported blob compression (field %d); only raw and zlib are read", num)
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case hasRaw:
		return raw, nil
	case !hasZ:
		return nil, bad("blob holds no data")
	case rawSize < 0 || rawSize > pbfMaxBlob:
		return nil, bad("uncompressed size %d out of range", rawSize)
	}
	zr, err := zlib.NewReader(bytes.NewReader(zdata))
	if err != nil {
		return nil, err
	}
	g.raw.Reset()
	if _, err := g.raw.ReadFrom(io.LimitReader(zr, rawSize+1)); err != nil {
		return nil, err
	}
	if int64(g.raw.Len()) != rawSize {
		return nil, bad("uncompressed %d bytes, header says %d", g.raw.Len(), rawSize)
	}
	return g.raw.Bytes(), nil
}

// fields calls f for each field of a protobuf message: v is the content of a
// bytes field, x the value of a varint or fixed field.
func fields(b []byte, f func(num protowire.Number, wt protowire.Type, v []byte, x uint64) error) error {
	for len(b) > 0 {
		num, wt, n := protowire.ConsumeTag(b)
		if n < 0 {
			return bad("bad field tag: %v", protowire.ParseError(n))
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch wt {
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		case protowire.Fixed32Type:
			var x32 uint32
			x32, n = protowire.ConsumeFixed32(b)
			x = uint64(x32)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(b)
		default:
			n = protowire.ConsumeFieldValue(num, wt, b)
		}
		if n < 0 {
			return bad("field %d: %v", num, protowire.ParseError(n))
		}
		b = b[n:]
		if err := f(num, wt, v, x); err != nil {
			return err
		}
	}
	return nil
}

// checkMessage checks that b parses as a protobuf message.
func checkMessage(b []byte) error {
	return fields(b, func(protowire.Number, protowire.Type, []byte, uint64) error { return nil })
}

// packed decodes a packed repeated varint field.
func packed(b []byte) ([]uint64, error) {
	out := make([]uint64, 0, len(b))
	for len(b) > 0 {
		x, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return nil, bad("packed varints: %v", protowire.ParseError(n))
		}
		out = append(out, x)
		b = b[n:]
	}
	return out, nil
}

// checkPrimitiveBlock checks an OSMData block: the string table and each
// primitive group.
func checkPrimitiveBlock(b []byte) error {
	strs := 0
	var groups [][]byte
	err := fields(b, func(num protowire.Number, wt protowire.Type, v []byte, _ uint64) error {
		switch {
		case num == 1 && wt == protowire.BytesType:
			strs = 0 // the scanner keeps the last string table
			return fields(v, func(num protowire.Number, wt protowire.Type, _ []byte, _ uint64) error {
				if num == 1 {
					if wt != protowire.BytesType {
						return bad("string table entry has wire type %d", wt)
					}
					strs++
				}
				return nil
			})
		case num == 2 && wt == protowire.BytesType:
			groups = append(groups, v)
		case num >= 17 && num <= 20 && wt != protowire.VarintType, num <= 2:
			return bad("primitive block field %d has wire type %d", num, wt)
		}
		return nil
	})
	for i, grp := range groups {
		if err != nil {
			break
		}
		if err = checkGroup(grp, strs); err != nil {
			err = fmt.Errorf("primitive group %d: %w", i, err)
		}
	}
	return err
}

// checkGroup checks the dense nodes and ways of a primitive group against a
// string table of strs entries.
func checkGroup(b []byte, strs int) error {
	return fields(b, func(num protowire.Number, wt protowire.Type, v []byte, _ uint64) error {
		switch {
		case num == 1:
			return bad("plain (non-dense) nodes are not supported")
		case (num == 2 || num == 3) && wt != protowire.BytesType:
			return bad("group field %d has wire type %d", num, wt)
		case num == 2:
			return checkDense(v, strs)
		case num == 3:
			return checkWay(v, strs)
		}
		return nil
	})
}

// checkDense checks a DenseNodes message: ids, lats and lons of one length,
// info arrays at least that long with user name indexes in the string table,
// and keys_vals a list of in-range key, value pairs ending in 0 for each
// node. Repeated fields count as the scanner reads them: the last one wins.
func checkDense(b []byte, strs int) error {
	var arr [11][]byte
	var seen [11]bool
	err := fields(b, func(num protowire.Number, wt protowire.Type, v []byte, _ uint64) error {
		if num == 1 || num == 5 || (num >= 8 && num <= 10) {
			if wt != protowire.BytesType {
				return bad("dense nodes field %d has wire type %d", num, wt)
			}
			arr[num], seen[num] = v, true
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !seen[1] || !seen[8] || !seen[9] {
		return bad("dense nodes without ids, lats or lons")
	}
	var vals [11][]uint64
	for _, f := range []int{1, 8, 9, 10} {
		if vals[f], err = packed(arr[f]); err != nil {
			return err
		}
	}
	n := len(vals[1])
	if len(vals[8]) != n || len(vals[9]) != n {
		return bad("dense nodes: %d ids, %d lats, %d lons", n, len(vals[8]), len(vals[9]))
	}
	if seen[5] {
		if err := checkDenseInfo(arr[5], n, strs); err != nil {
			return err
		}
	}
	if !seen[10] {
		return nil
	}
	kv := vals[10]
	for range n {
		for {
			if len(kv) == 0 {
				return bad("dense nodes: keys_vals ends early")
			}
			k := kv[0]
			kv = kv[1:]
			if k == 0 {
				break
			}
			if len(kv) == 0 || k >= uint64(strs) || kv[0] >= uint64(strs) {
				return bad("dense nodes: tag string index out of range")
			}
			kv = kv[1:]
		}
	}
	return nil
}

// checkDenseInfo checks a DenseInfo message for n nodes.
func checkDenseInfo(b []byte, n, strs int) error {
	var arr [7][]byte
	err := fields(b, func(num protowire.Number, wt protowire.Type, v []byte, _ uint64) error {
		if num >= 1 && num <= 6 {
			if wt != protowire.BytesType {
				return bad("dense info field %d has wire type %d", num, wt)
			}
			arr[num] = v
		}
		return nil
	})
	for f := 1; f <= 6 && err == nil; f++ {
		if arr[f] == nil {
			continue
		}
		var xs []uint64
		if xs, err = packed(arr[f]); err != nil {
			break
		}
		if len(xs) < n {
			err = bad("dense info field %d has %d values for %d nodes", f, len(xs), n)
			break
		}
		if f != 5 {
			continue
		}
		var sid int32 // the scanner's arithmetic: delta-coded sint32
		for _, x := range xs[:n] {
			sid += int32(protowire.DecodeZigZag(x))
			if sid < 0 || int(sid) >= strs {
				err = bad("dense info: user string index %d out of range", sid)
				break
			}
		}
	}
	return err
}

// checkWay checks a Way message: refs, lats and lons (each at most once) of
// one length, keys and vals of one length and in the string table, and the
// user name index of its info.
func checkWay(b []byte, strs int) error {
	var count [11]int
	var seen [11]bool
	var keys, vals []uint64
	err := fields(b, func(num protowire.Number, wt protowire.Type, v []byte, x uint64) error {
		switch {
		case num == 1 && wt != protowire.VarintType,
			num >= 2 && num <= 4 && wt != protowire.BytesType,
			num >= 8 && num <= 10 && wt != protowire.BytesType:
			return bad("way field %d has wire type %d", num, wt)
		case num == 2 || num == 3:
			xs, err := packed(v)
			for _, k := range xs {
				if k >= uint64(strs) {
					return bad("way tag string index %d out of range", k)
				}
			}
			if num == 2 {
				keys = xs
			} else {
				vals = xs
			}
			return err
		case num == 4:
			return checkWayInfo(v, strs)
		case num >= 8 && num <= 10:
			if seen[num] {
				return bad("way field %d repeated", num)
			}
			xs, err := packed(v)
			count[num], seen[num] = len(xs), true
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	if keys != nil && vals != nil && len(keys) != len(vals) {
		return bad("way has %d keys and %d values", len(keys), len(vals))
	}
	for _, f := range []int{9, 10} {
		if seen[f] && seen[8] && count[f] != count[8] || seen[f] && !seen[8] {
			return bad("way has %d node refs and %d coordinates", count[8], count[f])
		}
	}
	return nil
}

// checkWayInfo checks the Info of a way.
func checkWayInfo(b []byte, strs int) error {
	return fields(b, func(num protowire.Number, wt protowire.Type, _ []byte, x uint64) error {
		if num >= 1 && num <= 6 && wt != protowire.VarintType {
			return bad("way info field %d has wire type %d", num, wt)
		}
		if num == 5 && x >= uint64(strs) {
			return bad("way info: user string index %d out of range", x)
		}
		return nil
	})
}
