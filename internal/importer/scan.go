package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
)

// xmlScan checks one worksheet or shared string table as a stream of
// bytes before excelize parses it, building no tokens: encoding/xml holds a
// whole text run or tag in memory, so a 1 GiB cell would cost gigabytes
// there. It bounds every tag (maxTagBytes), every text run (MaxCellBytes),
// every <row> or <si> element (MaxRowBytes) and the number of shared
// strings, and refuses markup declarations (<!…: comments, CDATA, DOCTYPE),
// which Excel never writes and whose content a tag scan cannot bound. On
// the way it counts a worksheet's rows.
type xmlScan struct {
	shared   bool
	off      int64 // bytes consumed
	items    int   // <row> or <si> elements seen
	rowNum   int   // the current or last row's number
	open     int64 // offset of the open <row> or <si>; -1 when none
	inTag    bool
	quote    byte   // the quote open inside a tag, 0 when none
	tagStart int64  // offset of the tag's '<'
	head     []byte // the tag's first bytes, after '<'
	last     byte   // the tag's last byte before '>'
	text     int    // length of the current text run
}

// headBytes is how much of a tag is kept: enough for a row's r attribute.
const headBytes = 512

func newXMLScan(shared bool) *xmlScan {
	return &xmlScan{shared: shared, open: -1, head: make([]byte, 0, headBytes)}
}

// scanPart scans a zip entry.
func scanPart(f *zip.File, shared bool) (*xmlScan, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	defer rc.Close()
	s := newXMLScan(shared)
	br := bufio.NewReaderSize(rc, 1<<16)
	buf := make([]byte, 1<<16)
	for {
		n, err := br.Read(buf)
		if ferr := s.feed(buf[:n]); ferr != nil {
			return nil, ferr
		}
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
		}
	}
	if s.inTag {
		return nil, apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	return s, nil
}

// feed scans the next bytes of the part.
func (s *xmlScan) feed(b []byte) error {
	for len(b) > 0 {
		if !s.inTag {
			i := bytes.IndexByte(b, '<')
			if i < 0 {
				s.text += len(b)
				s.off += int64(len(b))
				return s.checkText()
			}
			s.text += i
			s.off += int64(i)
			if err := s.checkText(); err != nil {
				return err
			}
			s.inTag, s.tagStart, s.head, s.text, s.last = true, s.off, s.head[:0], 0, 0
			s.off++
			b = b[i+1:]
			continue
		}
		j := 0
		for ; j < len(b); j++ {
			c := b[j]
			if s.quote != 0 {
				if c == s.quote {
					s.quote = 0
				}
			} else if c == '"' || c == '\'' {
				s.quote = c
			} else if c == '>' {
				break
			}
		}
		if room := headBytes - len(s.head); room > 0 {
			s.head = append(s.head, b[:min(j, room)]...)
		}
		if j > 0 {
			s.last = b[j-1]
		}
		s.off += int64(j)
		if s.off-s.tagStart > maxTagBytes || (len(s.head) > 0 && s.head[0] == '!') {
			return apperr.New(apperr.Invalid, "err.import.xlsx")
		}
		if j == len(b) {
			return s.checkOpen()
		}
		s.off++
		b = b[j+1:]
		s.inTag = false
		if err := s.endTag(); err != nil {
			return err
		}
	}
	return nil
}

// checkText bounds the current text run and the open element.
func (s *xmlScan) checkText() error {
	if s.text > MaxCellBytes {
		if s.shared {
			return cellTooBig(0)
		}
		return cellTooBig(s.line())
	}
	return s.checkOpen()
}

func (s *xmlScan) checkOpen() error {
	if s.open >= 0 && s.off-s.open > MaxRowBytes {
		if s.shared {
			return cellTooBig(0)
		}
		return rowTooBig(s.rowNum)
	}
	return nil
}

// line is the row a problem is reported on: the open row, else none.
func (s *xmlScan) line() int {
	if s.open >= 0 {
		return s.rowNum
	}
	return 0
}

// endTag handles a complete tag: <row> and <si> open and close elements.
func (s *xmlScan) endTag() error {
	h := s.head
	closing := len(h) > 0 && h[0] == '/'
	if closing {
		h = h[1:]
	}
	name := h
	if i := bytes.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	want := "row"
	if s.shared {
		want = "si"
	}
	if string(name) != want {
		return s.checkOpen()
	}
	if closing {
		err := s.checkOpen()
		s.open = -1
		return err
	}
	if s.open >= 0 {
		return apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	s.items++
	if s.shared && s.items > maxSharedStrings {
		return apperr.New(apperr.Invalid, "err.import.xlsx_too_big").With("mb", MaxXLSXBytes>>20)
	}
	if n, ok := rowAttr(h); ok {
		s.rowNum = n
	} else {
		s.rowNum++
	}
	if s.last != '/' { // <row …/> is empty
		s.open = s.tagStart
	}
	return nil
}

// rowAttr reads the r attribute of a row tag.
func rowAttr(h []byte) (int, bool) {
	for i := 1; i+3 < len(h); i++ {
		if h[i] != 'r' || h[i+1] != '=' || (h[i-1] != ' ' && h[i-1] != '\t' && h[i-1] != '\n' && h[i-1] != '\r') {
			continue
		}
		q := h[i+2]
		rest := h[i+3:]
		end := bytes.IndexByte(rest, q)
		if end < 0 {
			return 0, false
		}
		n, err := strconv.Atoi(string(rest[:end]))
		return n, err == nil && n > 0
	}
	return 0, false
}

// scanWorkbook checks a workbook's central directory, scans its worksheets
// and shared strings, and returns the number of rows of its first sheet
// (the one excelize reads), counting blank ones.
func scanWorkbook(zr *zip.Reader) (int, error) {
	if err := checkZip(zr); err != nil {
		return 0, err
	}
	first := firstSheetPath(zr)
	rows, most := -1, 0
	for _, f := range zr.File {
		k := kindOfPart(f.Name)
		if k == partOther {
			continue
		}
		s, err := scanPart(f, k == partShared)
		if err != nil {
			return 0, err
		}
		if k == partSheet {
			most = max(most, s.rowNum)
			if strings.EqualFold(f.Name, first) {
				rows = s.rowNum
			}
		}
	}
	if rows < 0 {
		rows = most
	}
	return rows, nil
}

// firstSheetPath resolves the first sheet of xl/workbook.xml to its entry
// through the workbook's relationships; "" when it cannot.
func firstSheetPath(zr *zip.Reader) string {
	var wb struct {
		Sheets []struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if readXMLPart(zr, "xl/workbook.xml", &wb) != nil || readXMLPart(zr, "xl/_rels/workbook.xml.rels", &rels) != nil || len(wb.Sheets) == 0 {
		return ""
	}
	id := ""
	for _, a := range wb.Sheets[0].Attrs {
		if a.Name.Local == "id" && a.Name.Space != "" {
			id = a.Value
		}
	}
	for _, r := range rels.Rels {
		if r.ID == id && id != "" {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(r.Target, "/")
			}
			return path.Join("xl", r.Target)
		}
	}
	return ""
}

// readXMLPart decodes a small entry (checkZip bounds it by maxPartBytes).
func readXMLPart(zr *zip.Reader, name string, v any) error {
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			return xml.NewDecoder(io.LimitReader(rc, maxPartBytes)).Decode(v)
		}
	}
	return errors.New("no " + name)
}
