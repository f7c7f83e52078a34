package importer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

func TestPeopleCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		before := countPeople(t, w)
		const n = 2500 // enough for progress calls inside both passes
		data := peopleCSV(n, func(i int, r map[string]string) {
			switch i {
			case 0:
				r["status"], r["joined_on"], r["seasonal_months"] = "预备党员", "2024/3/5", "11,12,1,2,3"
				r["cadre_roles"], r["mobile"] = "网格员、党务干部", "是"
			case 1:
				r["status"], r["org_code"], r["joined_on"], r["tags"], r["unit_credit_code"] = "群众", "", "", "人才,居民", ""
			case 2:
				r["status"], r["joined_on"], r["id_number"] = "入党积极分子", "", strings.ToLower(r["id_number"])
			}
		})
		var prog progressLog
		res, err := run(w, w.Haitang.Scope, importer.People, "党员名册.csv", data, prog.fn)
		if err != nil {
			t.Fatal(err)
		}
		if res != (importer.Result{Inserted: n, Rows: n}) {
			t.Errorf("result = %+v", res)
		}
		prog.check(t, n)
		if got := countPeople(t, w); got != before+n {
			t.Errorf("people = %d, want %d", got, before+n)
		}
		got, total, err := w.People.List(ctx, w.Haitang.Scope, person.Filter{Q: "导入党员0"})
		if err != nil || total != 1 {
			t.Fatalf("list = %v %d %v", got, total, err)
		}
		p := got[0]
		if p.Status != person.Probationary || p.JoinedOn != "2024-03-05" || !p.Mobile || len(p.SeasonalMonths) != 5 ||
			strings.Join(p.CadreRoles, ",") != "grid_worker,party_cadre" || p.OrgID != w.Haitang.Branches[0].ID || p.AreaID != w.Haitang.Village.ID {
			t.Errorf("person 0 = %+v", p)
		}
		if p.IDNumber != "" || !strings.Contains(p.IDMask, "****") {
			t.Errorf("person 0 not masked: %+v", p)
		}
		got, _, _ = w.People.List(ctx, scope.Everything, person.Filter{Q: "导入党员1"})
		if len(got) == 0 || got[0].Status != person.Masses || got[0].OrgID != 0 || strings.Join(got[0].Tags, ",") != "talent,resident" {
			t.Errorf("person 1 = %+v", got)
		}
		// Found by exact ID number through the keyed hash.
		if _, n, _ := w.People.List(ctx, scope.Everything, person.Filter{Q: uniqueID(7)}); n != 1 {
			t.Errorf("search by imported ID found %d", n)
		}
		entries, _, _ := audit.List(ctx, d.Read(), audit.Filter{Action: "import.people"})
		if len(entries) != 1 || !strings.Contains(entries[0].Detail, `"count":2500`) || !strings.Contains(entries[0].Detail, "党员名册.csv") {
			t.Errorf("audit = %+v", entries)
		}
	})
}

func TestBadRowWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		before := countPeople(t, w)
		data := peopleCSV(30, func(i int, r map[string]string) {
			if i == 15 { // the 16th data row is row 17 of the file
				id := r["id_number"]
				wrong := byte('0')
				if id[17] == '0' {
					wrong = '1'
				}
				r["id_number"] = id[:17] + string(wrong)
			}
		})
		_, err := run(w, scope.Everything, importer.People, "people.csv", data, nil)
		wantProblems(t, err, apperr.Problem{Row: 17, Field: "id_number", Key: "err.person.id_checksum"})
		if got := countPeople(t, w); got != before {
			t.Errorf("people = %d after a failed import, want %d", got, before)
		}
	})
}

func TestPeopleRowProblems(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		before := countPeople(t, w)
		data := peopleCSV(12, func(i int, r map[string]string) {
			switch i {
			case 1: // row 3
				r["area_code"] = "469999999999"
			case 3: // row 5 repeats row 4's ID
				r["id_number"] = uniqueID(2)
			case 4: // row 6: already registered
				r["id_number"] = testfix.IDNumber(1)
			case 5: // row 7: a Jiyang village, outside Haitang's scope
				r["area_code"], r["org_code"] = "460203198001", ""
				r["status"], r["joined_on"] = "群众", ""
			case 6: // row 8
				r["org_code"] = "NOPE"
			case 7: // row 9
				r["mobile"] = "也许"
			case 8: // row 10
				r["id_number"] = "4.60202E+17"
			case 9: // row 11
				r["org_code"] = ""
			case 10: // row 12
				r["status"] = "老板"
			}
		})
		_, err := run(w, w.Haitang.Scope, importer.People, "people.csv", data, nil)
		wantProblems(t, err,
			apperr.Problem{Row: 3, Field: "area_code", Key: "err.import.unknown_area", Args: map[string]any{"code": "469999999999"}},
			apperr.Problem{Row: 5, Field: "id_number", Key: "err.import.duplicate_in_file", Args: map[string]any{"row": 4}},
			apperr.Problem{Row: 6, Field: "id_number", Key: "err.person.id_taken"},
			apperr.Problem{Row: 7, Field: "area_code", Key: "err.import.row_forbidden"},
			apperr.Problem{Row: 8, Field: "org_code", Key: "err.import.unknown_org", Args: map[string]any{"code": "NOPE"}},
			apperr.Problem{Row: 9, Field: "mobile", Key: "err.import.bool", Args: map[string]any{"value": "也许"}},
			apperr.Problem{Row: 10, Field: "id_number", Key: "err.import.id_scientific"},
			apperr.Problem{Row: 11, Field: "org_code", Key: "err.person.org_required"},
			apperr.Problem{Row: 12, Field: "status", Key: "err.person.status"},
		)
		if got := countPeople(t, w); got != before {
			t.Errorf("people = %d after a failed import, want %d", got, before)
		}
		// A branch secretary cannot import into the other branch.
		data = peopleCSV(1, func(_ int, r map[string]string) { r["org_code"] = "HT-B1" })
		_, err = run(w, w.Haitang.Branch0, importer.People, "people.csv", data, nil)
		wantProblems(t, err, apperr.Problem{Row: 2, Field: "org_code", Key: "err.import.row_forbidden"})
	})
}

