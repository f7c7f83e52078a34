package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"dangjian/internal/apperr"
)

// Argon2id parameters for new hashes (the OWASP minimum: 19 MiB, 2 passes,
// 1 lane). Stored hashes carry their own parameters, so these can be raised
// later without invalidating existing passwords.
const (
	argonMemory  = 19456 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Password length bounds, in characters.
const (
	PasswordMin = 10
	PasswordMax = 128
)

// HashPassword returns the argon2id PHC string of pw:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded standard base64).
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", apperr.Wrap(err, "password salt")
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC string hash. A malformed
// hash, or one with unreasonable parameters, never matches.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || n != 3 {
		return false
	}
	// Bound the work a stored hash can ask for.
	if m < 8*uint32(p) || m > 1<<20 || t < 1 || t > 16 || p < 1 {
		return false
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false
	}
	want, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is compared against when a login names an unknown account, so
// that the answer takes as long as for a known one.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("dummy-password-for-timing")
	return h
})

// CheckComplexity enforces the password rule: PasswordMin to PasswordMax
// characters, with at least three of lower case, upper case, digits and
// other characters.
func CheckComplexity(pw string) error {
	weak := apperr.InvalidField("password", "err.password.weak").With("min", PasswordMin).With("max", PasswordMax)
	n := utf8.RuneCountInString(pw)
	if n < PasswordMin || n > PasswordMax || !utf8.ValidString(pw) {
		return weak
	}
	var lower, upper, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	if lower+upper+digit+other < 3 {
		return weak
	}
	return nil
}
