package unit_test

import (
	"strings"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
	"dangjian/internal/unit"
)

const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// FuzzCreditCode checks the GB 32100 unified social credit code check on
// any text: it never panics; a valid code is 18 characters of the code's
// alphabet ending in its check character, and any one character changed
// to another of the alphabet makes it invalid (MOD 31 catches every single
// substitution); any 17 characters of the alphabet with their check
// character pass; and Unit.Validate refuses exactly the codes the check
// refuses (after trimming and upper-casing) with a message key.
func FuzzCreditCode(f *testing.F) {
	for _, s := range []string{
		"91350100M000100Y43", "91460200MA5T00001X", "91460200MA5T0000",
		"91460200MA5T0000IO", "91350100m000100y43", " 91350100M000100Y43",
		"000000000000000000", "YYYYYYYYYYYYYYYYYY", "",
	} {
		f.Add(s, uint8(0), uint8(0))
	}
	f.Fuzz(func(t *testing.T, code string, pos, to uint8) {
		ok := unit.CheckCreditCode(code)
		if ok {
			if len(code) != 18 || unit.CreditCheckChar(code[:17]) != code[17] {
				t.Fatalf("CheckCreditCode(%q) = true with check character %c", code, unit.CreditCheckChar(code[:17]))
			}
			for i := 0; i < 18; i++ {
				if !strings.ContainsRune(creditChars, rune(code[i])) {
					t.Fatalf("CheckCreditCode(%q) = true with %q outside the alphabet", code, code[i])
				}
			}
			i, c := int(pos)%18, creditChars[int(to)%len(creditChars)]
			if code[i] != c {
				changed := code[:i] + string(c) + code[i+1:]
				if unit.CheckCreditCode(changed) {
					t.Fatalf("%q is valid and so is %q, one character apart", code, changed)
				}
			}
		}
		// 17 characters mapped into the alphabet, with their check character.
		var b strings.Builder
		for i := 0; i < 17 && i < len(code); i++ {
			b.WriteByte(creditChars[int(code[i])%len(creditChars)])
		}
		if first := b.String(); len(first) == 17 {
			if built := first + string(unit.CreditCheckChar(first)); !unit.CheckCreditCode(built) {
				t.Fatalf("CheckCreditCode(%q) = false for a code built with its check character", built)
			}
		}
		u := unit.Unit{Name: "测试单位", CreditCode: code, Kind: unit.Kinds[0], AreaID: 1}
		err := u.Validate()
		norm := strings.ToUpper(strings.TrimSpace(code))
		refuse := norm != "" && !unit.CheckCreditCode(norm)
		if refuse != (err != nil) {
			t.Fatalf("Validate with credit code %q: %v; the check says valid=%v", code, err, !refuse)
		}
		if err != nil {
			ae := apperr.As(err)
			if ae.Code != apperr.Invalid || ae.Field != "credit_code" || !i18n.Has(ae.Key) {
				t.Fatalf("Validate with credit code %q: %#v", code, ae)
			}
		}
	})
}
