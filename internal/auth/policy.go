package auth

import (
	_ "embed"
	"strings"
	"sync"

	"dangjian/internal/apperr"
)

// The password policy for every password a person sets: the complexity
// rule (CheckComplexity), not a common or published password, and not
// containing the account's username.

//go:embed common-passwords.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
})

// CheckPasswordPolicy checks a new password for the account username
// (already folded to lower case; "" skips that check).
func CheckPasswordPolicy(pw, username string) error {
	return checkPolicy(pw, username, false)
}

// checkPolicy is CheckPasswordPolicy; seeding skips only the deny list, so
// that the demo can create its documented accounts with its password.
func checkPolicy(pw, username string, seeding bool) error {
	if err := CheckComplexity(pw); err != nil {
		return err
	}
	low := strings.ToLower(pw)
	if !seeding && isCommon(low) {
		return apperr.InvalidField("password", "err.password.common")
	}
	if u := NormUsername(username); u != "" && strings.Contains(low, u) {
		return apperr.InvalidField("password", "err.password.username")
	}
	return nil
}

// padding is what people add around a common word to pass a complexity
// rule: digits and the symbols on the digit row.
const padding = "0123456789!@#$%^&*()-_=+.?~ "

// isCommon reports whether a lower-cased password is on the deny list,
// or is a word of the list padded with digits and symbols only
// ("Qwerty123456!", "2026password#").
func isCommon(low string) bool {
	list := commonPasswords()
	if list[low] {
		return true
	}
	core := strings.Trim(low, padding)
	return core != low && len(core) >= 4 && list[core]
}
