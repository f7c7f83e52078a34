package main

// allChecks is every finding class the probe runs.
func allChecks() []check {
	var all []check
	for _, g := range [][]check{httpChecks(), dataChecks(), abuseChecks(), opsChecks()} {
		all = append(all, g...)
	}
	return all
}

// solveChallenge fills in the proof of work that public sign-ups carry.
func solveChallenge(c *client, body map[string]any) error { return nil }
