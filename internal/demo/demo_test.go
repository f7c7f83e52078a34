package demo_test

import (
	"context"
	"crypto/sha256"
	"dangjian/internal/talent"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/demo"
	"dangjian/internal/gap"
	"dangjian/internal/person"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/unit"
)

func vault(t testing.TB) *pii.Vault {
	t.Helper()
	v, err := pii.NewVault(testfix.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func generate(t testing.TB, d *db.DB, scale demo.Scale) demo.Summary {
	t.Helper()
	start := time.Now()
	s, err := demo.Generate(context.Background(), d, vault(t), scale, nil)
	if err != nil {
		t.Fatalf("Generate(%s): %v", scale, err)
	}
	t.Logf("%s on %s: %d areas (%d new grids), %d orgs, %d units, %d people in %v",
		scale, d.Dialect, s.Areas, s.Grids, s.Orgs, s.Units, s.People, time.Since(start).Round(time.Millisecond))
	return s
}

func inRange(t *testing.T, what string, got, lo, hi int) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %d, want %d..%d", what, got, lo, hi)
	}
}

func TestGenerateTiny(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := generate(t, d, demo.Tiny)
		inRange(t, "people", s.People, 280, 420)
		inRange(t, "orgs", s.Orgs, 30, 80)
		inRange(t, "units", s.Units, 90+40, 120+40) // + 10 departments per district
		inRange(t, "grids", s.Grids, 12*4, 12*8)
		if len(s.Accounts) != 14 {
			t.Errorf("accounts = %d, want 14", len(s.Accounts))
		}
		checkService(t, d, s)
		checkOrgPaths(t, d)
		checkRowPaths(t, d)
		checkPeople(t, d)
		checkUnits(t, d)
		checkNamed(t, d)
		checkAccounts(t, d, s.Accounts)
		checkTalents(t, d, s)
		checkGaps(t, d)
		checkWeak(t, d)
		checkOrglife(t, d)
		checkAssess(t, d)
		if _, err := demo.Generate(ctx, d, vault(t), demo.Tiny, nil); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("second Generate: err = %v, want conflict", err)
		}
		if _, n, err := audit.List(ctx, d.Read(), audit.Filter{Action: "demo.generate"}); err != nil || n != 1 {
			t.Errorf("demo.generate audit entries = %d, %v", n, err)
		}
	})
}

func TestBadScale(t *testing.T) {
	if _, err := demo.ParseScale("huge"); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("ParseScale(huge) err = %v", err)
	}
	if s, err := demo.ParseScale("city"); err != nil || s != demo.City {
		t.Errorf("ParseScale(city) = %q, %v", s, err)
	}
}

// fingerprint hashes what must be the same on every run.
func fingerprint(t *testing.T, d *db.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT name, id_mask, phone_mask, status, COALESCE(org_path,''), area_path, joined_on, birth_date, cadre_roles, tags, seasonal_months FROM people ORDER BY id`,
		`SELECT code, name, kind, sector, path, area_path, COALESCE(founded_on,''), COALESCE(secretary_id,0) FROM orgs ORDER BY id`,
		`SELECT name, credit_code, kind, chain_tags, employees, area_path, COALESCE(org_path,'') FROM units ORDER BY id`,
		`SELECT code, name, path, COALESCE(geometry,'') FROM areas ORDER BY id`,
	} {
		rows, err := d.Read().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(h, "%v\x1f", v)
			}
			h.Write([]byte{'\n'})
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	var first string
	for _, b := range dbtest.Backends(t) {
		t.Run(b, func(t *testing.T) {
			d1, d2 := dbtest.Open(t, b), dbtest.Open(t, b)
			generate(t, d1, demo.Tiny)
			generate(t, d2, demo.Tiny)
			f1, f2 := fingerprint(t, d1), fingerprint(t, d2)
			if f1 != f2 {
				t.Fatalf("two runs differ: %s vs %s", f1, f2)
			}
			if first == "" {
				first = f1
			} else if f1 != first {
				t.Errorf("%s differs from the first backend: %s vs %s", b, f1, first)
			}
		})
	}
}

// checkOrgPaths checks that every org's path is its parent's path plus its
// own id, and its area path is its area's path.
func checkOrgPaths(t *testing.T, d *db.DB) {
	t.Helper()
	rows, err := d.Read().QueryContext(context.Background(), `SELECT o.id, COALESCE(o.parent_id,0), o.path, o.area_path, a.path FROM orgs o JOIN areas a ON a.id = o.area_id ORDER BY o.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	paths := map[int64]string{}
	for rows.Next() {
		var id, parent int64
		var path, areaPath, want string
		if err := rows.Scan(&id, &parent, &path, &areaPath, &want); err != nil {
			t.Fatal(err)
		}
		paths[id] = path
		self := strconv.FormatInt(id, 10) + "/"
		switch {
		case parent == 0 && path != "/"+self:
			t.Errorf("root org %d path %q", id, path)
		case parent != 0 && path != paths[parent]+self:
			t.Errorf("org %d path %q, parent path %q", id, path, paths[parent])
		}
		if areaPath != want {
			t.Errorf("org %d area_path %q, area has %q", id, areaPath, want)
		}
	}
}

