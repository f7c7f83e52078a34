package pii

import (
	"strings"
	"testing"
	"time"

	"dangjian/internal/i18n"
)

// FuzzCheckID checks the GB 11643 resident ID check on any text: it never
// panics; a valid number masks to its first and last two characters; every problem it reports has a message (err.person.id_<problem>);
// a valid number is 17 digits, a real birth date and its check character,
// so recomputing the check character keeps it valid and any one changed
// character makes it invalid (ISO 7064 MOD 11-2 catches every single
// substitution); and the number built from any 17 digits with a birth date
// that exists passes.
func FuzzCheckID(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "110105194912310021", "11010519491331002X",
		"1101051949123100", "11010519491231002Y", "1101A519491231002X",
		"46020219900101001", "11010519491231002x", " 11010519491231002X ",
		"000000000000000000", "99999999999999999X", "",
	} {
		f.Add(s, uint8(0), byte('0'))
	}
	f.Fuzz(func(t *testing.T, id string, pos uint8, to byte) {
		prob := CheckID(id)
		if prob == IDOK {
			// A valid number's mask keeps 2 + 2 characters and hides 14.
			if m := MaskID(id); m != id[:2]+strings.Repeat("*", 14)+id[16:] {
				t.Fatalf("MaskID(%q) = %q", id, m)
			}
		}
		if prob != IDOK {
			if !i18n.Has("err.person.id_" + string(prob)) {
				t.Fatalf("CheckID(%q) = %q, which has no message err.person.id_%s", id, prob, prob)
			}
		} else {
			if len(id) != 18 || IDCheckChar(id[:17]) != id[17] {
				t.Fatalf("CheckID(%q) = OK, but its check character is not %c", id, IDCheckChar(id[:17]))
			}
			if NormalizeID(id) != id {
				t.Fatalf("valid ID %q changes when normalized", id)
			}
			birth, g := BirthAndGender(id)
			if _, err := time.Parse("2006-01-02", birth); err != nil || (g != "M" && g != "F") {
				t.Fatalf("BirthAndGender(%q) = %q, %q", id, birth, g)
			}
			i := int(pos) % 18
			if id[i] != to && (to >= '0' && to <= '9' || to == 'X') {
				changed := id[:i] + string(to) + id[i+1:]
				if CheckID(changed) == IDOK {
					t.Fatalf("%q is valid and so is %q, one character apart", id, changed)
				}
			}
		}
		// Any 17 digits with a real birth date make a valid number.
		if len(id) >= 17 && allDigits(id[:17]) {
			built := id[:17] + string(IDCheckChar(id[:17]))
			b, err := time.Parse("20060102", built[6:14])
			if got := CheckID(built); err == nil && b.Year() >= 1900 && !b.After(time.Now()) && got != IDOK {
				t.Fatalf("CheckID(%q) = %q for a number built with its check character", built, got)
			}
		}
	})
}