func TestPeopleXLSX(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		f := excelize.NewFile()
		defer f.Close()
		// Columns in another order, headers given by key, a date cell, a
		// number cell and a blank row in between.
		f.SetSheetRow("Sheet1", "A1", &[]any{"area_code", "姓名", "政治面貌", "入党日期", "手机号", "所属党组织编码", "身份证号"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"460202198001", "表格甲", "党员", time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC), 13912345678, "HT-B1", uniqueID(1)})
		f.SetSheetRow("Sheet1", "A4", &[]any{"460202198001", "表格乙", "群众", "", "", "", ""})
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		var prog progressLog
		res, err := run(w, w.Haitang.Scope, importer.People, "名册.XLSX", buf.Bytes(), prog.fn)
		if err != nil || res.Inserted != 2 || res.Rows != 2 {
			t.Fatalf("import = %+v, %v", res, err)
		}
		prog.check(t, 2)
		got, _, _ := w.People.List(context.Background(), scope.Everything, person.Filter{Q: "表格甲"})
		if len(got) != 1 || got[0].JoinedOn != "2015-07-01" || got[0].PhoneMask != "139****5678" || got[0].OrgID != w.Haitang.Branches[1].ID {
			t.Errorf("imported = %+v", got)
		}
		// Row numbers in an xlsx are the sheet's.
		f.SetSheetRow("Sheet1", "A4", &[]any{"460202198001", "表格丙", "群众", "", "", "HT-B0", ""})
		buf.Reset()
		f.Write(&buf)
		_, err = run(w, w.Haitang.Scope, importer.People, "名册.xlsx", buf.Bytes(), nil)
		wantProblems(t, err,
			apperr.Problem{Row: 2, Field: "id_number", Key: "err.person.id_taken"},
			apperr.Problem{Row: 4, Field: "org_code", Key: "err.person.masses_org"})
	})
}

func TestFileProblems(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		good := peopleCSV(1, nil)
		_, err := run(w, scope.Everything, importer.People, "people.txt", good, nil)
		wantKey(t, err, "err.import.format")
		_, err = run(w, scope.Everything, importer.People, "people.xlsx", good, nil)
		wantKey(t, err, "err.import.xlsx")
		_, err = run(w, scope.Everything, "votes", "people.csv", good, nil)
		wantKey(t, err, "err.import.kind")
		hdr := header(importer.People)
		noStatus := append(append([]string{}, hdr[:3]...), hdr[4:]...)
		_, err = run(w, scope.Everything, importer.People, "people.csv", csvFile([][]string{noStatus}), nil)
		if ae := wantKey(t, err, "err.import.missing_column"); ae.Args["column"] != "政治面貌" {
			t.Errorf("missing column = %v", ae.Args)
		}
		_, err = run(w, scope.Everything, importer.People, "people.csv", csvFile([][]string{append(hdr, "身份证")}), nil)
		if ae := wantKey(t, err, "err.import.unknown_column"); ae.Args["column"] != "身份证" {
			t.Errorf("unknown column = %v", ae.Args)
		}
		_, err = run(w, scope.Everything, importer.People, "people.csv", csvFile([][]string{append(hdr, "name")}), nil)
		wantKey(t, err, "err.import.duplicate_column")
		_, err = run(w, scope.Everything, importer.People, "people.csv", csvFile([][]string{hdr, {"", ""}}), nil)
		wantKey(t, err, "err.import.empty")
		_, err = run(w, scope.Everything, importer.People, "people.csv", nil, nil)
		wantKey(t, err, "err.import.empty")
	})
}

func TestGB18030CSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		// Excel on Chinese Windows saves CSV in GBK, without a BOM.
		utf := bytes.TrimPrefix(peopleCSV(3, nil), []byte("\ufeff"))
		gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf)
		if err != nil {
			t.Fatal(err)
		}
		res, err := run(w, w.Haitang.Scope, importer.People, "gbk.csv", gbk, nil)
		if err != nil || res.Inserted != 3 {
			t.Fatalf("import = %+v, %v", res, err)
		}
		if _, n, _ := w.People.List(context.Background(), scope.Everything, person.Filter{Q: "导入党员2"}); n != 1 {
			t.Errorf("GBK name not decoded: found %d", n)
		}
	})
}
