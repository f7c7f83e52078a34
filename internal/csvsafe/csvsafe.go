// Package csvsafe is the one CSV writer of every CSV the platform hands
// out. A spreadsheet opening a CSV runs a cell that starts with = + - or @
// as a formula (and a leading tab or carriage return hides such a start),
// so text from residents, Open311 clients or sign-ups could run commands on
// the reader's machine (CSV injection). As OWASP advises, such a cell is
// written with a leading single quote, which the spreadsheet shows as text.
//
// One exception keeps figures readable: a cell that is a plain decimal
// number — an optional minus, digits, an optional fraction ("-3", "12.5")
// — is written as is. A spreadsheet reads it as that number and nothing
// else; it cannot call a function or reference another cell. A leading
// plus, exponents, spaces or anything after the digits take the quote.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// Cell returns s as it is safe to write in a CSV cell.
func Cell(s string) string {
	if s == "" || isNumber(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// isNumber reports whether s is -?digits(.digits)?.
func isNumber(s string) bool {
	if s[0] == '-' {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// Writer writes rows of cells, each made safe by Cell.
type Writer struct {
	w    *csv.Writer
	cell []string
}

// NewWriter writes to w. crlf ends lines with \r\n, as Excel writes.
func NewWriter(w io.Writer, crlf bool) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = crlf
	return &Writer{w: cw}
}

// Write writes one row.
func (w *Writer) Write(cells []string) error {
	w.cell = w.cell[:0]
	for _, c := range cells {
		w.cell = append(w.cell, Cell(c))
	}
	return w.w.Write(w.cell)
}

// Flush writes any buffered data and returns the first error met.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}
