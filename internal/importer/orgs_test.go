package importer_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/org"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/unit"
)

func orgRow(code, name, kind, sector, area, parent string) []string {
	return rec(importer.Orgs, map[string]string{"code": code, "name": name, "kind": kind, "sector": sector, "area_code": area, "parent_code": parent, "founded_on": "2020-1-2"})
}

func TestOrgs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		data := csvFile([][]string{header(importer.Orgs),
			orgRow("HT-NEW", "新建党委", "党委", "园区", "460202000000", ""),
			orgRow("HT-NEW-1", "新建第一党支部", "branch", "park", "460202198001", "HT-NEW"),
			orgRow("HT-B7", "第七党支部", "党支部", "村", "460202198001", "HT-C"),
		})
		var prog progressLog
		res, err := run(w, w.Haitang.Scope, importer.Orgs, "orgs.csv", data, prog.fn)
		if err != nil || res != (importer.Result{Inserted: 3, Rows: 3}) {
			t.Fatalf("import = %+v, %v", res, err)
		}
		prog.check(t, 3)
		parent, err := w.Orgs.ByCode(ctx, w.Haitang.Scope, "HT-NEW")
		if err != nil || parent.Kind != org.Committee || parent.Sector != "park" || parent.FoundedOn != "2020-01-02" {
			t.Fatalf("HT-NEW = %+v, %v", parent, err)
		}
		child, err := w.Orgs.ByCode(ctx, w.Haitang.Scope, "HT-NEW-1")
		if err != nil || child.ParentID != parent.ID || child.AreaID != w.Haitang.Village.ID {
			t.Errorf("HT-NEW-1 = %+v, %v (parent %d)", child, err, parent.ID)
		}
		if b7, err := w.Orgs.ByCode(ctx, scope.Everything, "HT-B7"); err != nil || b7.ParentID != w.Haitang.Committee.ID {
			t.Errorf("HT-B7 = %+v, %v", b7, err)
		}

		bad := csvFile([][]string{header(importer.Orgs),
			orgRow("X-1", "子在前", "党支部", "村", "460202198001", "X-2"),   // parent defined later
			orgRow("X-2", "党委", "党委", "村", "460202198001", ""),        // fine
			orgRow("X-2", "重复", "党委", "村", "460202198001", ""),        // duplicate code
			orgRow("HT-C", "已有", "党委", "村", "460202198001", ""),       // code taken
			orgRow("X-3", "支部下", "党支部", "村", "460202198001", "HT-B0"), // a branch holds no orgs
			orgRow("X-4", "越权", "党支部", "村", "460202198001", "JY-C"),   // Jiyang parent
			orgRow("X-5", "越区", "党委", "村", "460203198001", ""),        // Jiyang area
			orgRow("X-6", "怪类", "小组", "村", "460202198001", ""),        // kind
			orgRow("X-7", "坏父下", "党支部", "村", "460202198001", "X-9"),   // unknown parent
			orgRow("X-8", "坏行下", "党支部", "村", "460202198001", "X-5"),   // parent row is bad: no second report
		})
		before, _, _ := w.Orgs.List(ctx, scope.Everything, org.Filter{})
		_, err = run(w, w.Haitang.Scope, importer.Orgs, "orgs.csv", bad, nil)
		wantProblems(t, err,
			apperr.Problem{Row: 2, Field: "parent_code", Key: "err.import.unknown_parent", Args: map[string]any{"code": "X-2"}},
			apperr.Problem{Row: 4, Field: "code", Key: "err.import.duplicate_in_file", Args: map[string]any{"row": 3}},
			apperr.Problem{Row: 5, Field: "code", Key: "err.code_taken", Args: map[string]any{"code": "HT-C"}},
			apperr.Problem{Row: 6, Field: "parent_code", Key: "err.org.parent_leaf"},
			apperr.Problem{Row: 7, Field: "parent_code", Key: "err.import.row_forbidden"},
			apperr.Problem{Row: 8, Field: "area_code", Key: "err.import.row_forbidden"},
			apperr.Problem{Row: 9, Field: "kind", Key: "err.org.kind"},
			apperr.Problem{Row: 10, Field: "parent_code", Key: "err.import.unknown_parent", Args: map[string]any{"code": "X-9"}},
		)
		if after, _, _ := w.Orgs.List(ctx, scope.Everything, org.Filter{}); len(after) != len(before) {
			t.Errorf("orgs = %d after a failed import, want %d", len(after), len(before))
		}
	})
}

func TestUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		code := "91460200MA5T0000" + "2"
		code += string(unit.CreditCheckChar(code))
		row := func(name, credit, kind, employees, foreign, area, org string) []string {
			return rec(importer.Units, map[string]string{"name": name, "credit_code": credit, "kind": kind, "industry": "旅游",
				"chain_tags": "旅游产业链、免税", "employees": employees, "foreign_owned": foreign, "area_code": area, "org_code": org})
		}
		data := csvFile([][]string{header(importer.Units),
			row("导入外资公司", code, "外资企业", "250", "是", "460202198001", "HT-B0"),
			row("导入社会组织", "", "social_org", "", "否", "460202198001", ""),
		})
		res, err := run(w, w.Haitang.Scope, importer.Units, "units.csv", data, nil)
		if err != nil || res.Inserted != 2 {
			t.Fatalf("import = %+v, %v", res, err)
		}
		got, _, _ := w.Units.List(ctx, w.Haitang.Scope, unit.Filter{Q: code})
		if len(got) != 1 || got[0].Kind != "foreign_enterprise" || !got[0].ForeignOwned || got[0].Employees != 250 ||
			got[0].OrgID != w.Haitang.Branches[0].ID || len(got[0].ChainTags) != 2 {
			t.Errorf("unit = %+v", got)
		}
		bad := csvFile([][]string{header(importer.Units),
			row("重复代码", code, "企业", "1", "否", "460202198001", ""),
			row("坏代码", "91460200MA5T000000", "企业", "1", "否", "460202198001", ""),
			row("坏人数", "", "企业", "很多", "否", "460202198001", ""),
			row("越权", "", "企业", "1", "否", "460202198001", "JY-B0"), // a Jiyang org
		})
		_, err = run(w, w.Haitang.Scope, importer.Units, "units.csv", bad, nil)
		wantProblems(t, err,
			apperr.Problem{Row: 2, Field: "credit_code", Key: "err.unit.credit_code_taken", Args: map[string]any{"code": code}},
			apperr.Problem{Row: 3, Field: "credit_code", Key: "err.unit.credit_code"},
			apperr.Problem{Row: 4, Field: "employees", Key: "err.unit.employees"},
			apperr.Problem{Row: 5, Field: "org_code", Key: "err.import.row_forbidden"},
		)
		// A person can name the new unit by its credit code.
		p := member(1)
		p["unit_credit_code"] = code
		if _, err := run(w, w.Haitang.Scope, importer.People, "p.csv", csvFile([][]string{header(importer.People), rec(importer.People, p)}), nil); err != nil {
			t.Fatal(err)
		}
	})
}

// Each template, in each format, imports as is: its header row is the
// columns' headers and its example row is valid against the fixture.
func TestTemplates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		for _, format := range []string{"csv", "xlsx"} {
			for _, k := range []importer.Kind{importer.Orgs, importer.Units, importer.People} {
				var buf bytes.Buffer
				if err := importer.Template(k, format, &buf); err != nil {
					t.Fatalf("%s %s: %v", k, format, err)
				}
				if format == "csv" && !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff"+header(k)[0]+",")) {
					t.Errorf("%s csv starts %q", k, buf.Bytes()[:20])
				}
				if format == "xlsx" {
					checkXLSXHeader(t, k, buf.Bytes())
				}
				res, err := run(w, w.Haitang.Scope, k, "template."+format, buf.Bytes(), nil)
				if format == "xlsx" && err != nil {
					// the csv run already inserted the example; the xlsx's
					// example must then clash with it, nothing else
					if ae := apperr.As(err); ae.Key != "err.import.rows" || len(ae.Problems) != 1 || ae.Problems[0].Row != 2 {
						t.Errorf("%s xlsx: %v %+v", k, err, ae.Problems)
					}
					continue
				}
				if err != nil || res.Inserted != 1 {
					t.Errorf("%s %s: import = %+v, %v", k, format, res, err)
				}
			}
		}
		if err := importer.Template(importer.People, "pdf", &bytes.Buffer{}); apperr.As(err).Key != "err.import.format" {
			t.Errorf("pdf template: %v", err)
		}
	})
}

func checkXLSXHeader(t *testing.T, k importer.Kind, b []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows) != 2 {
		t.Fatalf("%s xlsx rows = %v, %v", k, rows, err)
	}
	for i, h := range header(k) {
		if rows[0][i] != h {
			t.Errorf("%s xlsx header %d = %q, want %q", k, i, rows[0][i], h)
		}
	}
}
