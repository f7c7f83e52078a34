package kit

import (
	"errors"
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/ratelimit"
)

// CheckPoW checks a public sign-up's proof of work (the X-Proof-Of-Work
// header or the pow form field) against pow; a nil pow asks for none.
func CheckPoW(pow *ratelimit.PoW, r *http.Request) error {
	if pow == nil {
		return nil
	}
	proof := r.Header.Get("X-Proof-Of-Work")
	if proof == "" {
		proof = r.PostFormValue("pow")
	}
	err := pow.Verify(proof)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ratelimit.ErrProofMissing):
		return apperr.InvalidField("pow", "err.pow.missing")
	case errors.Is(err, ratelimit.ErrProofExpired):
		return apperr.InvalidField("pow", "err.pow.expired")
	case errors.Is(err, ratelimit.ErrProofSpent):
		return apperr.InvalidField("pow", "err.pow.spent")
	}
	return apperr.InvalidField("pow", "err.pow.bad")
}
