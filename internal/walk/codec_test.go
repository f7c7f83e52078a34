package walk

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"reflect"
	"testing"

	"dangjian/internal/geo"
)

func TestCodecRoundTrip(t *testing.T) {
	graphs := map[string]*Graph{
		"tiny":      tiny(t),
		"generated": Generate(5, 20000, geo.BBox{MinX: 109.4, MinY: 18.2, MaxX: 109.6, MaxY: 18.3}),
		"empty":     NewBuilder(0, 0).Build(),
	}
	for name, g := range graphs {
		var buf bytes.Buffer
		n, err := g.WriteTo(&buf)
		if err != nil || n != int64(buf.Len()) || n != g.EncodedSize() {
			t.Fatalf("%s: WriteTo = %d, %v; wrote %d", name, n, err, buf.Len())
		}
		for _, r := range []io.Reader{bytes.NewReader(buf.Bytes()), io.MultiReader(bytes.NewReader(buf.Bytes()))} {
			h, err := ReadGraph(r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !reflect.DeepEqual(h, g) {
				t.Fatalf("%s: round trip differs", name)
			}
		}
	}
}

func TestCodecRejects(t *testing.T) {
	var buf bytes.Buffer
	tiny(t).WriteTo(&buf)
	good := buf.Bytes()
	mutate := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	// Offsets of the sections of the tiny graph (9 nodes, 16 arcs).
	const n, arcs = 9, 16
	offAt := headerSize + n*24
	toAt := offAt + (n+1)*4
	cases := map[string][]byte{
		"empty":       nil,
		"magic":       mutate(func(b []byte) []byte { b[0] = 'X'; return b }),
		"version":     mutate(func(b []byte) []byte { b[8] = 9; return b }),
		"flipped bit": mutate(func(b []byte) []byte { b[headerSize+3] ^= 1; return b }),
		"checksum":    mutate(func(b []byte) []byte { b[len(b)-1] ^= 1; return b }),
		"truncated":   good[:len(good)-5],
		"header only": good[:headerSize],
		"huge sizes": mutate(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[12:], 1<<30)
			return b
		}),
		"arc out of range": resum(mutate(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[toAt:], 77)
			return b
		})),
		"offsets decrease": resum(mutate(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[offAt+4:], arcs)
			return b
		})),
	}
	for name, in := range cases {
		for _, r := range []io.Reader{bytes.NewReader(in), io.MultiReader(bytes.NewReader(in))} {
			if _, err := ReadGraph(r); !errors.Is(err, ErrFormat) {
				t.Errorf("%s (%T): err %v, want ErrFormat", name, r, err)
			}
		}
	}
}

// resum rewrites the checksum after a deliberate change.
func resum(b []byte) []byte {
	body := b[:len(b)-4]
	c := crc32.Checksum(body, castagnoli)
	binary.LittleEndian.PutUint32(b[len(b)-4:], c)
	return b
}
