package web

import (
	open311web "dangjian/internal/web/open311"
	"net/http"
	"strconv"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/config"
	"dangjian/internal/ratelimit"
	"dangjian/internal/web/kit"
)

// limitedRoutes gives the rate-limit class of each limited route. wrap
// counts a request against its source address before anything else, and
// against the signed-in account once it is known; an Open311 request also
// counts against its API key (o311Post). The rules are options
// (config/abuse.go).
var limitedRoutes = map[string]string{
	"POST /login":               config.RateLogin,
	"POST /api/v1/session":      config.RateLogin,
	"POST /join":                config.RateSignup,
	"POST /api/v1/join":         config.RateSignup,
	"POST /declare":             config.RateDeclare,
	"POST /api/v1/declarations": config.RateDeclare,
	"POST /mobile":              config.RateRegister,
	"POST /api/v1/mobile":       config.RateRegister,
	"POST " + open311web.Base + "/requests.json": config.RateOpen311,
	"POST " + open311web.Base + "/requests.xml":  config.RateOpen311,
	"GET /export/{kind}":                         config.RateExport,
	"GET /api/v1/export/{kind}":                  config.RateExport,
	"POST /coverage/runs":                        config.RateCoverage,
	"POST /coverage/runs/{id}/rerun":             config.RateCoverage,
}

// powRoutes are the public sign-ups, which carry a proof of work (the pow
// form field or the X-Proof-Of-Work header) besides their rate limit. Their
// handlers call checkPoW, so that a page can show its form again.
var powRoutes = map[string]bool{
	"POST /join":                true,
	"POST /api/v1/join":         true,
	"POST /declare":             true,
	"POST /api/v1/declarations": true,
}

// abuse holds the limiters by class and the proof-of-work issuer.
type abuse struct {
	limits map[string]*ratelimit.Limiter
	pow    *ratelimit.PoW // nil: no proof of work asked
}

func newAbuse(cfg *config.Config, now func() time.Time) abuse {
	a := abuse{limits: map[string]*ratelimit.Limiter{}}
	for class, rule := range cfg.Rates {
		if !rule.Off() {
			a.limits[class] = ratelimit.New(rule, now)
		}
	}
	if cfg.PowBits > 0 {
		a.pow = ratelimit.NewPoW(cfg.PowBits, now)
	}
	return a
}

// limit takes one request of class for key, or returns the 429 error.
func (s *Server) limit(class, key string) error {
	ok, wait := s.abuse.limits[class].Allow(key)
	if ok {
		return nil
	}
	sec := retrySeconds(wait)
	return apperr.New(apperr.TooMany, "err.rate_limited").With("seconds", sec).With("retry_after", sec)
}

func retrySeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

func userKey(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// checkPoW checks the request's proof of work, when one is asked.
func (s *Server) checkPoW(r *http.Request) error {
	return kit.CheckPoW(s.abuse.pow, r)
}

// challengeJSON is the answer of GET /api/v1/challenge.
type challengeJSON struct {
	Challenge string    `json:"challenge"`
	Bits      int       `json:"bits"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// apiChallenge issues a proof-of-work challenge for a public sign-up. With
// no proof asked, bits is 0 and the challenge empty.
func (s *Server) apiChallenge(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	var out challengeJSON
	if s.abuse.pow != nil {
		out.Challenge, out.ExpiresAt = s.abuse.pow.Challenge()
		out.Bits = s.abuse.pow.Bits
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
