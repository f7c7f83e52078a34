package ratelimit

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PoW issues and checks proof-of-work challenges, so that a public sign-up
// costs its sender some CPU without any third-party service. A challenge is
//
//	1.<nonce>.<expires unix>.<bits>.<mac>
//
// signed with a key made at start. The proof is the challenge, ":" and a
// decimal counter whose SHA-256 starts with at least <bits> zero bits. A
// challenge is good once, until it expires; spent challenges are kept in
// memory until then.
type PoW struct {
	Bits int
	TTL  time.Duration
	now  func() time.Time
	key  []byte

	mu    sync.Mutex
	spent map[string]int64 // challenge → expiry
	swept int64            // when expired challenges were last dropped
}

// Errors of Verify.
var (
	ErrProofMissing = errors.New("no proof of work")
	ErrProofBad     = errors.New("bad proof of work")
	ErrProofExpired = errors.New("proof of work expired")
	ErrProofSpent   = errors.New("proof of work used already")
)

// NewPoW returns challenges of the given difficulty; now is the clock
// (time.Now when nil).
func NewPoW(difficulty int, now func() time.Time) *PoW {
	if now == nil {
		now = time.Now
	}
	key := make([]byte, 32)
	rand.Read(key)
	return &PoW{Bits: difficulty, TTL: 10 * time.Minute, now: now, key: key, spent: map[string]int64{}}
}

// Challenge returns a new challenge and when it expires.
func (p *PoW) Challenge() (string, time.Time) {
	nonce := make([]byte, 12)
	rand.Read(nonce)
	exp := p.now().Add(p.TTL).Truncate(time.Second)
	body := "1." + base64.RawURLEncoding.EncodeToString(nonce) + "." + strconv.FormatInt(exp.Unix(), 10) + "." + strconv.Itoa(p.Bits)
	return body + "." + p.mac(body), exp
}

func (p *PoW) mac(body string) string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// Verify checks a proof and spends its challenge.
func (p *PoW) Verify(proof string) error {
	proof = strings.TrimSpace(proof)
	if proof == "" {
		return ErrProofMissing
	}
	if len(proof) > 200 {
		return ErrProofBad
	}
	chal, counter, ok := strings.Cut(proof, ":")
	if !ok || counter == "" || len(counter) > 20 || strings.Trim(counter, "0123456789") != "" {
		return ErrProofBad
	}
	parts := strings.Split(chal, ".")
	if len(parts) != 5 || parts[0] != "1" {
		return ErrProofBad
	}
	body := strings.Join(parts[:4], ".")
	if !hmac.Equal([]byte(parts[4]), []byte(p.mac(body))) {
		return ErrProofBad
	}
	exp, err1 := strconv.ParseInt(parts[2], 10, 64)
	need, err2 := strconv.Atoi(parts[3])
	if err1 != nil || err2 != nil {
		return ErrProofBad
	}
	now := p.now().Unix()
	p.mu.Lock()
	defer p.mu.Unlock()
	if now-p.swept >= 60 { // drop expired challenges at most once a minute
		p.swept = now
		for c, e := range p.spent {
			if now > e {
				delete(p.spent, c)
			}
		}
	}
	if now > exp {
		return ErrProofExpired
	}
	if LeadingZeroBits(sha256.Sum256([]byte(proof))) < need {
		return ErrProofBad
	}
	if _, used := p.spent[chal]; used {
		return ErrProofSpent
	}
	p.spent[chal] = exp
	return nil
}

// LeadingZeroBits counts the zero bits at the start of a hash.
func LeadingZeroBits(h [32]byte) int {
	n := 0
	for _, b := range h {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}

// Solve finds a proof for a challenge of the given difficulty, as a
// browser does; for tests and the probe.
func Solve(challenge string, difficulty int) string {
	for i := 0; ; i++ {
		proof := challenge + ":" + strconv.Itoa(i)
		if LeadingZeroBits(sha256.Sum256([]byte(proof))) >= difficulty {
			return proof
		}
	}
}
