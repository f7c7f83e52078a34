package ratelimit

import (
	"crypto/sha256"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestPoW(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	p := NewPoW(12, c.now)
	chal, exp := p.Challenge()
	if !exp.Equal(c.t.Add(10 * time.Minute)) {
		t.Errorf("expires %v", exp)
	}
	good := Solve(chal, 12)
	other := NewPoW(12, c.now) // another key
	otherChal, _ := other.Challenge()

	// A counter that does not reach the difficulty.
	weak := ""
	for i := 0; ; i++ {
		w := chal + ":" + itoa(i)
		if w != good && p.checkOnly(w) {
			continue
		}
		weak = w
		break
	}
	tampered := strings.Replace(good, ".12.", ".1.", 1)

	for _, tc := range []struct {
		name  string
		proof string
		want  error
	}{
		{"empty", "", ErrProofMissing},
		{"no counter", chal, ErrProofBad},
		{"letters in counter", chal + ":12a", ErrProofBad},
		{"too weak", weak, ErrProofBad},
		{"difficulty lowered", tampered, ErrProofBad},
		{"another server's challenge", Solve(otherChal, 12), ErrProofBad},
		{"junk", "1.a.b.c.d:1", ErrProofBad},
		{"huge", strings.Repeat("x", 500), ErrProofBad},
		{"good", good, nil},
		{"replayed", good, ErrProofSpent},
	} {
		if err := p.Verify(tc.proof); !errors.Is(err, tc.want) {
			t.Errorf("%s: Verify = %v, want %v", tc.name, err, tc.want)
		}
	}

	late, _ := p.Challenge()
	proof := Solve(late, 12)
	c.t = c.t.Add(11 * time.Minute)
	if err := p.Verify(proof); !errors.Is(err, ErrProofExpired) {
		t.Errorf("expired: %v", err)
	}
	if n := len(p.spent); n != 0 {
		t.Errorf("spent challenges kept after expiry: %d", n)
	}
}

// checkOnly reports whether a proof reaches the difficulty, without
// spending it.
func (p *PoW) checkOnly(proof string) bool {
	return LeadingZeroBits(sha256Sum(proof)) >= p.Bits
}

func TestLeadingZeroBits(t *testing.T) {
	for _, tc := range []struct {
		h    [32]byte
		want int
	}{
		{[32]byte{0x80}, 0},
		{[32]byte{0x01}, 7},
		{[32]byte{0, 0x10}, 11},
		{[32]byte{}, 256},
	} {
		if got := LeadingZeroBits(tc.h); got != tc.want {
			t.Errorf("LeadingZeroBits(%x…) = %d, want %d", tc.h[:2], got, tc.want)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func sha256Sum(s string) [32]byte { return sha256.Sum256([]byte(s)) }
