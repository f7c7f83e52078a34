package walk

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"slices"
)

// The binary encoding of a Graph, all little-endian:
//
//	magic    "DJWALK\r\n"                   8 bytes
//	version  uint32 (codecVersion)
//	n        uint32 nodes
//	arcs     uint32 arcs (2 × undirected edges)
//	ID       n × int64
//	Lat, Lng n × float64 each
//	Off      (n+1) × int32
//	To       arcs × int32
//	W        arcs × float32
//	checksum uint32 CRC-32C (Castagnoli) of every byte before it
const (
	codecMagic   = "DJWALK\r\n"
	codecVersion = 1
	headerSize   = 8 + 4 + 4 + 4
	chunkElems   = 8192
)

// ErrFormat is wrapped by every error of ReadGraph about the data itself
// (as opposed to an I/O error).
var ErrFormat = errors.New("walk: bad graph encoding")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// EncodedSize returns the number of bytes WriteTo writes.
func (g *Graph) EncodedSize() int64 {
	n, arcs := int64(g.N()), int64(len(g.To))
	return headerSize + n*(8+8+8) + (n+1)*4 + arcs*(4+4) + 4
}

// WriteTo writes the binary encoding of g to w.
func (g *Graph) WriteTo(w io.Writer) (int64, error) {
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	hdr := make([]byte, 0, headerSize)
	hdr = append(hdr, codecMagic...)
	hdr = binary.LittleEndian.AppendUint32(hdr, codecVersion)
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(g.N()))
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(len(g.To)))
	buf := make([]byte, 0, chunkElems*8)
	_, err := bw.Write(hdr)
	if err == nil {
		buf, err = writeSlice(bw, buf, g.ID)
	}
	if err == nil {
		buf, err = writeSlice(bw, buf, g.Lat)
	}
	if err == nil {
		buf, err = writeSlice(bw, buf, g.Lng)
	}
	if err == nil {
		buf, err = writeSlice(bw, buf, g.Off)
	}
	if err == nil {
		buf, err = writeSlice(bw, buf, g.To)
	}
	if err == nil {
		_, err = writeSlice(bw, buf, g.W)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return 0, fmt.Errorf("walk: write graph: %w", err)
	}
	sum := binary.LittleEndian.AppendUint32(nil, crc.Sum32())
	if _, err := w.Write(sum); err != nil {
		return 0, fmt.Errorf("walk: write graph: %w", err)
	}
	return g.EncodedSize(), nil
}

