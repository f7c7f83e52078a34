package main

import (
	"fmt"

	"dangjian/internal/ratelimit"
)

// allChecks is every finding class the probe runs.
func allChecks() []check {
	var all []check
	for _, g := range [][]check{httpChecks(), dataChecks(), abuseChecks(), opsChecks()} {
		all = append(all, g...)
	}
	return all
}

// solveChallenge fetches a proof-of-work challenge and solves it, as the
// sign-up pages do in the browser; the answer goes in X-Proof-Of-Work.
func solveChallenge(c *client) (map[string]string, error) {
	res, err := c.get("/api/v1/challenge")
	if err != nil {
		return nil, err
	}
	var ch struct {
		Challenge string `json:"challenge"`
		Bits      int    `json:"bits"`
	}
	if err := res.json(&ch); err != nil {
		return nil, fmt.Errorf("challenge: %d %.200s", res.Status, res.Body)
	}
	if ch.Bits == 0 {
		return nil, nil
	}
	return map[string]string{"X-Proof-Of-Work": ratelimit.Solve(ch.Challenge, ch.Bits)}, nil
}
