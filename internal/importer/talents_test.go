package importer_test

import (
	"context"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/talent"
	"dangjian/internal/testfix"
)

func talentRow(vals map[string]string) []string {
	base := map[string]string{"name": "导入人才", "skills": "心内科、健康教育", "area_code": "460202198001", "mode": "均可",
		"stays": talent.FormatDay(talent.Today()+1) + "~" + talent.FormatDay(talent.Today()+90), "slots": "周末", "party_member": "是"}
	for k, v := range vals {
		base[k] = v
	}
	return rec(importer.Talents, base)
}

func TestTalents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		count := func() int {
			var n int
			d.Read().QueryRowContext(ctx, `SELECT count(*) FROM talents`).Scan(&n)
			return n
		}
		// Bad rows: the whole file is refused, each row named.
		bad := csvFile([][]string{header(importer.Talents),
			talentRow(map[string]string{"name": "好的"}),
			talentRow(map[string]string{"skills": "占星术"}),
			talentRow(map[string]string{"stays": "2027-03-01~2027-01-01"}),
			talentRow(map[string]string{"stays": "2026-12-01~2027-02-01;2027-01-15~2027-03-01"}),
			talentRow(map[string]string{"area_code": "460203100001"}), // 吉阳: outside 海棠's scope
			talentRow(map[string]string{"mode": "飞行"}),
		})
		_, err := run(w, w.Haitang.Scope, importer.Talents, "t.csv", bad, nil)
		e := apperr.As(err)
		if e.Key != "err.import.rows" || len(e.Problems) != 5 {
			t.Fatalf("bad file: %v %+v", err, e.Problems)
		}
		want := map[int]string{3: "err.talent.skill_unknown", 4: "err.talent.date_order", 5: "err.talent.stays_overlap", 7: "err.talent.mode"}
		for _, p := range e.Problems {
			if k, ok := want[p.Row]; ok && p.Key != k {
				t.Errorf("row %d: %s, want %s", p.Row, p.Key, k)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("a refused file wrote %d talents", n)
		}
		good := csvFile([][]string{header(importer.Talents),
			talentRow(map[string]string{"name": "王医生", "phone": "13800138000"}),
			talentRow(map[string]string{"name": "李老师", "skills": "数学老师", "slots": "mon_am, tue_pm", "capacity": "2", "travel_km": "15", "mode": "线上"}),
		})
		res, err := run(w, w.Haitang.Scope, importer.Talents, "t.csv", good, nil)
		if err != nil || res != (importer.Result{Inserted: 2, Rows: 2}) {
			t.Fatalf("good file: %+v %v", res, err)
		}
		tax, _ := talent.LoadTaxonomy(ctx, d)
		st := &talent.Store{DB: d, Vault: w.Vault, Tax: tax}
		list, _, err := st.List(ctx, w.Haitang.Scope, talent.Filter{Sort: "name"})
		if err != nil || len(list) != 2 {
			t.Fatalf("list %v %v", list, err)
		}
		li := list[0]
		if list[1].Name == "李老师" {
			li = list[1]
		}
		if li.Status != talent.Pending || li.Skills[0] != "edu.primary.math" || li.Capacity != 2 || li.Mode != talent.Online ||
			li.Stays[0].Slots.Count() != 2 {
			t.Errorf("imported %+v", li)
		}
	})
}
