package importer

import (
	"bufio"
	"encoding/gob"
	"io"
	"os"

	"dangjian/internal/apperr"
	"dangjian/internal/person"
)

// spool keeps sealed people in a temporary file between the validation
// and write passes, a gob-encoded chunk at a time, so a million-row import
// holds one chunk in memory rather than all of them. The file holds only
// sealed data (ciphertexts, keyed hashes, masks) and is removed when the
// import ends.
type spool struct {
	f   *os.File
	bw  *bufio.Writer
	enc *gob.Encoder
	dec *gob.Decoder
}

// write appends one chunk.
func (s *spool) write(ps []*person.Person) error {
	if s.f == nil {
		f, err := os.CreateTemp("", "dangjian-import-*.spool")
		if err != nil {
			return apperr.Wrap(err, "import spool")
		}
		s.f, s.bw = f, bufio.NewWriterSize(f, 1<<20)
		s.enc = gob.NewEncoder(s.bw)
	}
	chunk := make([]person.Sealed, len(ps))
	for i, p := range ps {
		chunk[i] = p.Sealed()
	}
	return apperr.Wrap(s.enc.Encode(chunk), "import spool write")
}

// rewind gets the spool ready to be read from its first chunk.
func (s *spool) rewind() error {
	if s.f == nil {
		return nil
	}
	if err := s.bw.Flush(); err != nil {
		return apperr.Wrap(err, "import spool flush")
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return apperr.Wrap(err, "import spool seek")
	}
	s.dec = gob.NewDecoder(bufio.NewReaderSize(s.f, 1<<20))
	return nil
}

// read returns the next chunk.
func (s *spool) read() ([]*person.Person, error) {
	var chunk []person.Sealed
	if err := s.dec.Decode(&chunk); err != nil {
		return nil, apperr.Wrap(err, "import spool read")
	}
	ps := make([]*person.Person, len(chunk))
	for i := range chunk {
		ps[i] = chunk[i].Person()
	}
	return ps, nil
}

// close removes the file.
func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f = nil
	}
}
