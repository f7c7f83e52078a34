package pii

import "testing"

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
		{"460200199001011234", "4602**********1234"},
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
	if v.Hash("a") != v.Hash("a") || v.Hash("a") == v.Hash("b") {
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
