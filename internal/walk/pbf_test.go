package walk

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// blockEnds returns the offsets where the file blocks of a PBF end.
func blockEnds(b []byte) map[int]bool {
	ends := map[int]bool{}
	off := 0
	for off+4 <= len(b) {
		hl := int(binary.BigEndian.Uint32(b[off:]))
		_, ds, err := blobHeader(b[off+4 : off+4+hl])
		if err != nil {
			panic(err)
		}
		off += 4 + hl + ds
		ends[off] = true
	}
	return ends
}

func TestReadOSMTruncatedPBF(t *testing.T) {
	for _, opt := range []pbfOptions{{}, {zlib: true, blockSize: 5}} {
		data := encodePBF(filterData(), opt)
		ends := blockEnds(data)
		var cuts []int
		for end := range ends {
			cuts = append(cuts, end-1, end, end+1, end+4)
		}
		for i := range 30 {
			cuts = append(cuts, i*len(data)/30)
		}
		for _, cut := range cuts {
			if cut < 0 || cut >= len(data) {
				continue
			}
			_, _, err := ReadOSM(bytes.NewReader(data[:cut]), "pbf")
			switch {
			case ends[cut] && (err == nil || errors.Is(err, ErrNoWays)):
			case !ends[cut] && errors.Is(err, ErrMalformed):
			default:
				t.Fatalf("zlib %v, cut at %d of %d (block end %v): err %v", opt.zlib, cut, len(data), ends[cut], err)
			}
		}
	}
}

// badGroup returns a PBF file: a header, then one OSMData block holding
// group, with string table strs.
func badGroup(strs []string, group []byte) []byte {
	st := newStrTable()
	for _, s := range strs {
		st.id(s)
	}
	return append(headerBlock(false), fileBlock("OSMData", primitiveBlock(st, group), false)...)
}

// rawMsg builds a message from (field, wire type, value) triples: a value
// is a uint64 for varints, []byte for bytes fields.
func rawMsg(fs ...any) []byte {
	var b []byte
	for i := 0; i < len(fs); i += 2 {
		num := protowire.Number(fs[i].(int))
		switch v := fs[i+1].(type) {
		case int:
			b = protowire.AppendTag(b, num, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(v))
		case uint64:
			b = protowire.AppendTag(b, num, protowire.VarintType)
			b = protowire.AppendVarint(b, v)
		case []byte:
			b = appendMsg(b, num, v)
		}
	}
	return b
}

func packedOf(vals ...uint64) []byte {
	var p []byte
	for _, v := range vals {
		p = protowire.AppendVarint(p, v)
	}
	return p
}

// framed builds a file block from a raw BlobHeader and Blob.
func framed(hdr, blob []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(hdr)))
	return append(append(out, hdr...), blob...)
}

func TestReadOSMMalformedPBF(t *testing.T) {
	way := func(fs ...any) []byte { return rawMsg(3, rawMsg(fs...)) }
	dense := func(fs ...any) []byte { return rawMsg(2, rawMsg(fs...)) }
	good := encodePBF(filterData(), pbfOptions{zlib: true})
	negSize := framed(rawMsg(1, []byte("OSMData"), 3, uint64(1<<64-5)), nil)
	cases := map[string][]byte{
		"garbage":        []byte("hello, this is not a PBF file at all"),
		"xml":            encodeXML(filterData()),
		"empty":          nil,
		"zeros":          make([]byte, 64),
		"flipped zlib":   flip(good, len(good)-10),
		"way key index":  badGroup([]string{"highway"}, way(1, 1, 2, packedOf(7), 3, packedOf(1), 8, packedOf(2, 2))),
		"way user sid":   badGroup(nil, way(1, 1, 4, rawMsg(5, 99), 8, packedOf(2, 2))),
		"way lats":       badGroup(nil, way(1, 1, 8, packedOf(2, 2), 9, packedOf(2, 2, 2, 2))),
		"way refs twice": badGroup(nil, way(1, 1, 8, packedOf(2, 2), 8, packedOf(2, 2, 2))),
		"plain nodes":    badGroup(nil, rawMsg(1, rawMsg(1, 1, 8, 10, 9, 10))),
		"dense kv index": badGroup([]string{"a"}, dense(1, packedOf(2), 8, packedOf(2), 9, packedOf(2),
			10, packedOf(1, 5, 0))),
		"dense kv short": badGroup([]string{"a"}, dense(1, packedOf(2, 2), 8, packedOf(2, 2), 9, packedOf(2, 2),
			10, packedOf(0))),
		"dense user sid": badGroup(nil, dense(1, packedOf(2), 8, packedOf(2), 9, packedOf(2),
			5, rawMsg(5, packedOf(protowire.EncodeZigZag(-3))))),
		"dense lats":     badGroup(nil, dense(1, packedOf(2, 4), 8, packedOf(2), 9, packedOf(2, 2))),
		"dense no ids":   badGroup(nil, dense(8, packedOf(2), 9, packedOf(2))),
		"negative size":  append(headerBlock(false), negSize...),
		"huge raw size":  append(headerBlock(false), blobBlock(rawMsg(2, 1<<31-1, 3, []byte{1}))...),
		"short raw size": append(headerBlock(false), blobBlock(rawMsg(2, 3, 3, zlibbed(good)))...),
		"lzma":           append(headerBlock(false), blobBlock(rawMsg(4, []byte{1, 2}))...),
		"block type":     append(headerBlock(false), fileBlock("OSMFoo", nil, false)...),
		"bad varint":     badGroup(nil, way(1, 1, 8, []byte{0xff, 0xff})),
		"header type":    framed(rawMsg(3, 0), nil),
	}
	for name, in := range cases {
		_, _, err := ReadOSM(bytes.NewReader(in), "pbf")
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err %v, want ErrMalformed", name, err)
			continue
		}
		if !strings.Contains(err.Error(), "byte") {
			t.Errorf("%s: error %q names no offset", name, err)
		}
		t.Logf("%s: %v", name, err)
	}
}

// blobBlock frames a raw Blob as an OSMData block.
func blobBlock(blob []byte) []byte {
	return framed(rawMsg(1, []byte("OSMData"), 3, len(blob)), blob)
}

func zlibbed(b []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x55
	return c
}
