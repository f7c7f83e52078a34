package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"reflect"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/importer"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// header is a kind's template header row.
func header(k importer.Kind) []string {
	var h []string
	for _, c := range importer.Columns(k) {
		h = append(h, c.Header)
	}
	return h
}

// rec builds a row of kind k from column values by key.
func rec(k importer.Kind, vals map[string]string) []string {
	cols := importer.Columns(k)
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = vals[c.Key]
	}
	return out
}

// csvFile writes rows as CSV with a UTF-8 byte order mark.
func csvFile(rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.WriteAll(rows)
	return b.Bytes()
}

// uniqueID makes a valid ID number unique for each n below 10 million:
// the birth date moves one day every 1000 numbers.
func uniqueID(n int) string {
	birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n/1000)
	first := fmt.Sprintf("460202%s%03d", birth.Format("20060102"), n%1000)
	return first + string(pii.IDCheckChar(first))
}

// member is a valid people row: a member of Haitang's first branch.
func member(n int) map[string]string {
	return map[string]string{"name": fmt.Sprintf("导入党员%d", n), "id_number": uniqueID(n), "phone": fmt.Sprintf("139%08d", n),
		"status": "党员", "joined_on": "2012-07-01", "org_code": "HT-B0", "area_code": "460202198001"}
}

// peopleCSV is a people file of n valid members (rows 2…n+1).
func peopleCSV(n int, edit func(i int, r map[string]string)) []byte {
	rows := [][]string{header(importer.People)}
	for i := 0; i < n; i++ {
		r := member(i)
		if edit != nil {
			edit(i, r)
		}
		rows = append(rows, rec(importer.People, r))
	}
	return csvFile(rows)
}

// countPeople counts every person in the registry.
func countPeople(t *testing.T, w *testfix.World) int {
	t.Helper()
	st, err := w.People.Stats(context.Background(), scope.Everything)
	if err != nil {
		t.Fatal(err)
	}
	return st.Total
}

// wantProblems checks that err is the rows error with exactly these
// problems.
func wantProblems(t *testing.T, err error, want ...apperr.Problem) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != apperr.Invalid || ae.Key != "err.import.rows" {
		t.Fatalf("err = %v, want err.import.rows", err)
	}
	if ae.Args["count"] != len(want) {
		t.Errorf("count = %v, want %d", ae.Args["count"], len(want))
	}
	if !reflect.DeepEqual(ae.Problems, want) {
		t.Errorf("problems:\n got  %+v\n want %+v", ae.Problems, want)
	}
}

// wantKey checks that err is an invalid-input error with key.
func wantKey(t *testing.T, err error, key string) *apperr.Error {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != apperr.Invalid || ae.Key != key {
		t.Fatalf("err = %v, want %s", err, key)
	}
	return ae
}

// progressLog records progress calls and checks them.
type progressLog struct{ calls [][2]int }

func (p *progressLog) fn(done, total int) { p.calls = append(p.calls, [2]int{done, total}) }

// check verifies the calls are monotonic, never past total, and end at
// (total, total) = (want, want).
func (p *progressLog) check(t *testing.T, want int) {
	t.Helper()
	if len(p.calls) == 0 {
		t.Fatal("progress never called")
	}
	prev := 0
	for _, c := range p.calls {
		if c[0] < prev || c[0] > c[1] {
			t.Fatalf("progress not monotonic or past total: %v", p.calls)
		}
		prev = c[0]
	}
	if last := p.calls[len(p.calls)-1]; last != [2]int{want, want} {
		t.Errorf("last progress = %v, want (%d, %d); calls %v", last, want, want, p.calls)
	}
}

func run(w *testfix.World, sc scope.Scope, k importer.Kind, name string, data []byte, prog importer.Progress) (importer.Result, error) {
	return importer.Run(context.Background(), w.DB, w.Vault, sc, k, name, bytes.NewReader(data), prog)
}
