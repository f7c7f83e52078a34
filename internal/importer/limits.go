package importer

import (
	"archive/zip"
	"strings"

	"dangjian/internal/apperr"
)

// What one file may hold, so that an import's memory stays bounded
// whatever it is given: a small compressed workbook can expand to
// gigabytes, and a cell or a CSV line can be as long as the file. Every
// limit is checked before the data it bounds is read into memory: the zip
// entries' sizes from the workbook's central directory before anything is
// unzipped, tag, text and row sizes by a byte scan of each worksheet and of
// the shared strings before excelize parses them (scan.go), CSV records by
// the counting pass before the CSV reader sees them.
//
// With every limit reached at once an import holds about 300 MiB: the
// shared-string index excelize keeps (about 60 bytes per string), one row,
// and the loader's rows (people are spooled to disk; the other kinds, at
// most maxRowsOther rows, stay in memory at a few hundred bytes each).
const (
	// MaxCellBytes bounds one cell's text as stored (a CSV field, an XML
	// text run). Excel itself holds at most 32,767 characters in a cell.
	MaxCellBytes = 32 << 10
	// MaxRowBytes bounds one row: a CSV record, a worksheet <row> element,
	// a shared string item.
	MaxRowBytes = 1 << 20
	// MaxColumns bounds the cells of a row (the templates have at most 14
	// columns).
	MaxColumns = 64
	// MaxXLSXBytes bounds the expanded size of a workbook's entries
	// together, and so of any one worksheet.
	MaxXLSXBytes = 1 << 30
	// maxPartBytes bounds each entry other than worksheets and shared
	// strings (styles, themes, pictures), which excelize holds in memory,
	// and maxPartsBytes all of them together.
	maxPartBytes  = 8 << 20
	maxPartsBytes = 32 << 20
	// maxEntries bounds the entries of a workbook.
	maxEntries = 10_000
	// maxSharedStrings bounds the shared string table.
	maxSharedStrings = 4_000_000
	// maxTagBytes bounds one XML tag, attributes included.
	maxTagBytes = 64 << 10
	// maxRowsOther is MaxRows for the kinds loaded in memory (orgs, units,
	// talents); people files are spooled and may hold MaxRows.
	maxRowsOther = 200_000
	// unzipXMLInMemory is the largest worksheet or shared string table
	// excelize may unzip into memory; larger ones go to temporary files and
	// are streamed.
	unzipXMLInMemory = 1 << 20
)

// maxRowsOf is the most data rows a file of kind k may hold.
func maxRowsOf(k Kind) int {
	if k == People {
		return MaxRows
	}
	return maxRowsOther
}

// partKind tells how an entry of a workbook is read.
type partKind int

const (
	partOther  partKind = iota // read into memory by excelize
	partSheet                  // a worksheet: streamed, scanned first
	partShared                 // the shared string table: streamed, scanned first
)

func kindOfPart(name string) partKind {
	n := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	switch {
	case n == "xl/sharedstrings.xml":
		return partShared
	case strings.HasPrefix(n, "xl/worksheets/sheet"):
		return partSheet
	}
	return partOther
}

// checkZip checks a workbook's central directory: the declared expanded
// size of each entry and of all of them. archive/zip refuses an entry that
// expands past its declared size, so the declared sizes bound what
// unzipping can produce.
func checkZip(zr *zip.Reader) error {
	if len(zr.File) > maxEntries {
		return apperr.New(apperr.Invalid, "err.import.xlsx")
	}
	var total, parts uint64
	for _, f := range zr.File {
		n := f.UncompressedSize64
		total += n
		if total > MaxXLSXBytes {
			return tooBigXLSX()
		}
		if kindOfPart(f.Name) == partOther {
			if parts += n; n > maxPartBytes || parts > maxPartsBytes {
				return tooBigXLSX()
			}
		}
	}
	return nil
}

func tooBigXLSX() error {
	return apperr.New(apperr.Invalid, "err.import.xlsx_too_big").With("mb", MaxXLSXBytes>>20)
}

// checkCells checks the cells of one row as parsed.
func checkCells(cells []string, line int) error {
	if len(cells) > MaxColumns {
		return lineError(line, "err.import.too_many_columns", "max", MaxColumns)
	}
	for _, c := range cells {
		if len(c) > MaxCellBytes {
			return cellTooBig(line)
		}
	}
	return nil
}

func cellTooBig(line int) error {
	return lineError(line, "err.import.cell_too_big", "kb", MaxCellBytes>>10)
}

func rowTooBig(line int) error {
	return lineError(line, "err.import.row_too_big", "kb", MaxRowBytes>>10)
}

// lineError is the rows error of one problem on a line of the file (0: the
// file as a whole).
func lineError(line int, key, arg string, v any) error {
	return rowsError(1, []apperr.Problem{{Row: line, Key: key, Args: map[string]any{arg: v}}})
}