// checkRowPaths checks the denormalized paths of people and units.
func checkRowPaths(t *testing.T, d *db.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT count(*) FROM people p JOIN areas a ON a.id = p.area_id WHERE p.area_path <> a.path`,
		`SELECT count(*) FROM people p JOIN orgs o ON o.id = p.org_id WHERE p.org_path <> o.path`,
		`SELECT count(*) FROM units u JOIN areas a ON a.id = u.area_id WHERE u.area_path <> a.path`,
		`SELECT count(*) FROM units u JOIN orgs o ON o.id = u.org_id WHERE u.org_path <> o.path OR o.area_id <> u.area_id`,
		`SELECT count(*) FROM orgs o LEFT JOIN people p ON p.id = o.secretary_id WHERE p.id IS NULL OR p.org_id <> o.id OR p.status <> 'member'`,
		`SELECT count(*) FROM (SELECT phone_hash FROM people GROUP BY phone_hash HAVING count(*) > 1) x`,
		`SELECT count(*) FROM people WHERE status IN ('member','probationary') AND (joined_on = '' OR org_id IS NULL)`,
		`SELECT count(*) FROM areas g WHERE g.kind = 'grid' AND NOT EXISTS (SELECT 1 FROM people p WHERE p.area_id = g.id AND p.cadre_roles LIKE '%grid_worker%')`,
	} {
		var n int
		if err := d.Read().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d bad rows: %s", n, q)
		}
	}
}

// checkPeople reveals a sample of people and checks their ID and phone
// numbers, and the shares of statuses and flags.
func checkPeople(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	st := &person.Store{DB: d, Vault: vault(t)}
	all, _, err := st.List(ctx, scope.Everything, person.Filter{Page: db.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for i, p := range all {
		counts[string(p.Status)]++
		if p.Mobile {
			counts["mobile"]++
		}
		if p.Seasonal() {
			counts["seasonal"]++
		}
		if p.BirthDate != "" {
			t.Errorf("%s: the list carries the birth date %s", p.Name, p.BirthDate)
		}
		if i%7 != 0 {
			continue
		}
		r, err := st.Reveal(ctx, scope.Everything, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.JoinedOn != "" && r.JoinedOn < addYears(r.BirthDate, 18) {
			t.Errorf("%s joined %s, born %s", r.Name, r.JoinedOn, r.BirthDate)
		}
		if r.BirthDate != "" && strconv.Itoa(p.BirthYear) != r.BirthDate[:4] {
			t.Errorf("%s: birth year %d, born %s", r.Name, p.BirthYear, r.BirthDate)
		}
		if prob := pii.CheckID(r.IDNumber); prob != pii.IDOK {
			t.Errorf("%s: ID %s: %s", r.Name, r.IDNumber, prob)
		}
		if b, g := pii.BirthAndGender(r.IDNumber); b != r.BirthDate || g != r.Gender {
			t.Errorf("%s: ID %s vs birth %s gender %s", r.Name, r.IDNumber, r.BirthDate, r.Gender)
		}
		if len(r.Phone) != 11 || !strings.ContainsAny(r.Phone[1:2], "3589") {
			t.Errorf("%s: phone %s", r.Name, r.Phone)
		}
	}
	total := len(all)
	t.Logf("people %d: %v", total, counts)
	inRange(t, "members", counts["member"]*100/total, 60, 80)
	inRange(t, "masses", counts["masses"]*100/total, 8, 20)
	inRange(t, "seasonal", counts["seasonal"]*100/total, 5, 16)
}

func addYears(date string, n int) string {
	y, _ := strconv.Atoi(date[:4])
	return strconv.Itoa(y+n) + date[4:]
}

// checkUnits checks credit codes and the covered share.
func checkUnits(t *testing.T, d *db.DB) {
	t.Helper()
	units, _, err := (&unit.Store{DB: d}).List(context.Background(), scope.Everything, unit.Filter{Page: db.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	covered, total := 0, len(units)
	for _, u := range units {
		if !unit.CheckCreditCode(u.CreditCode) {
			t.Errorf("%s: credit code %s", u.Name, u.CreditCode)
		}
		if u.Covered() {
			covered++
		}
	}
	inRange(t, "covered %", covered*100/total, 28, 55)
}

// checkNamed checks the orgs the seed names.
func checkNamed(t *testing.T, d *db.DB) {
	t.Helper()
	var parent string
	err := d.Read().QueryRowContext(context.Background(), `SELECT p.name FROM orgs o JOIN orgs p ON p.id = o.parent_id WHERE o.name = '马亮村党支部'`).Scan(&parent)
	if err != nil || parent != "育才生态区工委" {
		t.Errorf("马亮村党支部 parent = %q, %v", parent, err)
	}
	for _, name := range []string{"梅西村党委", "市直机关工委", "市委两新组织工委", "海棠区委", "崖州湾科技城管理局党委", "三亚市人民医院党委"} {
		var n int
		if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM orgs WHERE name = ?`, name).Scan(&n); err != nil || n != 1 {
			t.Errorf("org %s: count %d, %v", name, n, err)
		}
	}
}

