package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/web"
	"dangjian/internal/web/webtest"
)

// The registry benchmarks run against a database that scripts/bench.sh
// fills with `dangjian demo --scale province` and names in
// DANGJIAN_BENCH_DB (a SQLite file or a postgres:// URL). Each reports the
// median and p95 latency of a scoped request through the whole HTTP stack
// (session, scope, SQL, template or JSON), and the bare net/http handler
// benchmark gives the ceiling on the same machine.

// benchTarget is the server under test: a URL and a session token.
type benchTarget struct{ URL string }

func benchServer(b *testing.B) (benchTarget, *http.Client, string) {
	if u := os.Getenv("DANGJIAN_BENCH_URL"); u != "" {
		return externalServer(b, u)
	}
	dsn := os.Getenv("DANGJIAN_BENCH_DB")
	if dsn == "" {
		b.Skip("DANGJIAN_BENCH_DB is not set; run scripts/bench.sh")
	}
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	cfg := &config.Config{DB: dsn, SecretKey: os.Getenv("DANGJIAN_SECRET_KEY"), SessionIdle: time.Hour, LockoutAfter: 5, LockoutFor: time.Minute, MaxUploadBytes: 1 << 20}
	if cfg.SecretKey == "" {
		cfg.SecretKey = "bench-secret-key-0123456789"
	}
	s, err := web.New(ctx, cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	// A district account for 吉阳区, made once per database.
	as := &area.Store{DB: d}
	jy, err := as.ByCode(ctx, scope.Everything, "460203000000")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Auth.CreateUser(ctx, auth.User{Username: "benchjy", DisplayName: "bench", Roles: []string{auth.RoleDistrictOfficial}, ScopeAreaID: jy.ID}, webtest.TestPassword); err != nil && !isTaken(err) {
		b.Fatal(err)
	}
	// Measure the steady state: wait for the name index to load.
	for i := 0; i < 600 && !s.People.Names.Ready(); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if !s.People.Names.Ready() {
		b.Fatal("the name index did not load in 60 s: the figures would measure the SQL fallback")
	}
	srv := httptest.NewServer(s.Handler())
	b.Cleanup(srv.Close)
	sess, err := s.Auth.Login(ctx, "benchjy", webtest.TestPassword, "127.0.0.1", "bench")
	if err != nil {
		b.Fatal(err)
	}
	return benchTarget{srv.URL}, &http.Client{}, sess.Token
}

// externalServer signs in to a running server (started by scripts/bench.sh
// to measure its RSS) as the demo 吉阳区 account.
func externalServer(b *testing.B, url string) (benchTarget, *http.Client, string) {
	body := strings.NewReader(`{"username":"jiyang","password":"Sanya@2026demo"}`)
	res, err := http.Post(url+"/api/v1/session", "application/json", body)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "dj_session" {
			return benchTarget{url}, &http.Client{}, c.Value
		}
	}
	b.Fatalf("login to %s: %d", url, res.StatusCode)
	return benchTarget{}, nil, ""
}

func isTaken(err error) bool { return apperr.As(err).Key == "err.user.username_taken" }

// measure runs fn b.N times and reports p50 and p95 in milliseconds.
func measure(b *testing.B, fn func(i int)) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		fn(i)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}

func get(b *testing.B, c *http.Client, url, token string) {
	req, _ := http.NewRequest("GET", url, nil)
	req.AddCookie(&http.Cookie{Name: "dj_session", Value: token})
	res, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		b.Fatalf("%s: %d", url, res.StatusCode)
	}
}

var benchQueries = []string{"王", "李", "陈", "张伟", "符", "林", "黄", "吉"}

func BenchmarkScopedMemberListPage(b *testing.B) {
	srv, c, tok := benchServer(b)
	measure(b, func(i int) { get(b, c, fmt.Sprintf("%s/people?status=member&page=%d", srv.URL, 1+i%5), tok) })
}

func BenchmarkScopedMemberListAPI(b *testing.B) {
	srv, c, tok := benchServer(b)
	measure(b, func(i int) { get(b, c, fmt.Sprintf("%s/api/v1/people?status=member&page=%d", srv.URL, 1+i%5), tok) })
}

func BenchmarkScopedSearchPage(b *testing.B) {
	srv, c, tok := benchServer(b)
	measure(b, func(i int) { get(b, c, srv.URL+"/people?q="+benchQueries[i%len(benchQueries)], tok) })
}

func BenchmarkScopedSearchAPI(b *testing.B) {
	srv, c, tok := benchServer(b)
	measure(b, func(i int) { get(b, c, srv.URL+"/api/v1/people?q="+benchQueries[i%len(benchQueries)], tok) })
}

// BenchmarkBareHandler is the ceiling: a net/http handler that writes a
// fixed 20 KB page, through the same loopback client.
func BenchmarkBareHandler(b *testing.B) {
	page := make([]byte, 20<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(page) }))
	defer srv.Close()
	c := &http.Client{}
	measure(b, func(i int) { get(b, c, srv.URL+"/", "x") })
}
