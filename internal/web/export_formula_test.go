package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/audit"
	"dangjian/internal/coverage"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web"
	"dangjian/internal/web/webtest"
)

// formula is the CSV-injection payload of the issue, as an Open311 client
// sent it.
const formula = `=cmd|' /C calc'!A0`

// plantedColumns are the free-text columns the walk prefixes with the
// payload, in every table that has one.
var plantedColumns = map[string]bool{"name": true, "title": true, "description": true, "note": true, "focus": true,
	"topic": true, "body": true, "expertise": true, "reason": true, "content": true, "summary": true, "decision": true}

// TestExportFormulaInjection walks every export kind of the export
// switch: with the payload planted in every free-text column (and a
// coverage run whose areas carry it), each CSV export holds the payload
// quoted ('=cmd…) and no cell that starts like a formula except plain
// numbers; each Excel export holds it as a typed string, not a formula.
func TestExportFormulaInjection(t *testing.T) {
	kinds := exportKinds(t)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		e.Service(t)
		e.Talents(t)
		e.Orglife(t)
		e.Gaps(t)
		aw := e.Alliance(t)
		e.Project(t)
		e.Cultivation(t)
		e.Declarations(t)
		e.Weak(t)
		e.Vanguard(t)
		run := e.Assess(t).Run
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
		cov, err := e.S.Coverage.Start(ctx, context.Background(), e.W.Jiyang.Scope, 0, "coverage", map[string]int{"minutes": 15},
			func(context.Context, coverage.Progress) (any, any, error) {
				return map[string]int{}, coverage.Result{Areas: []coverage.AreaStat{{Name: formula + "区", People: 3}}}, nil
			})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.S.Coverage.Wait(ctx, e.W.Jiyang.Scope, cov, 10*time.Millisecond, nil); err != nil {
			t.Fatal(err)
		}
		if n := plant(t, d); n < 20 {
			t.Fatalf("planted %d columns", n)
		}
		query := map[string]string{"alliance-work": fmt.Sprintf("&alliance=%d", aw.Jy.ID), "assess-run": fmt.Sprintf("&run=%d", run),
			"assess-indices": fmt.Sprintf("&run=%d", run), "coverage": fmt.Sprintf("&run=%d", cov)}
		admin := e.Login("admin")
		for _, k := range kinds {
			r := admin.Do("GET", "/export/"+k+"?format=csv"+query[k], nil)
			webtest.Want(t, "csv "+k, r, 200)
			cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF")))
			cr.FieldsPerRecord = -1 // reports hold several tables
			rows, err := cr.ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			quoted := 0
			for _, row := range rows {
				for _, c := range row {
					if strings.HasPrefix(c, "'"+formula) {
						quoted++
					}
					if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !plainNumber.MatchString(c) {
						t.Errorf("%s export: live formula cell %q", k, c)
					}
				}
			}
			if quoted == 0 {
				t.Errorf("%s export holds no quoted payload: %.400s", k, r.Body)
			}
			x := admin.Do("GET", "/export/"+k+"?format=xlsx"+query[k], nil)
			webtest.Want(t, "xlsx "+k, x, 200)
			xlsxCellsAreText(t, k, []byte(x.Body))
		}
	})
}

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// exportKinds reads the kinds of the export switch from export.go, and
// adds the feature modules' kinds, so a kind added anywhere is walked here.
func exportKinds(t *testing.T) []string {
	src, err := os.ReadFile("export.go")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, m := range regexp.MustCompile(`(?m)^\tcase (".*"):$`).FindAllStringSubmatch(string(src), -1) {
		for _, q := range regexp.MustCompile(`"([a-z-]+)"`).FindAllStringSubmatch(m[1], -1) {
			kinds = append(kinds, q[1])
		}
	}
	kinds = append(kinds, web.ModuleExportKinds()...)
	if len(kinds) < 30 {
		t.Fatalf("export kinds: %v", kinds)
	}
	return kinds
}

// plant prefixes every free-text column with the payload and returns how
// many columns took it. Tables that refuse updates (the append-only
// ledgers) keep their rows.
func plant(t *testing.T, d *db.DB) int {
	ctx := context.Background()
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'`
	if d.Dialect == db.Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'text'`
	}
	rows, err := d.Read().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tbl, col string
		rows.Scan(&tbl, &col)
		if plantedColumns[col] && tbl != "skills" {
			cols = append(cols, [2]string{tbl, col})
		}
	}
	rows.Close()
	n := 0
	for _, c := range cols {
		if _, err := d.W.ExecContext(ctx, d.Rebind(fmt.Sprintf(`UPDATE %s SET %s = ? || %s WHERE %s <> ''`, c[0], c[1], c[1], c[1])), formula+" "); err == nil {
			n++
		}
	}
	return n
}

// xlsxCellsAreText opens a workbook export: the payload is there, and no
// cell of it is a formula.
func xlsxCellsAreText(t *testing.T, kind string, body []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s xlsx: %v", kind, err)
	}
	defer f.Close()
	rows, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if fm, _ := f.GetCellFormula("Sheet1", cell); fm != "" {
				t.Errorf("%s xlsx %s is a formula %q", kind, cell, fm)
			}
			if strings.HasPrefix(v, formula) {
				found = true
				if ty, _ := f.GetCellType("Sheet1", cell); ty != excelize.CellTypeInlineString && ty != excelize.CellTypeSharedString {
					t.Errorf("%s xlsx %s holds the payload as type %v, not text", kind, cell, ty)
				}
			}
		}
	}
	if !found {
		t.Errorf("%s xlsx lacks the payload", kind)
	}
}

// TestOpen311FormulaExport is the path: an Open311 client's
// description =cmd|' /C calc'!A0 reaches the orders CSV export quoted.
func TestOpen311FormulaExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		o.Post(t, webtest.O311Call{Form: o.Form(formula)})
		r := o.Login("jiyang").Do("GET", "/export/orders?format=csv", nil)
		webtest.Want(t, "orders csv", r, 200)
		if !strings.Contains(r.Body, "\n") || !strings.Contains(r.Body, `'=cmd|`) || strings.Contains(r.Body, ","+formula) || strings.Contains(r.Body, `,"`+formula) {
			t.Errorf("orders export: %.500s", r.Body)
		}
	})
}