// checkAccounts logs in with every demo account.
func checkAccounts(t *testing.T, d *db.DB, accounts []demo.Account) {
	t.Helper()
	st := &auth.Store{DB: d}
	for _, a := range accounts {
		if _, err := st.Login(context.Background(), a.Username, a.Password, "127.0.0.1", "demo-test"); err != nil {
			t.Errorf("login %s (%s, %s): %v", a.Username, a.Role, a.Scope, err)
		}
	}
	// The residents who only own demo orders are not printed and have no
	// usable password; the documented resident signs in.
	if _, err := st.Login(context.Background(), "resident", demo.Password, "127.0.0.1", "demo-test"); err != nil {
		t.Errorf("login resident: %v", err)
	}
	for i := 2; i <= 12; i++ {
		name := fmt.Sprintf("resident%02d", i)
		if _, err := st.GetUserByName(context.Background(), name); err != nil {
			t.Errorf("%s missing: %v", name, err)
		}
		if _, err := st.Login(context.Background(), name, demo.Password, "127.0.0.1", "demo-test"); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("login %s with the demo password: err = %v, want refused", name, err)
		}
	}
}

func TestCityScale(t *testing.T) {
	if testing.Short() {
		t.Skip("city scale takes several seconds")
	}
	d := dbtest.Open(t, "sqlite")
	start := time.Now()
	s := generate(t, d, demo.City)
	inRange(t, "people", s.People, 57_000, 63_000)
	inRange(t, "orgs", s.Orgs, 2_800, 3_200)
	inRange(t, "units", s.Units, 19_500, 20_500)
	t.Logf("city scale took %v (timed in docs/BENCHMARKS.md, never asserted)", time.Since(start))
	checkOrgPaths(t, d)
	checkRowPaths(t, d)
}

// checkTalents checks the talent pool's demo data: the talents and the
// demo talent's profile, demands from orgs of the registry starting no
// earlier than today, engagements, and a fund whose ledger adds up.
func checkTalents(t *testing.T, d *db.DB, s demo.Summary) {
	t.Helper()
	ctx := context.Background()
	if s.Talents != 41 || s.Demands != 12 {
		t.Errorf("talents %d demands %d, want 41 and 12", s.Talents, s.Demands)
	}
	var verified, linked, engaged, past int
	var balance int64
	q := d.Read()
	q.QueryRowContext(ctx, `SELECT count(*) FROM talents WHERE status = 'verified'`).Scan(&verified)
	q.QueryRowContext(ctx, `SELECT count(*) FROM talents t JOIN users u ON u.id = t.user_id WHERE u.username = 'talent'`).Scan(&linked)
	q.QueryRowContext(ctx, `SELECT count(*) FROM engagements`).Scan(&engaged)
	q.QueryRowContext(ctx, `SELECT count(*) FROM demands WHERE start_on < ?`, talent.FormatDay(talent.Today())).Scan(&past)
	q.QueryRowContext(ctx, `SELECT sum(amount_cents) FROM fund_ledger`).Scan(&balance)
	if verified < 30 || linked != 1 || engaged == 0 || past != 0 || balance != 488_000_00 {
		t.Errorf("verified %d, talent account %d, engagements %d, past demands %d, fund %d", verified, linked, engaged, past, balance)
	}
}

