package db

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzRebind checks rebind against its contract: SQLite queries are left
// as they are; on PostgreSQL every ? outside a single-quoted literal
// becomes $1, $2… in order, and the text of every literal (a ? in it
// included) and everything else is kept byte for byte.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{
		"SELECT 1",
		"SELECT * FROM t WHERE a = ? AND b = ?",
		"INSERT INTO t (a, b) VALUES (?, '?')",
		"SELECT 'it''s ?', ? FROM t",
		"SELECT '?",
		"?'?'?",
		"UPDATE t SET a = $1 WHERE b = ?",
		"SELECT '三亚?' || ?",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if got := rebind(SQLite, q); got != q {
			t.Fatalf("sqlite: rebind(%q) = %q, want it unchanged", q, got)
		}
		got := rebind(Postgres, q)
		in, out := strings.Split(q, "'"), strings.Split(got, "'")
		if len(in) != len(out) {
			t.Fatalf("rebind(%q) = %q: quote count changed", q, got)
		}
		n := 0
		for i := range in {
			if i%2 == 1 { // inside a literal
				if out[i] != in[i] {
					t.Fatalf("rebind(%q) = %q: literal %q became %q", q, got, in[i], out[i])
				}
				continue
			}
			var want strings.Builder
			for _, c := range []byte(in[i]) { // bytes: q need not be UTF-8
				if c == '?' {
					n++
					want.WriteString("$" + strconv.Itoa(n))
				} else {
					want.WriteByte(c)
				}
			}
			if out[i] != want.String() {
				t.Fatalf("rebind(%q) = %q: outside a literal %q became %q, want %q", q, got, in[i], out[i], want.String())
			}
		}
		if again := rebind(Postgres, got); again != got {
			t.Fatalf("rebind is not idempotent: %q → %q → %q", q, got, again)
		}
	})
}

// FuzzSplitStatements checks that splitting a migration never yields an
// empty or untrimmed statement, a statement holding a statement break, a
// blank or comment line, or text that was not in the input; and that
// splitting the statements joined again gives them back.
func FuzzSplitStatements(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n",
		"-- comment\nCREATE TABLE a (\n  x INT -- trailing\n);\n\n-- only a comment;\n",
		"-- sqlite\nSELECT 1;\n-- postgres\nSELECT 2;",
		"a; ;\nb",
		";\n;\n",
		"\t;\n  --x\n",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		stmts := splitStatements(s)
		for _, st := range stmts {
			switch {
			case st == "":
				t.Fatalf("splitStatements(%q) gave an empty statement: %q", s, stmts)
			case strings.TrimSpace(st) != st:
				t.Fatalf("splitStatements(%q): statement %q is not trimmed", s, st)
			case strings.Contains(st, ";\n"):
				t.Fatalf("splitStatements(%q): statement %q holds a break", s, st)
			case strings.HasSuffix(st, ";"):
				t.Fatalf("splitStatements(%q): statement %q keeps its terminator", s, st)
			}
			for _, l := range strings.Split(st, "\n") {
				if tl := strings.TrimSpace(l); tl == "" || strings.HasPrefix(tl, "--") {
					t.Fatalf("splitStatements(%q): statement %q keeps line %q", s, st, l)
				}
				if !strings.Contains(s, strings.TrimSpace(l)) {
					t.Fatalf("splitStatements(%q): line %q is not in the input", s, l)
				}
			}
		}
		again := splitStatements(strings.Join(stmts, ";\n"))
		if strings.Join(again, "\x00") != strings.Join(stmts, "\x00") {
			t.Fatalf("split, join, split: %q → %q → %q", s, stmts, again)
		}
	})
}
