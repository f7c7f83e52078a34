package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// TestCell: every formula start is quoted (OWASP's list: = + - @ tab CR),
// plain decimal numbers stay numbers, other text is untouched.
func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		`=cmd|' /C calc'!A0`: `'=cmd|' /C calc'!A0`,
		"+1+cmd|x":           "'+1+cmd|x",
		"-2+3":               "'-2+3",
		"@SUM(A1)":           "'@SUM(A1)",
		"\t=1+1":             "'\t=1+1",
		"\r=1+1":             "'\r=1+1",
		"-":                  "'-",
		"+86 138":            "'+86 138",
		"-1e5":               "'-1e5",
		"-3.":                "'-3.",
		"-.5":                "'-.5",
		"- 3":                "'- 3",
		"-3":                 "-3",
		"-12.5":              "-12.5",
		"42":                 "42",
		"0.75":               "0.75",
		"":                   "",
		"海棠区":                "海棠区",
		"a=b":                "a=b",
		" =1":                " =1",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWriter: rows read back through encoding/csv hold the quoted cells.
func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b, true)
	w.Write([]string{"name", "score"})
	w.Write([]string{"=HYPERLINK(\"http://x\",\"y\")", "-4"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != `'=HYPERLINK("http://x","y")` || rows[1][1] != "-4" {
		t.Errorf("rows = %q", rows)
	}
}
