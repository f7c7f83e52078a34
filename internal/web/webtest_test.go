package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/db"
	"dangjian/internal/testfix"
	"dangjian/internal/web"
)

// env is a running server on a fixture world with one account per role
// and scope.
type env struct {
	t   *testing.T
	srv *httptest.Server
	s   *web.Server
	w   *testfix.World

	transferID, jobID int64
	tw                *talentWorld
	sv                *serviceWorld
}

const testPassword = "Test@2026pass"

func newEnv(t *testing.T, d *db.DB) *env { t.Helper(); return newEnvCfg(t, d, nil) }

// newEnvCfg is newEnv with the configuration changed by tune first (rate
// limits, say, which the plain test configuration leaves off).
func newEnvCfg(t *testing.T, d *db.DB, tune func(*config.Config)) *env {
	t.Helper()
	w := testfix.Build(t, d)
	cfg := &config.Config{DB: "test", Listen: "127.0.0.1:0", SecretKey: testfix.Secret, SessionIdle: 30 * time.Minute, LockoutAfter: 5, LockoutFor: 30 * time.Minute, MaxUploadBytes: 64 << 20}
	if tune != nil {
		tune(cfg)
	}
	// The server's background work (the escalator, index refreshes) stops
	// with the test.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := web.New(ctx, cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx = context.Background()
	users := []auth.User{
		{Username: "admin", DisplayName: "管理员", Roles: []string{auth.RoleAdmin}},
		{Username: "haitang", DisplayName: "海棠区组织部", Roles: []string{auth.RoleDistrictOfficial}, ScopeAreaID: w.Haitang.Area.ID},
		{Username: "jiyang", DisplayName: "吉阳区组织部", Roles: []string{auth.RoleDistrictOfficial}, ScopeAreaID: w.Jiyang.Area.ID},
		{Username: "htbranch", DisplayName: "海棠支部书记", Roles: []string{auth.RoleBranchSecretary}, ScopeOrgID: w.Haitang.Branches[0].ID},
		{Username: "viewer", DisplayName: "只读", Roles: []string{auth.RoleViewer}},
	}
	for _, u := range users {
		if _, err := s.Auth.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, s: s, w: w}
}

// client is a signed-in API client.
type client struct {
	e    *env
	hc   *http.Client
	csrf string
}

func (e *env) login(username string) *client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	res := c.do("POST", "/api/v1/session", map[string]string{"username": username, "password": testPassword})
	if res.code != 200 {
		e.t.Fatalf("login %s: %d %s", username, res.code, res.body)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal([]byte(res.body), &out)
	c.csrf = out.CSRF
	return c
}

type resp struct {
	code int
	body string
	hdr  http.Header
}

// do sends a request; a map or struct body is sent as JSON, url.Values as
// a form (with the CSRF field), and a *multipart.Writer payload as is.
func (c *client) do(method, path string, body any) resp {
	c.e.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		if c.csrf != "" && b.Get("csrf") == "" {
			b.Set("csrf", c.csrf)
		}
		rd, ct = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case upload:
		rd, ct = bytes.NewReader(b.data), b.contentType
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	default:
		j, _ := json.Marshal(b)
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, rd)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.csrf != "" {
		if _, isForm := body.(url.Values); !isForm {
			req.Header.Set("X-CSRF-Token", c.csrf)
		}
	}
	return c.roundTrip(req)
}

// roundTrip sends a built request and reads the whole answer.
func (c *client) roundTrip(req *http.Request) resp {
	c.e.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: string(b), hdr: res.Header}
}

type upload struct {
	data        []byte
	contentType string
}

func fileUpload(t *testing.T, fields map[string]string, name string, content []byte) upload {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return upload{data: buf.Bytes(), contentType: mw.FormDataContentType()}
}

// anon is a client with no session.
func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func testfix_ID(n int) string { return testfix.IDNumber(n) }

// jyTransfer returns a pending transfer inside 吉阳区 (made once).
func (e *env) jyTransfer(t *testing.T) int64 {
	t.Helper()
	if e.transferID != 0 {
		return e.transferID
	}
	c := e.login("jiyang")
	r := c.do("POST", "/api/v1/transfers", map[string]any{"person_id": e.w.Jiyang.Members[0].ID, "to_org_id": e.w.Jiyang.Branches[1].ID, "reason": "JY内部调动"})
	if r.code != 201 {
		t.Fatalf("jiyang transfer: %d %s", r.code, r.body)
	}
	var tr struct{ ID int64 }
	json.Unmarshal([]byte(r.body), &tr)
	e.transferID = tr.ID
	return tr.ID
}

// jyJob returns an import job owned by the 吉阳 account (made once).
func (e *env) jyJob(t *testing.T) int64 {
	t.Helper()
	if e.jobID != 0 {
		return e.jobID
	}
	c := e.login("jiyang")
	r := c.do("POST", "/api/v1/imports/people", fileUpload(t, nil, "jy.csv", []byte("姓名,政治面貌,所在区域编码\nJY新人,群众,"+e.w.Jiyang.Village.Code+"\n")))
	if r.code != 202 {
		t.Fatalf("jiyang import: %d %s", r.code, r.body)
	}
	e.waitJob(t, c, r)
	var j struct{ ID int64 }
	json.Unmarshal([]byte(r.body), &j)
	e.jobID = j.ID
	return j.ID
}

// waitJob follows an import response (JSON job or redirect to the job page)
// until the job is no longer running, and returns the job's JSON.
func (e *env) waitJob(t *testing.T, c *client, r resp) string {
	t.Helper()
	var j struct{ ID int64 }
	if loc := r.hdr.Get("Location"); loc != "" {
		fmt.Sscanf(loc, "/imports/%d", &j.ID)
	} else {
		json.Unmarshal([]byte(r.body), &j)
	}
	if j.ID == 0 {
		t.Fatalf("no job in %d %s", r.code, r.body)
	}
	for i := 0; i < 200; i++ {
		jr := c.do("GET", fmt.Sprintf("/api/v1/imports/%d", j.ID), nil)
		if !strings.Contains(jr.body, `"status":"running"`) {
			return jr.body
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %d still running", j.ID)
	return ""
}

// doHeader sends a JSON body with extra headers.
func (c *client) doHeader(method, path, body string, hdr map[string]string) resp {
	c.e.t.Helper()
	req, err := http.NewRequest(method, c.e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return c.roundTrip(req)
}

// send posts body to path as c, with its length declared or chunked.
func (c *client) send(path, contentType string, body []byte, chunked bool) resp {
	c.e.t.Helper()
	var rd io.Reader = bytes.NewReader(body)
	if chunked {
		rd = io.MultiReader(rd) // no length known: sent chunked
	}
	req, err := http.NewRequest("POST", c.e.srv.URL+path, rd)
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if c.csrf != "" && !strings.HasPrefix(contentType, "application/x-www-form-urlencoded") {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.roundTrip(req)
}

// count is the number of rows of a table.
func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.s.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var runID = regexp.MustCompile(`^/coverage/runs/(\d+)$`)
