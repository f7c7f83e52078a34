package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"dangjian/internal/testfix"
)

func abuseChecks() []check {
	return []check{
		{5, "no rate limits", true, checkRateLimits},
		{6, "lockout of the administrator, name probing", true, checkLockout},
		{8, "declaration squatting", false, checkSquatting},
		{15, "weak passwords", false, checkPasswords},
	}
}

// flood sends up to n requests from one visitor and reports whether one was
// answered 429 with a Retry-After, and after how many.
func flood(n int, send func(i int) (resp, error)) (limited bool, after int, err error) {
	for i := 0; i < n; i++ {
		res, err := send(i)
		if err != nil {
			return false, i, err
		}
		if res.Status == http.StatusTooManyRequests {
			return res.Header.Get("Retry-After") != "", i, nil
		}
	}
	return false, n, nil
}

func checkRateLimits(e *env, r *result) {
	type class struct {
		name string
		n    int
		send func(c *client, i int) (resp, error)
	}
	classes := []class{
		{"unknown-user logins", 300, func(c *client, i int) (resp, error) {
			return c.postJSON("POST", "/api/v1/session", map[string]string{"username": fmt.Sprintf("nobody%03d", i), "password": "Wrong#pass1"})
		}},
		{"Open311 POSTs", 300, func(c *client, i int) (resp, error) {
			return c.postForm("/open311/v2/requests.json", url.Values{"api_key": {"demo-open311-key-2026"}, "service_code": {"cat.environment"},
				"lat": {"18.2536"}, "long": {"109.5120"}, "description": {fmt.Sprintf("限流探测 %d", i)}}, "")
		}},
		{"anonymous declarations", 300, func(c *client, i int) (resp, error) {
			return c.postJSON("POST", "/api/v1/declarations", map[string]any{"name": "探测", "id_number": "460200199001011234", "phone": "13800000000"})
		}},
		{"/join sign-ups", 300, func(c *client, i int) (resp, error) {
			return c.postJSON("POST", "/api/v1/join", map[string]any{"username": fmt.Sprintf("probe%03d", i), "password": "Probe#2026xyz", "name": "探测"})
		}},
	}
	for _, cl := range classes {
		c := e.client()
		limited, after, err := flood(cl.n, func(i int) (resp, error) { return cl.send(c, i) })
		if err != nil {
			r.err = err
			return
		}
		r.expect(limited, "%d %s went through with no 429 and Retry-After", after, cl.name)
	}
	a, err := e.staff("city")
	if err != nil {
		r.err = err
		return
	}
	limited, after, err := flood(200, func(int) (resp, error) { return a.get("/export/orgs?format=csv") })
	if err != nil {
		r.err = err
		return
	}
	r.expect(limited, "%d exports went through with no 429", after)
	limited, after, err = flood(100, func(int) (resp, error) {
		return a.postForm("/coverage/runs", url.Values{"csrf": {a.csrf}, "kind": {"coverage"}, "minutes": {"15"}}, "")
	})
	if err != nil {
		r.err = err
		return
	}
	r.expect(limited, "%d coverage runs started with no 429", after)
}

// checkLockout: bad passwords from one address must not lock the account
// out from another, and a locked unknown name answers as a known one.
func checkLockout(e *env, r *result) {
	attacker := e.client()
	answers := map[string]string{}
	for _, name := range []string{"admin", "nosuchaccount"} {
		var last resp
		for i := 0; i < 12; i++ {
			res, err := attacker.postJSON("POST", "/api/v1/session", map[string]string{"username": name, "password": "Wrong#pass1"})
			if err != nil {
				r.err = err
				return
			}
			last = res
		}
		answers[name] = fmt.Sprintf("%d %s", last.Status, errMessage(last))
	}
	r.expect(answers["admin"] == answers["nosuchaccount"], "after 12 bad passwords a known and an unknown name answer differently: %q vs %q", answers["admin"], answers["nosuchaccount"])
	// The administrator, from another address, still gets in (waiting out
	// an account-wide delay of up to 30 s).
	admin := e.client()
	deadline := time.Now().Add(30 * time.Second)
	var err error
	for {
		if err = admin.login("admin", e.password); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Second)
	}
	r.expect(err == nil, "the administrator is locked out by another address: %v", err)
	if err != nil {
		return
	}
	res, err := admin.get("/api/v1/audit?per_page=200")
	if err != nil {
		r.err = err
		return
	}
	r.expect(strings.Contains(res.text(), "lock"), "no lockout entry in the audit log")
}

func errMessage(r resp) string {
	var e struct {
		Error struct {
			Key, Message string
		} `json:"error"`
	}
	r.json(&e)
	return e.Error.Key + " " + e.Error.Message
}

func checkPasswords(e *env, r *result) {
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	for _, pw := range []string{"Password123!", "Sanya@2026demo", "Probeuser#2026", "Qwerty123456!"} {
		res, err := a.postJSON("POST", "/api/v1/users", map[string]any{"username": "probeuser", "display_name": "探测", "password": pw, "roles": []string{"viewer"}})
		if err != nil {
			r.err = err
			return
		}
		r.expect(res.Status == http.StatusUnprocessableEntity, "a new account with password %q answered %d", pw, res.Status)
	}
}

// checkSquatting: a second declaration of the same ID number is a case of
// its own, marked as a conflict, never merged into the first; the
// confirming org sees both side by side.
func checkSquatting(e *env, r *result) {
	id := testfix.IDNumber(7707)
	var refs []int64
	for i, name := range []string{"冒名者", "真实党员"} {
		c := e.client()
		hdr, err := solveChallenge(c)
		if err != nil {
			r.err = err
			return
		}
		body := map[string]any{"name": name, "id_number": id, "phone": fmt.Sprintf("1390000000%d", i), "unit_name": "探测外资酒店", "org": "马亮村党支部"}
		res, err := c.postJSONHeader("/api/v1/declarations", body, hdr)
		if err != nil {
			r.err = err
			return
		}
		var out struct {
			Reference int64 `json:"reference"`
		}
		res.json(&out)
		refs = append(refs, out.Reference)
		r.try()
		if res.Status >= 300 {
			r.find("declaration %d answered %d: %.200s", i+1, res.Status, res.Body)
			return
		}
	}
	r.expect(refs[0] != refs[1], "the second declaration of one ID number merged into the first (%d)", refs[0])
	city, err := e.staff("city")
	if err != nil {
		r.err = err
		return
	}
	res, err := city.get(fmt.Sprintf("/api/v1/declarations/%d/conflicts", refs[1]))
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == http.StatusOK && strings.Contains(res.text(), fmt.Sprintf(`"id":%d`, refs[0])),
		"the second case does not show the first side by side: %d %.200s", res.Status, res.Body)
	// Confirming without checking the person is refused.
	res, err = city.postJSON("POST", fmt.Sprintf("/api/v1/declarations/%d/confirm", refs[1]), map[string]any{})
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == http.StatusUnprocessableEntity, "a confirmation without a check of the person answered %d", res.Status)
}