// writeSlice writes xs little-endian in chunks through buf.
func writeSlice[T int32 | int64 | float32 | float64](w io.Writer, buf []byte, xs []T) ([]byte, error) {
	for i := 0; i < len(xs); i += chunkElems {
		var err error
		buf, err = binary.Append(buf[:0], binary.LittleEndian, xs[i:min(i+chunkElems, len(xs))])
		if err != nil {
			return buf, err
		}
		if _, err := w.Write(buf); err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// crcReader hashes what it reads.
type crcReader struct {
	r   io.Reader
	crc hash.Hash32
}

func (c *crcReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.crc.Write(p[:n])
	return n, err
}

// ReadGraph reads a graph written by WriteTo and checks it: checksum,
// offsets, arc targets, lengths and that every arc has its reverse. When r
// has a Len method (bytes.Reader, strings.Reader) the sizes in the header
// are checked against it before anything is allocated; otherwise arrays grow
// as data arrives, so a corrupt header cannot make it allocate much more
// than the input holds.
func ReadGraph(r io.Reader) (*Graph, error) {
	var avail int64 = -1
	if l, ok := r.(interface{ Len() int }); ok {
		avail = int64(l.Len())
	}
	cr := &crcReader{r: bufio.NewReaderSize(r, 1<<16), crc: crc32.New(castagnoli)}
	hdr := make([]byte, headerSize)
	if _, err := io.ReadFull(cr, hdr); err != nil {
		return nil, readErr("header", err)
	}
	if string(hdr[:8]) != codecMagic {
		return nil, fmt.Errorf("%w: not a walking graph (bad magic)", ErrFormat)
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != codecVersion {
		return nil, fmt.Errorf("%w: version %d, this program reads version %d", ErrFormat, v, codecVersion)
	}
	n := int(binary.LittleEndian.Uint32(hdr[12:]))
	arcs := int(binary.LittleEndian.Uint32(hdr[16:]))
	if n >= math.MaxInt32 || arcs >= math.MaxInt32 || arcs%2 != 0 {
		return nil, fmt.Errorf("%w: bad sizes (%d nodes, %d arcs)", ErrFormat, n, arcs)
	}
	g := &Graph{}
	if avail >= 0 && avail != g.sizeFor(n, arcs) {
		return nil, fmt.Errorf("%w: %d bytes for %d nodes and %d arcs, want %d", ErrFormat, avail, n, arcs, g.sizeFor(n, arcs))
	}
	buf := make([]byte, chunkElems*8)
	var err error
	if g.ID, err = readSlice[int64](cr, buf, n); err != nil {
		return nil, readErr("node IDs", err)
	}
	if g.Lat, err = readSlice[float64](cr, buf, n); err != nil {
		return nil, readErr("latitudes", err)
	}
	if g.Lng, err = readSlice[float64](cr, buf, n); err != nil {
		return nil, readErr("longitudes", err)
	}
	if g.Off, err = readSlice[int32](cr, buf, n+1); err != nil {
		return nil, readErr("offsets", err)
	}
	if g.To, err = readSlice[int32](cr, buf, arcs); err != nil {
		return nil, readErr("arcs", err)
	}
	if g.W, err = readSlice[float32](cr, buf, arcs); err != nil {
		return nil, readErr("lengths", err)
	}
	want := cr.crc.Sum32()
	sum := make([]byte, 4)
	if _, err := io.ReadFull(cr.r, sum); err != nil {
		return nil, readErr("checksum", err)
	}
	if got := binary.LittleEndian.Uint32(sum); got != want {
		return nil, fmt.Errorf("%w: checksum %08x, computed %08x", ErrFormat, got, want)
	}
	if err := g.check(); err != nil {
		return nil, err
	}
	return g, nil
}

func (*Graph) sizeFor(n, arcs int) int64 {
	return headerSize + int64(n)*24 + int64(n+1)*4 + int64(arcs)*8 + 4
}

func readErr(part string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated in the %s", ErrFormat, part)
	}
	return fmt.Errorf("walk: read graph %s: %w", part, err)
}

// readSlice reads n little-endian values, growing the slice chunk by chunk.
func readSlice[T int32 | int64 | float32 | float64](r io.Reader, buf []byte, n int) ([]T, error) {
	var zero T
	size := binary.Size(zero)
	out := make([]T, 0, min(n, 1<<20))
	for len(out) < n {
		k := min(n-len(out), chunkElems)
		if _, err := io.ReadFull(r, buf[:k*size]); err != nil {
			return nil, err
		}
		out = slices.Grow(out, k)[:len(out)+k]
		if _, err := binary.Decode(buf[:k*size], binary.LittleEndian, out[len(out)-k:]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// check verifies the structure of a decoded graph.
func (g *Graph) check() error {
	n := g.N()
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
	}
	if g.Off[0] != 0 || int(g.Off[n]) != len(g.To) {
		return bad("offsets do not span the arcs")
	}
	for v := range n {
		if g.Off[v+1] < g.Off[v] {
			return bad("offsets decrease at node %d", v)
		}
	}
	for v := range n {
		la, ln := g.Lat[v], g.Lng[v]
		if !(la >= -90 && la <= 90 && ln >= -180 && ln <= 180) {
			return bad("node %d has coordinates (%v, %v)", v, la, ln)
		}
		lo, hi := g.Off[v], g.Off[v+1]
		for k := lo; k < hi; k++ {
			u, w := g.To[k], g.W[k]
			if u < 0 || int(u) >= n || u == int32(v) || (k > lo && u <= g.To[k-1]) {
				return bad("node %d: arc %d to %d out of range, a loop or out of order", v, k, u)
			}
			if !(w >= 0 && w < math.MaxFloat32) {
				return bad("node %d: arc %d has length %v", v, k, w)
			}
		}
	}
	for v := range int32(n) {
		for k := g.Off[v]; k < g.Off[v+1]; k++ {
			u := g.To[k]
			arcs := g.To[g.Off[u]:g.Off[u+1]]
			j, ok := slices.BinarySearch(arcs, v)
			if !ok || g.W[g.Off[u]+int32(j)] != g.W[k] {
				return bad("arc %d→%d has no reverse of the same length", v, u)
			}
		}
	}
	return nil
}
