// Package archtest checks rules of the code's layout that no compiler
// checks. It has only tests.
package archtest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// root is the repository, two levels up from this package.
const root = "../.."

// owners reads the table of table owners in docs/ARCHITECTURE.md: the
// rows "| `table` | `package` |" under "## Table owners".
func owners(t *testing.T) map[string]string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(root, "docs", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(doc), "\n## Table owners\n")
	if !ok {
		t.Fatal("docs/ARCHITECTURE.md has no \"## Table owners\" section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	out := map[string]string{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(\\w+)` \\| `([\\w/]+)` \\|").FindAllStringSubmatch(sec, -1) {
		if prev, dup := out[m[1]]; dup {
			t.Errorf("table %s has two owners: %s and %s", m[1], prev, m[2])
		}
		out[m[1]] = m[2]
	}
	return out
}

// schemaTables are the tables the migrations create.
func schemaTables(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "internal", "db", "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v", err)
	}
	seen := map[string]bool{}
	re := regexp.MustCompile(`(?i)CREATE TABLE (?:IF NOT EXISTS )?(\w+)`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen[strings.ToLower(m[1])] = true
		}
	}
	var out []string
	for tb := range seen {
		out = append(out, tb)
	}
	sort.Strings(out)
	return out
}

// writes finds the SQL writes in the Go files (tests left out) under
// internal/: package (its path under internal/) → tables written.
func writes(t *testing.T, tables map[string]bool) map[string]map[string][]string {
	t.Helper()
	re := regexp.MustCompile(`(?i)\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(\w+)`)
	out := map[string]map[string][]string{}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(root, "internal"), filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				tb := strings.ToLower(m[1])
				if !tables[tb] {
					continue
				}
				if out[pkg] == nil {
					out[pkg] = map[string][]string{}
				}
				where := filepath.Base(path) + ":" + itoa(i+1)
				out[pkg][tb] = append(out[pkg][tb], where)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func itoa(n int) string {
	s := ""
	for n >= 10 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return string(rune('0'+n)) + s
}

// Packages that write any table: the schema's own tools, which work on
// every table by design.
var anyTable = map[string]bool{
	"db":    true, // migrations
	"rekey": true, // re-seals every sealed column
}

// TestTableOwners: every table has one owner in docs/ARCHITECTURE.md, and
// no package's SQL writes a table another package owns (a feature changes
// another's rows through that package's store).
func TestTableOwners(t *testing.T) {
	own := owners(t)
	tables := map[string]bool{}
	for _, tb := range schemaTables(t) {
		tables[tb] = true
		if own[tb] == "" {
			t.Errorf("table %s has no owner in docs/ARCHITECTURE.md", tb)
		}
	}
	for tb := range own {
		if !tables[tb] {
			t.Errorf("docs/ARCHITECTURE.md names an owner of %s, which no migration creates", tb)
		}
	}
	if len(tables) < 50 {
		t.Fatalf("only %d tables found: the migrations moved?", len(tables))
	}
	for pkg, byTable := range writes(t, tables) {
		if anyTable[pkg] {
			continue
		}
		for tb, at := range byTable {
			if o := own[tb]; o != "" && o != pkg {
				t.Errorf("%s writes %s, which %s owns (%s)", pkg, tb, o, strings.Join(at, ", "))
			}
		}
	}
}

// TestNoSQLInWeb: the HTTP layer asks stores; no SQL runs in internal/web,
// so every query is a store's, with its scope.
func TestNoSQLInWeb(t *testing.T) {
	re := regexp.MustCompile(`\.(QueryContext|QueryRowContext|ExecContext)\(|db\.Each\(`)
	err := filepath.WalkDir(filepath.Join(root, "internal", "web"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "/web/webtest/") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if re.MatchString(line) {
				t.Errorf("%s:%d runs SQL in the HTTP layer: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestVanguardReadsNoDeclarationTable: vanguard and declaration read each
// other's tables once, a cycle the package graph hid; declaration still
// lists vanguard activities as events, but vanguard asks declaration
// (through app's hook) instead of reading its tables.
func TestVanguardReadsNoDeclarationTable(t *testing.T) {
	noReads(t, "vanguard", `invitations|declarations`)
}

// TestDeclarationReadsNoEventTable: the declaration feature finds the
// meetings and activities it invites to through its Source (internal/app
// wires orglife's and vanguard's), not by reading their tables.
func TestDeclarationReadsNoEventTable(t *testing.T) {
	noReads(t, "declaration", `meetings|meeting_attendance|vanguard_activities|vanguard_teams`)
}

// TestAssessReadsItsFactsFromOwners: the assessment's facts (meetings,
// orders, gap actions, engagements, recruitment steps, supervision,
// projects) are read by the packages that own those tables.
func TestAssessReadsItsFactsFromOwners(t *testing.T) {
	noReads(t, "assess", `meetings|meeting_months|orders|gap_actions|engagements|demands|recruit_steps|supervision_visits|supervision_findings|projects`)
}

// noReads fails when SQL in internal/<pkg> reads one of tables.
func noReads(t *testing.T, pkg, tables string) {
	t.Helper()
	re := regexp.MustCompile(`(?i)\b(FROM|JOIN)\s+(` + tables + `)\b`)
	files, _ := filepath.Glob(filepath.Join(root, "internal", pkg, "*.go"))
	if len(files) == 0 {
		t.Fatalf("no files in internal/%s", pkg)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := re.Find(b); m != nil {
			t.Errorf("%s reads another feature's table: %s", filepath.Base(f), m)
		}
	}
}
