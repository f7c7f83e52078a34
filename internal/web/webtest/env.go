package webtest

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
type Env struct {
	t   *testing.T
	Srv *httptest.Server
	S   *web.Server
	W   *testfix.World

	transferID, jobID int64
	tw                *TalentWorld
	sv                *ServiceWorld
}

const TestPassword = "Test@2026pass"

func NewEnv(t *testing.T, d *db.DB) *Env { t.Helper(); return NewEnvCfg(t, d, nil) }

// newEnvCfg is newEnv with the configuration changed by tune first (rate
// limits, say, which the plain test configuration leaves off).
func NewEnvCfg(t *testing.T, d *db.DB, tune func(*config.Config)) *Env {
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
		if _, err := s.Auth.CreateUser(ctx, u, TestPassword); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &Env{t: t, Srv: srv, S: s, W: w}
}

// client is a signed-in API client.
type Client struct {
	E    *Env
	Hc   *http.Client
	Csrf string
}

func (e *Env) Login(username string) *Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &Client{E: e, Hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	res := c.Do("POST", "/api/v1/session", map[string]string{"username": username, "password": TestPassword})
	if res.Code != 200 {
		e.t.Fatalf("login %s: %d %s", username, res.Code, res.Body)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal([]byte(res.Body), &out)
	c.Csrf = out.CSRF
	return c
}

type Resp struct {
	Code int
	Body string
	Hdr  http.Header
}

// do sends a request; a map or struct body is sent as JSON, url.Values as
// a form (with the CSRF field), and a *multipart.Writer payload as is.
func (c *Client) Do(method, path string, body any) Resp {
	c.E.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		if c.Csrf != "" && b.Get("csrf") == "" {
			b.Set("csrf", c.Csrf)
		}
		rd, ct = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case Upload:
		rd, ct = bytes.NewReader(b.data), b.contentType
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	default:
		j, _ := json.Marshal(b)
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, c.E.Srv.URL+path, rd)
	if err != nil {
		c.E.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.Csrf != "" {
		if _, isForm := body.(url.Values); !isForm {
			req.Header.Set("X-CSRF-Token", c.Csrf)
		}
	}
	return c.roundTrip(req)
}

// roundTrip sends a built request and reads the whole answer.
func (c *Client) roundTrip(req *http.Request) Resp {
	c.E.t.Helper()
	res, err := c.Hc.Do(req)
	if err != nil {
		c.E.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Resp{Code: res.StatusCode, Body: string(b), Hdr: res.Header}
}

type Upload struct {
	data        []byte
	contentType string
}

func FileUpload(t *testing.T, fields map[string]string, name string, content []byte) Upload {
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
	return Upload{data: buf.Bytes(), contentType: mw.FormDataContentType()}
}

// anon is a client with no session.
func (e *Env) Anon() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{E: e, Hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func IDNumber(n int) string { return testfix.IDNumber(n) }

// jyTransfer returns a pending transfer inside 吉阳区 (made once).
func (e *Env) JYTransfer(t *testing.T) int64 {
	t.Helper()
	if e.transferID != 0 {
		return e.transferID
	}
	c := e.Login("jiyang")
	r := c.Do("POST", "/api/v1/transfers", map[string]any{"person_id": e.W.Jiyang.Members[0].ID, "to_org_id": e.W.Jiyang.Branches[1].ID, "reason": "JY内部调动"})
	if r.Code != 201 {
		t.Fatalf("jiyang transfer: %d %s", r.Code, r.Body)
	}
	var tr struct{ ID int64 }
	json.Unmarshal([]byte(r.Body), &tr)
	e.transferID = tr.ID
	return tr.ID
}

// jyJob returns an import job owned by the 吉阳 account (made once).
func (e *Env) JYJob(t *testing.T) int64 {
	t.Helper()
	if e.jobID != 0 {
		return e.jobID
	}
	c := e.Login("jiyang")
	r := c.Do("POST", "/api/v1/imports/people", FileUpload(t, nil, "jy.csv", []byte("姓名,政治面貌,所在区域编码\nJY新人,群众,"+e.W.Jiyang.Village.Code+"\n")))
	if r.Code != 202 {
		t.Fatalf("jiyang import: %d %s", r.Code, r.Body)
	}
	e.WaitJob(t, c, r)
	var j struct{ ID int64 }
	json.Unmarshal([]byte(r.Body), &j)
	e.jobID = j.ID
	return j.ID
}

// waitJob follows an import response (JSON job or redirect to the job page)
// until the job is no longer running, and returns the job's JSON.
func (e *Env) WaitJob(t *testing.T, c *Client, r Resp) string {
	t.Helper()
	var j struct{ ID int64 }
	if loc := r.Hdr.Get("Location"); loc != "" {
		fmt.Sscanf(loc, "/imports/%d", &j.ID)
	} else {
		json.Unmarshal([]byte(r.Body), &j)
	}
	if j.ID == 0 {
		t.Fatalf("no job in %d %s", r.Code, r.Body)
	}
	for i := 0; i < 200; i++ {
		jr := c.Do("GET", fmt.Sprintf("/api/v1/imports/%d", j.ID), nil)
		if !strings.Contains(jr.Body, `"status":"running"`) {
			return jr.Body
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %d still running", j.ID)
	return ""
}

// doHeader sends a JSON body with extra headers.
func (c *Client) DoHeader(method, path, body string, hdr map[string]string) Resp {
	c.E.t.Helper()
	req, err := http.NewRequest(method, c.E.Srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.E.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return c.roundTrip(req)
}

// send posts body to path as c, with its length declared or chunked.
func (c *Client) Send(path, contentType string, body []byte, chunked bool) Resp {
	c.E.t.Helper()
	var rd io.Reader = bytes.NewReader(body)
	if chunked {
		rd = io.MultiReader(rd) // no length known: sent chunked
	}
	req, err := http.NewRequest("POST", c.E.Srv.URL+path, rd)
	if err != nil {
		c.E.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if c.Csrf != "" && !strings.HasPrefix(contentType, "application/x-www-form-urlencoded") {
		req.Header.Set("X-CSRF-Token", c.Csrf)
	}
	return c.roundTrip(req)
}

// count is the number of rows of a table.
func (e *Env) Count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var RunID = regexp.MustCompile(`^/coverage/runs/(\d+)$`)
