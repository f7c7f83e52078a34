package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dangjian/internal/db/dbtest"
	"dangjian/internal/talent"
)

// TestRankingAcrossServers runs two server processes on one database: a
// talent edited through the first is ranked correctly by the second at its
// very next request. On PostgreSQL the second also hears of the edit by
// LISTEN/NOTIFY; on both backends the ranking checks the talents revision,
// so nothing depends on timing.
func TestRankingAcrossServers(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "dangjian")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, backend := range dbtest.Backends(t) {
		t.Run(backend, func(t *testing.T) {
			d := dbtest.Open(t, backend)
			demo := exec.Command(bin, "demo", "--scale", "tiny", "--db", d.DSN)
			demo.Env = append(os.Environ(), "DANGJIAN_SECRET_KEY=two-servers-test-secret")
			if out, err := demo.CombinedOutput(); err != nil {
				t.Fatalf("demo: %v\n%s", err, out)
			}
			a, b := startServer(t, bin, d.DSN), startServer(t, bin, d.DSN)
			ca, cb := login(t, a, "haitang"), login(t, b, "haitang")

			var orgs struct{ Items []struct{ ID int64 } }
			ca.get(t, "/api/v1/orgs?per_page=1", &orgs)
			var areas struct{ Items []struct{ ID int64 } }
			ca.get(t, "/api/v1/areas?kind=village&per_page=1", &areas)
			if len(orgs.Items) == 0 || len(areas.Items) == 0 {
				t.Fatalf("no org or village in 海棠区")
			}
			stay := []map[string]any{{"start": talent.FormatDay(talent.Today() + 1), "end": talent.FormatDay(talent.Today() + 90), "slots": []string{"all"}}}
			var tl talent.Talent
			ca.send(t, "POST", "/api/v1/talents", map[string]any{"name": "黎锦传人", "area_id": areas.Items[0].ID, "skills": []string{"黎锦"},
				"expertise": "黎族传统纺染织绣技艺", "mode": "both", "capacity": 2, "travel_km": 60, "stays": stay}, 201, &tl)
			ca.send(t, "POST", fmt.Sprintf("/api/v1/talents/%d/status", tl.ID), map[string]any{"status": "verified"}, 200, nil)
			var dm talent.Demand
			ca.send(t, "POST", "/api/v1/demands", map[string]any{"org_id": orgs.Items[0].ID, "title": "黎锦技艺进校园", "body": "请非遗传承人讲授黎锦纺染织绣",
				"required": []string{"非遗保护"}, "mode": "onsite", "headcount": 1, "start": talent.FormatDay(talent.Today() + 5),
				"end": talent.FormatDay(talent.Today() + 20), "slots": []string{"weekends"}}, 201, &dm)
			rankPath := fmt.Sprintf("/api/v1/demands/%d/talents", dm.ID)
			if top := topTalent(t, cb, rankPath); top != tl.ID {
				t.Fatalf("server B ranks %d first, want the new talent %d", top, tl.ID)
			}
			// Edit on A: the talent becomes a swimming coach; B's next ranking drops them.
			ca.send(t, "PUT", fmt.Sprintf("/api/v1/talents/%d", tl.ID), map[string]any{"name": "黎锦传人", "area_id": areas.Items[0].ID, "skills": []string{"游泳"},
				"expertise": "游泳教练", "mode": "both", "capacity": 2, "travel_km": 60, "stays": stay}, 200, nil)
			if top := topTalent(t, cb, rankPath); top == tl.ID {
				t.Errorf("server B still ranks the edited talent first")
			}
			// And back again, through B, seen by A.
			cb.send(t, "PUT", fmt.Sprintf("/api/v1/talents/%d", tl.ID), map[string]any{"name": "黎锦传人", "area_id": areas.Items[0].ID, "skills": []string{"黎锦"},
				"expertise": "黎族传统纺染织绣技艺", "mode": "both", "capacity": 2, "travel_km": 60, "stays": stay}, 200, nil)
			if top := topTalent(t, ca, rankPath); top != tl.ID {
				t.Errorf("server A ranks %d first after B's edit, want %d", top, tl.ID)
			}
		})
	}
}

func topTalent(t *testing.T, c *apiClient, path string) int64 {
	t.Helper()
	var out struct{ Items []talent.Ranked }
	c.get(t, path, &out)
	if len(out.Items) == 0 {
		return 0
	}
	return out.Items[0].TalentID
}

// startServer runs `dangjian serve` on a free port until the test ends.
func startServer(t *testing.T, bin, dsn string) string {
	t.Helper()
	base, _ := startServerCmd(t, bin, dsn)
	return base
}

// startServerCmd is startServer that also returns the process.
func startServerCmd(t *testing.T, bin, dsn string) (string, *exec.Cmd) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var logs bytes.Buffer
	cmd := exec.Command(bin, "serve", "--db", dsn, "--listen", addr)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.Env = append(os.Environ(), "DANGJIAN_SECRET_KEY=two-servers-test-secret")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	for i := 0; i < 200; i++ {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, cmd
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", logs.String())
	return "", nil
}

type apiClient struct {
	base, csrf string
	hc         *http.Client
}

func login(t *testing.T, base, user string) *apiClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &apiClient{base: base, hc: &http.Client{Jar: jar}}
	var s struct {
		CSRF string `json:"csrf_token"`
	}
	c.send(t, "POST", "/api/v1/session", map[string]string{"username": user, "password": "Sanya@2026demo"}, 200, &s)
	c.csrf = s.CSRF
	return c
}

func (c *apiClient) get(t *testing.T, path string, out any) {
	t.Helper()
	c.send(t, "GET", path, nil, 200, out)
}

func (c *apiClient) send(t *testing.T, method, path string, body any, want int, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, strings.TrimSpace(string(b)))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}
