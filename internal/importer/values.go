package importer

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/apperr"
	"dangjian/internal/unit"
)

// enum maps a Chinese name to its code; anything else is returned as is
// (ASCII lower-cased) for the feature's validation to accept or refuse.
func enum(names map[string]string, s string) string {
	if c, ok := names[s]; ok {
		return c
	}
	return strings.ToLower(s)
}

// enumList splits a list (commas, 、, semicolons) and maps each item.
func enumList(names map[string]string, s string) []string {
	if s == "" {
		return nil
	}
	items := unit.ParseTags(s)
	for i, x := range items {
		items[i] = enum(names, x)
	}
	return items
}

var boolWords = map[string]bool{
	"": false, "否": false, "不是": false, "无": false, "n": false, "no": false, "false": false, "0": false, "×": false,
	"是": true, "有": true, "y": true, "yes": true, "true": true, "1": true, "√": true,
}

// parseBool reads a yes/no cell (是/否 and the usual English forms).
func parseBool(field, s string) (bool, error) {
	b, ok := boolWords[strings.ToLower(s)]
	if !ok {
		return false, apperr.InvalidField(field, "err.import.bool").With("value", s)
	}
	return b, nil
}

// parseMonths reads a month list like "11,12,1,2,3" or "11月、12月".
func parseMonths(s string) ([]int, error) {
	var out []int
	for _, x := range unit.ParseTags(s) {
		m, err := strconv.Atoi(strings.TrimSuffix(x, "月"))
		if err != nil || m < 1 || m > 12 {
			return nil, apperr.InvalidField("seasonal_months", "err.person.months")
		}
		out = append(out, m)
	}
	return out, nil
}

// parseCount reads a non-negative whole number ("" is 0); spreadsheet
// numbers may come as "120.0".
func parseCount(field, key, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, ".0"), "人")
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil || n < 0 {
		return 0, apperr.InvalidField(field, key)
	}
	return n, nil
}

// normDate turns the date spellings found in spreadsheets into YYYY-MM-DD:
// 2010-07-01, 2010/7/1, 2010.7.1, 2010年7月1日, 20100701, and an Excel
// date serial number (a date cell read raw). Anything else is returned as
// is for the feature's validation to refuse.
func normDate(s string) string {
	if s == "" || (len(s) == 10 && s[4] == '-' && s[7] == '-') {
		return s
	}
	if isDigits(s) && len(s) == 8 {
		return s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && len(s) <= 7 && n >= 1 && n < 2958466 {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	parts := strings.Split(dateSeps.Replace(s), "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return s
	}
	for i := 1; i < 3; i++ {
		if len(parts[i]) == 1 {
			parts[i] = "0" + parts[i]
		}
	}
	return strings.Join(parts, "-")
}

var dateSeps = strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "")

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// scientific reports whether a number was mangled into scientific notation
// (what Excel does to an 18-digit ID number typed into a general cell).
func scientific(s string) bool {
	return strings.ContainsAny(s, "eE") && strings.Contains(s, "+")
}

// textCells refuses a row with a cell that is not valid UTF-8, or that
// holds U+FFFD, the mark of bytes the file's encoding could not decode:
// raw bytes are never stored.
func textCells(line int, cells []string) error {
	for _, c := range cells {
		if !utf8.ValidString(c) || strings.ContainsRune(c, utf8.RuneError) {
			return apperr.New(apperr.Invalid, "err.import.bad_utf8").With("row", line)
		}
	}
	return nil
}
