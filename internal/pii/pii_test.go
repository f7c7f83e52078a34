package pii

import (
	"fmt"
	"testing"
	"time"
)

func TestCheckID(t *testing.T) {
	valid := "11010519491231002" + string(IDCheckChar("11010519491231002"))
	cases := []struct {
		id   string
		want IDProblem
	}{
		{valid, IDOK},
		{"11010519491231002X", IDOK}, // the GB 11643 example
		{"110105194912310021", IDChecksum},
		{"11010519491331002X", IDBirth},
		{"1101051949123100", IDLength},
		{"11010519491231002Y", IDChars},
		{"1101A519491231002X", IDChars},
	}
	for _, c := range cases {
		if got := CheckID(c.id); got != c.want {
			t.Errorf("CheckID(%s) = %q, want %q", c.id, got, c.want)
		}
	}
	b, g := BirthAndGender("11010519491231002X")
	if b != "1949-12-31" || g != "F" {
		t.Errorf("BirthAndGender = %s %s", b, g)
	}
}

func TestMask(t *testing.T) {
	cases := []struct{ in, want string }{
		{"460200199001011234", "46**************34"},
		{"13800138000", "138****8000"},
		{"", ""},
		{"123", "***"},
	}
	for _, c := range cases {
		got := MaskID(c.in)
		if len(c.in) == 11 {
			got = MaskPhone(c.in)
		}
		if got != c.want {
			t.Errorf("mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestVault(t *testing.T) {
	v, err := NewVault("0123456789abcdef-test")
	if err != nil {
		t.Fatal(err)
	}
	s := v.Seal("13800138000")
	if string(s) == "13800138000" || len(s) < 20 {
		t.Fatalf("not sealed: %q", s)
	}
	if got, err := v.Open(s); err != nil || got != "13800138000" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if h1, h2 := v.Hash("a"), v.Hash("a"); h1 != h2 || h1 == v.Hash("b") {
		t.Fatal("hash not deterministic or collides")
	}
	w, _ := NewVault("another-secret-key-123")
	if _, err := w.Open(s); err == nil {
		t.Fatal("opened with wrong key")
	}
	if _, err := NewVault("short"); err == nil {
		t.Fatal("short secret accepted")
	}
}

// TestMaskIDCandidates counts the valid ID numbers that fit what a list
// shows of a person — the mask, the gender and the age in years — for an
// attacker who assumes the person was registered in one of Sanya's
// districts: it must stay above 10,000 (the old 4+4 mask left about 30).
func TestMaskIDCandidates(t *testing.T) {
	id := "46020319880715263" + string(IDCheckChar("46020319880715263")) // 1988-07-15, male
	if CheckID(id) != IDOK {
		t.Fatalf("fixture %s is not valid: %s", id, CheckID(id))
	}
	mask := MaskID(id)
	_, gender := BirthAndGender(id)
	districts := []string{"0201", "0202", "0203", "0204", "0205"} // 三亚市, 海棠区, 吉阳区, 天涯区, 崖州区
	// Age in years on 2026-12-07 is 38: born 1987-12-08 … 1988-12-07.
	from, to := time.Date(1987, 12, 8, 0, 0, 0, 0, time.UTC), time.Date(1988, 12, 7, 0, 0, 0, 0, time.UTC)
	n := 0
	for _, d := range districts {
		for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
			for seq := 0; seq < 1000; seq++ {
				first17 := mask[:2] + d + day.Format("20060102") + fmt.Sprintf("%03d", seq)
				cand := first17 + string(IDCheckChar(first17))
				if MaskID(cand) != mask {
					continue
				}
				if _, g := BirthAndGender(cand); g == gender {
					n++
				}
			}
		}
	}
	if n < 10000 {
		t.Fatalf("mask %s with gender and age leaves %d candidates, want at least 10,000", mask, n)
	}
	t.Logf("mask %s: %d candidates", mask, n)
}
