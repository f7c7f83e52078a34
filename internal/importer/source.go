package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
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

// countCSV counts the records of a CSV file as encoding/csv reads them (a
// newline inside a quoted field does not end a record; a quote inside an
// unquoted field is literal, as with LazyQuotes), refuses a record longer
// than MaxRowBytes by the line it starts on before the CSV reader would
// hold it, and rewinds the file. In GB18030 the bytes '"', ',', '\r' and
// '\n' never occur inside a multi-byte character, so this works on both
// encodings.
func countCSV(rs io.ReadSeeker) (int, error) {
	const (
		fieldStart = iota
		unquoted
		quoted
		quoteInQuoted // a quote seen inside a quoted field
	)
	buf := make([]byte, 1<<16)
	n, state, size, line, recLine := 0, fieldStart, 0, 1, 1
	for {
		k, err := rs.Read(buf)
		for _, c := range buf[:k] {
			size++
			end := false
			switch state {
			case fieldStart, unquoted:
				switch {
				case c == '"' && state == fieldStart:
					state = quoted
				case c == ',':
					state = fieldStart
				case c == '\n':
					end = true
				default:
					state = unquoted
				}
			case quoted:
				if c == '"' {
					state = quoteInQuoted
				}
			case quoteInQuoted:
				switch c {
				case '"':
					state = quoted // an escaped quote
				case ',':
					state = fieldStart
				case '\n':
					end = true
				case '\r':
				default:
					state = quoted // a lazy quote
				}
			}
			if c == '\n' {
				line++
			}
			if size > MaxRowBytes {
				return 0, rowTooBig(recLine)
			}
			if end {
				n, state, size, recLine = n+1, fieldStart, 0, line
			}
		}
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return 0, apperr.Wrap(err, "import read")
		}
	}
	if size > 0 {
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
	if err := checkCells(rec, line); err != nil {
		return nil, 0, err
	}
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

// openXLSX checks the workbook's sizes and scans its sheets (scan.go)
// before excelize opens it, with its own unzip limits set as well. A file
// is opened by name, so its compressed bytes are not read into memory.
func openXLSX(r io.Reader) (*xlsxSource, error) {
	ra, size, err := readerAt(r)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	n, err := scanWorkbook(zr)
	if err != nil {
		return nil, err
	}
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: MaxXLSXBytes, UnzipXMLSizeLimit: unzipXMLInMemory}
	var f *excelize.File
	if file, ok := r.(*os.File); ok {
		f, err = excelize.OpenFile(file.Name(), opts)
	} else {
		f, err = excelize.OpenReader(io.NewSectionReader(ra, 0, size), opts)
	}
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	s := &xlsxSource{f: f, est: max(n-1, 0)}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, apperr.New(apperr.Invalid, "err.import.empty")
	}
	if s.rows, err = f.Rows(sheets[0]); err != nil {
		f.Close()
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	return s, nil
}

// readerAt gives random access to r: a file or an in-memory reader as it
// is, anything else read into memory up to MaxXLSXBytes.
func readerAt(r io.Reader) (io.ReaderAt, int64, error) {
	switch x := r.(type) {
	case *os.File:
		st, err := x.Stat()
		if err != nil {
			return nil, 0, apperr.Wrap(err, "import stat")
		}
		return x, st.Size(), nil
	case interface {
		io.ReaderAt
		Size() int64
	}:
		return x, x.Size(), nil
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxXLSXBytes+1))
	if err != nil {
		return nil, 0, apperr.Wrap(err, "import read")
	}
	if len(b) > MaxXLSXBytes {
		return nil, 0, tooBigXLSX()
	}
	return bytes.NewReader(b), int64(len(b)), nil
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
	if err := checkCells(cells, s.line); err != nil {
		return nil, 0, err
	}
	return cells, s.line, nil
}

func (s *xlsxSource) estimate() int { return s.est }

func (s *xlsxSource) close() error {
	s.rows.Close()
	return s.f.Close()
}
