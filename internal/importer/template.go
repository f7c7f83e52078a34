package importer

import (
	"io"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/apperr"
	"dangjian/internal/csvsafe"
)

// Template writes a kind's import template in format "csv" or "xlsx": the
// header row and one example row. The CSV starts with a UTF-8 byte order
// mark so Excel shows the Chinese headers. The workbook formats every
// column as text (so Excel keeps 18-digit ID numbers and leading zeros),
// marks required headers in red, and explains each column on a second
// sheet.
func Template(kind Kind, format string, w io.Writer) error {
	cols := Columns(kind)
	if cols == nil {
		return apperr.New(apperr.Invalid, "err.import.kind").With("kind", string(kind))
	}
	header := make([]string, len(cols))
	example := make([]string, len(cols))
	for i, c := range cols {
		header[i], example[i] = c.Header, c.example
	}
	switch format {
	case "csv":
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
		cw := csvsafe.NewWriter(w, true) // CRLF: what Excel writes
		cw.Write(header)
		cw.Write(example)
		return cw.Flush()
	case "xlsx":
		return templateXLSX(cols, header, example, w)
	}
	return apperr.New(apperr.Invalid, "err.import.format")
}

// Sheet names of the workbook template.
const (
	sheetData = "导入数据"
	sheetHelp = "填写说明"
)

func templateXLSX(cols []Column, header, example []string, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetData); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	if err != nil {
		return err
	}
	req, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true, Color: "C00000"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetColStyle(sheetData, "A:"+last, text); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetData, "A", last, 18); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheetData, "A1", &header); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheetData, "A2", &example); err != nil {
		return err
	}
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		style := head
		if c.Required {
			style = req
		}
		if err := f.SetCellStyle(sheetData, cell, cell, style); err != nil {
			return err
		}
	}
	if err := helpSheet(f, cols, head); err != nil {
		return err
	}
	return f.Write(w)
}

// helpSheet lists each column with whether it is required and what to
// write in it.
func helpSheet(f *excelize.File, cols []Column, head int) error {
	if _, err := f.NewSheet(sheetHelp); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheetHelp, "A1", &[]string{"列名", "必填", "填写说明"}); err != nil {
		return err
	}
	for i, c := range cols {
		req := "否"
		if c.Required {
			req = "是"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheetHelp, cell, &[]string{c.Header, req, c.note}); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheetHelp, "A1", "C1", head); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetHelp, "A", "B", 18); err != nil {
		return err
	}
	return f.SetColWidth(sheetHelp, "C", "C", 80)
}
