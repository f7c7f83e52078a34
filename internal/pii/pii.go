// Package pii protects personal data: resident ID numbers and phone numbers
// are validated, encrypted at rest with AES-256-GCM, indexed by a keyed hash
// (so exact lookups and uniqueness work without decrypting), and masked for
// display.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Vault encrypts and hashes personal data with keys derived from one secret.
type Vault struct {
	aead    cipher.AEAD
	hashKey []byte
}

// NewVault derives the encryption and hash keys from secret (at least 16
// bytes). Changing the secret makes stored data unreadable.
func NewVault(secret string) (*Vault, error) {
	if len(secret) < 16 {
		return nil, errors.New("pii: secret key must be at least 16 bytes")
	}
	encKey := derive(secret, "dangjian/pii/enc/v1")
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Vault{aead: aead, hashKey: derive(secret, "dangjian/pii/hash/v1")}, nil
}

func derive(secret, label string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Seal encrypts plaintext; the nonce is prepended. Empty input gives nil.
func (v *Vault) Seal(plain string) []byte {
	if plain == "" {
		return nil
	}
	nonce := make([]byte, v.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("pii: no randomness: " + err.Error())
	}
	return v.aead.Seal(nonce, nonce, []byte(plain), nil)
}

// Open decrypts what Seal produced.
func (v *Vault) Open(sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	n := v.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("pii: ciphertext too short")
	}
	out, err := v.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return "", errors.New("pii: cannot decrypt (wrong key?)")
	}
	return string(out), nil
}

// Hash is a keyed, deterministic hash for exact-match lookup and uniqueness.
// Empty input gives "".
func (v *Vault) Hash(plain string) string {
	if plain == "" {
		return ""
	}
	m := hmac.New(sha256.New, v.hashKey)
	m.Write([]byte(plain))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// MaskID shows the first 2 and last 2 characters: 46**************3X.
// With the person's age beside it, the hidden 14 characters still leave
// more than 10,000 valid ID numbers in Sanya alone (TestMaskIDCandidates);
// the birth date itself is never shown beside a mask.
func MaskID(id string) string { return maskMiddle(id, 2, 2) }

// MaskPhone shows the first 3 and last 4 digits: 138****8000.
func MaskPhone(p string) string { return maskMiddle(p, 3, 4) }

func maskMiddle(s string, head, tail int) string {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return ""
	}
	if n <= head+tail {
		return strings.Repeat("*", n)
	}
	r := []rune(s)
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheck = "10X98765432"

// NormalizeID upper-cases a trailing x and trims spaces.
func NormalizeID(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

// IDProblem is why an ID number is invalid; "" means valid.
type IDProblem string

const (
	IDOK       IDProblem = ""
	IDLength   IDProblem = "length"
	IDChars    IDProblem = "chars"
	IDBirth    IDProblem = "birth"
	IDChecksum IDProblem = "checksum"
)

// CheckID validates an 18-character resident ID number (GB 11643-1999):
// 17 digits, a valid birth date, and the ISO 7064 MOD 11-2 check character.
func CheckID(id string) IDProblem {
	if len(id) != 18 {
		return IDLength
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := id[i]
		if c < '0' || c > '9' {
			return IDChars
		}
		sum += int(c-'0') * idWeights[i]
	}
	if last := id[17]; !(last >= '0' && last <= '9') && last != 'X' {
		return IDChars
	}
	b, err := time.Parse("20060102", id[6:14])
	if err != nil || b.Year() < 1900 || b.After(time.Now()) {
		return IDBirth
	}
	if idCheck[sum%11] != id[17] {
		return IDChecksum
	}
	return IDOK
}

// IDCheckChar computes the check character for the first 17 digits.
func IDCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheck[sum%11]
}

// BirthAndGender reads the birth date (YYYY-MM-DD) and gender (M/F) from a
// valid ID number.
func BirthAndGender(id string) (string, string) {
	if len(id) != 18 {
		return "", ""
	}
	g := "F"
	if (id[16]-'0')%2 == 1 {
		g = "M"
	}
	return id[6:10] + "-" + id[10:12] + "-" + id[12:14], g
}

// CheckPhone accepts a mainland mobile number (11 digits starting with 1) or
// a landline of digits and one hyphen, 7 to 13 characters.
func CheckPhone(p string) bool {
	if len(p) == 11 && p[0] == '1' {
		return allDigits(p)
	}
	d := strings.Replace(p, "-", "", 1)
	return len(p) >= 7 && len(p) <= 13 && allDigits(d)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