func TestShiftDates(t *testing.T) {
	for _, c := range []struct {
		in   string
		days int32
		want string
	}{
		{"服务时间2027年2月5日至2027年2月23日，工作日白天。", 29, "服务时间2027年3月6日至2027年3月24日，工作日白天。"},
		{"2026年12月31日", 1, "2027年1月1日"},
		{"没有日期", 5, "没有日期"},
		{"2027年2月5日", 0, "2027年2月5日"},
	} {
		if got := demo.ShiftDates(c.in, c.days); got != c.want {
			t.Errorf("ShiftDates(%q, %d) = %q, want %q", c.in, c.days, got, c.want)
		}
	}
}

// checkService checks the post network and the orders: four levels in
// every district, menus with units, and orders spread over the loop.
func checkService(t *testing.T, d *db.DB, s demo.Summary) {
	t.Helper()
	ctx := context.Background()
	if s.Orders != 40 {
		t.Errorf("orders = %d, want 40", s.Orders)
	}
	var levels, districts, noUnits, rated, open, escalated int
	q := d.Read()
	q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT level), COUNT(DISTINCT district_id) FROM posts`).Scan(&levels, &districts)
	q.QueryRowContext(ctx, `SELECT COUNT(*) FROM menu_items i WHERE NOT EXISTS (SELECT 1 FROM menu_item_units u WHERE u.item_id = i.id)`).Scan(&noUnits)
	q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE status = 'rated'`).Scan(&rated)
	q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE status IN ('accepted', 'dispatched', 'handling')`).Scan(&open)
	q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE escalation > 0 OR overdue`).Scan(&escalated)
	if levels != 4 || districts != 4 || noUnits != 0 {
		t.Errorf("posts: %d levels in %d districts, %d menu items without units", levels, districts, noUnits)
	}
	if rated < 10 || open == 0 {
		t.Errorf("orders: %d rated, %d open", rated, open)
	}
	t.Logf("orders: %d rated, %d open, %d escalated or overdue", rated, open, escalated)
	var nets, edges int
	q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(edges), 0) FROM walk_networks WHERE active`).Scan(&nets, &edges)
	if s.Homes < 50 || nets != 1 || edges < 1000 {
		t.Errorf("coverage data: %d homes, %d active networks with %d edges", s.Homes, nets, edges)
	}
}

// checkGaps: the demo's scan left one open action per uncovered unit (and
// per member needing a fallback), and scanning again opens nothing.
func checkGaps(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	var uncovered, actions, unitActions int
	d.Read().QueryRowContext(ctx, `SELECT count(*) FROM units WHERE org_id IS NULL`).Scan(&uncovered)
	d.Read().QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN unit_id IS NOT NULL THEN 1 ELSE 0 END), 0) FROM gap_actions WHERE status = 'open'`).Scan(&actions, &unitActions)
	if uncovered == 0 || unitActions != uncovered {
		t.Errorf("open unit gap actions = %d, uncovered units = %d", unitActions, uncovered)
	}
	res, err := (&gap.Store{DB: d}).Scan(ctx, scope.Everything)
	if err != nil || res.Opened != 0 || res.Closed != 0 || res.Kept != actions {
		t.Errorf("second scan = %+v, %v (open actions %d)", res, err, actions)
	}
}

// checkWeak checks the demo's weak-branch detection: at least one open
// case, each with its reasons.
func checkWeak(t *testing.T, d *db.DB) {
	t.Helper()
	var open, noReasons int
	q := d.Read()
	if err := q.QueryRowContext(context.Background(), `SELECT count(*), COALESCE(sum(CASE WHEN reasons = '' THEN 1 ELSE 0 END), 0) FROM weak_cases WHERE status = 'open'`).Scan(&open, &noReasons); err != nil {
		t.Fatal(err)
	}
	if open == 0 || noReasons != 0 {
		t.Errorf("weak cases: %d open, %d without reasons; want at least one open, each with reasons", open, noReasons)
	}
	t.Logf("open weak cases: %d", open)
}
