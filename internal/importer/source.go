package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"dangjian/internal/apperr"
)

// source yields a file's rows.
type source interface {
	// next returns the next row's cells and its 1-based row number in the
	// file, or io.EOF.
	next() ([]string, int, error)
	// estimate is the number of rows after the header, counted cheaply
	// before parsing: blank rows are included.
	estimate() int
	close() error
}

// openSource opens r as the format named by filename's extension.
func openSource(filename string, r io.Reader) (source, error) {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".csv":
		return openCSV(r)
	case ".xlsx":
		return openXLSX(r)
	}
	return nil, apperr.New(apperr.Invalid, "err.import.format")
}

// csvSource streams a CSV file: UTF-8 (with or without a byte order mark),
// or GB18030/GBK as Excel saves CSV on Chinese Windows.
type csvSource struct {
	r   *csv.Reader
	est int
}

func openCSV(r io.Reader) (*csvSource, error) {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, apperr.Wrap(err, "import read")
		}
		rs = bytes.NewReader(b)
	}
	n, err := countCSV(rs)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(rs, 1<<16)
	var in io.Reader = br
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	} else if head, _ := br.Peek(1 << 16); !validUTF8Prefix(head, len(head) == 1<<16) {
		in = simplifiedchinese.GB18030.NewDecoder().Reader(br)
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return &csvSource{r: cr, est: max(n-1, 0)}, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut off at
// the end when b is only the start of the file.
func validUTF8Prefix(b []byte, truncated bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if truncated {
		for k := 1; k <= 3 && k < len(b); k++ {
			if utf8.Valid(b[:len(b)-k]) {
				return true
			}
		}
	}
	return false
}

// countCSV counts the lines of a CSV file that start records (newlines
// inside quoted fields do not count) and rewinds it. In GB18030 the bytes
// '"' and '\n' never occur inside a multi-byte character, so this works on
// both encodings.
func countCSV(rs io.ReadSeeker) (int, error) {
	buf := make([]byte, 1<<16)
	n, inQuote, last := 0, false, byte('\n')
	for {
		k, err := rs.Read(buf)
		for _, c := range buf[:k] {
			if c == '"' {
				inQuote = !inQuote
			} else if c == '\n' && !inQuote {
				n++
			}
		}
		if k > 0 {
			last = buf[k-1]
		}
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return 0, apperr.Wrap(err, "import read")
		}
	}
	if last != '\n' {
		n++
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return 0, apperr.Wrap(err, "import rewind")
	}
	return n, nil
}

func (s *csvSource) next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, apperr.New(apperr.Invalid, "err.import.csv").With("line", pe.Line)
		}
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, apperr.Wrap(err, "import read csv")
	}
	line, _ := s.r.FieldPos(0)
	return rec, line, nil
}

func (s *csvSource) estimate() int { return s.est }
func (s *csvSource) close() error  { return nil }

// xlsxSource streams the first sheet of a workbook. Cells are read raw (no
// number formats applied), so dates come as serial numbers, which
// normDate understands, and long digit strings are not reformatted.
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	line int
	est  int
}

func openXLSX(r io.Reader) (*xlsxSource, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	s := &xlsxSource{f: f}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, apperr.New(apperr.Invalid, "err.import.empty")
	}
	// A first pass over the row elements counts them for progress.
	count, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	n := 0
	for count.Next() {
		n++
	}
	count.Close()
	s.est = max(n-1, 0)
	if s.rows, err = f.Rows(sheets[0]); err != nil {
		f.Close()
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	return s, nil
}

func (s *xlsxSource) next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, 0, apperr.New(apperr.Invalid, "err.import.xlsx")
		}
		return nil, 0, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns()
	if err != nil {
		return nil, 0, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	return cells, s.line, nil
}

func (s *xlsxSource) estimate() int { return s.est }

func (s *xlsxSource) close() error {
	s.rows.Close()
	return s.f.Close()
}
