package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dangjian/internal/area"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/demo"
)

// TestOrderSurvivesKill9 places an order through Open311, kills the server
// with SIGKILL the moment the order is acknowledged, starts a new server
// on the same database, and finds the order there — on both backends.
// Repeating the request with the same Idempotency-Key after the restart
// returns the same order, not a second one.
func TestOrderSurvivesKill9(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "dangjian")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, backend := range dbtest.Backends(t) {
		t.Run(backend, func(t *testing.T) {
			d := dbtest.Open(t, backend)
			load := exec.Command(bin, "demo", "--scale", "tiny", "--db", d.DSN)
			load.Env = append(os.Environ(), "DANGJIAN_SECRET_KEY=two-servers-test-secret")
			if out, err := load.CombinedOutput(); err != nil {
				t.Fatalf("demo: %v\n%s", err, out)
			}
			var district int64
			if err := d.Read().QueryRowContext(context.Background(), `SELECT id FROM areas WHERE code = '460203000000'`).Scan(&district); err != nil {
				t.Fatal(err)
			}
			lat, lng, err := area.Centre(context.Background(), d.Read(), district)
			if err != nil {
				t.Fatal(err)
			}
			form := url.Values{"api_key": {demo.Open311DemoKey}, "service_code": {"cat.environment"}, "lat": {fmt.Sprint(lat)},
				"long": {fmt.Sprint(lng)}, "description": {"路灯损坏，夜间出行不便（断电测试）"}}
			post := func(base string) string {
				req, _ := http.NewRequest("POST", base+"/open311/v2/requests.json", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Idempotency-Key", "kill9-test-0001")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				var out []struct {
					ID string `json:"service_request_id"`
				}
				if res.StatusCode != 200 || json.Unmarshal(b, &out) != nil || len(out) != 1 || out[0].ID == "" {
					t.Fatalf("POST request: %d %s", res.StatusCode, b)
				}
				return out[0].ID
			}
			base, cmd := startServerCmd(t, bin, d.DSN)
			id := post(base)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()

			base2, _ := startServerCmd(t, bin, d.DSN)
			res, err := http.Get(base2 + "/open311/v2/requests/" + id + ".json")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(b), `"service_request_id":"`+id+`"`) {
				t.Fatalf("after kill -9 the order %s is gone: %d %s", id, res.StatusCode, b)
			}
			if again := post(base2); again != id {
				t.Errorf("the same Idempotency-Key after restart gave order %s, want %s", again, id)
			}
			var n int
			d.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM orders WHERE description LIKE '%断电测试%'`).Scan(&n)
			if n != 1 {
				t.Errorf("%d orders with the test description, want 1", n)
			}
		})
	}
}
