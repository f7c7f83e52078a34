package webtest

import (
	"context"
	"dangjian/internal/config"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"dangjian/internal/db"
	"dangjian/internal/order"
	"dangjian/internal/testfix"
)

// The Open311 test harness: a server with the service fixture and an API
// client, and a request helper that validates every JSON answer against
// the Open311 GeoReport v2 JSON Schemas (open311/testdata/open311-schemas, see
// NOTICE there) and checks that no answer carries the orderer's contact.

// The contact every test order is placed with; none of it may ever appear
// in a response, masked or not.
const (
	O311Phone = "13987654321"
	O311Email = "zhangsan@example.com"
	O311Name  = "张三丰"
)

var o311Secret = []string{O311Phone, "139****4321", O311Email, O311Name, "三丰"}

type O311Env struct {
	*Env
	Svc *testfix.Service
	Key string
}

func NewO311(t *testing.T, d *db.DB) *O311Env { t.Helper(); return NewO311Cfg(t, d, nil) }

func NewO311Cfg(t *testing.T, d *db.DB, tune func(*config.Config)) *O311Env {
	t.Helper()
	e := NewEnvCfg(t, d, tune)
	svc := testfix.BuildService(t, e.W)
	_, key, err := order.NewClient(context.Background(), e.S.DB, "12345热线", "")
	if err != nil {
		t.Fatal(err)
	}
	return &O311Env{Env: e, Svc: svc, Key: key}
}

var (
	schemaOnce sync.Once
	schemas    map[string]*jsonschema.Schema
	schemaErr  error
)

// schemaDir is internal/web/open311/testdata/open311-schemas, found from
// this file's place so that any package's tests can load the schemas.
func schemaDir() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "open311", "testdata", "open311-schemas")
}

// o311Schema returns a compiled schema by file name ("requests.json").
func O311Schema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		schemas = map[string]*jsonschema.Schema{}
		for _, n := range []string{"services.json", "service-definition.json", "requests.json", "request.json"} {
			p, err := filepath.Abs(filepath.Join(schemaDir(), n))
			if err != nil {
				schemaErr = err
				return
			}
			if schemas[n], schemaErr = c.Compile(p); schemaErr != nil {
				return
			}
		}
	})
	if schemaErr != nil {
		t.Fatalf("open311 schemas: %v", schemaErr)
	}
	return schemas[name]
}

// validate checks a JSON body against a schema.
func validate(t *testing.T, what, schema, body string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Errorf("%s: not JSON: %v: %.300s", what, err, body)
		return
	}
	if err := O311Schema(t, schema).Validate(inst); err != nil {
		t.Errorf("%s: fails %s: %v\n%.500s", what, schema, err, body)
	}
}

// o311Req is one Open311 call: a form (POST) or nil (GET), and headers.
type O311Call struct {
	Method, Path string
	Form         url.Values
	Json         any
	Hdr          map[string]string
}

// call sends a request, checks the status, validates the JSON body by
// its resource (or the error shape), and checks it for contact data.
func (o *O311Env) Call(t *testing.T, c O311Call, code int) Resp {
	t.Helper()
	var body io.Reader
	req, _ := http.NewRequest(c.Method, o.Srv.URL+c.Path, nil)
	switch {
	case c.Form != nil:
		body = strings.NewReader(c.Form.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case c.Json != nil:
		b, _ := json.Marshal(c.Json)
		body = strings.NewReader(string(b))
		req.Header.Set("Content-Type", "application/json")
	}
	if body != nil {
		req.Body = io.NopCloser(body)
	}
	for k, v := range c.Hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := Resp{Code: res.StatusCode, Body: string(b), Hdr: res.Header}
	what := c.Method + " " + c.Path
	if r.Code != code {
		t.Fatalf("%s: status %d, want %d: %.400s", what, r.Code, code, r.Body)
	}
	NoContact(t, what, r)
	o311CheckBody(t, what, c, r)
	return r
}

// noContact fails when a response shows an orderer's name, phone or email.
func NoContact(t *testing.T, what string, r Resp) {
	t.Helper()
	for _, s := range o311Secret {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s shows personal data %q: %.300s", what, s, r.Body)
		}
	}
}

// o311CheckBody checks the body's format and shape: XML parses (errors as
// <errors><error>), JSON validates against the schema of its resource.
func o311CheckBody(t *testing.T, what string, c O311Call, r Resp) {
	t.Helper()
	path := strings.SplitN(c.Path, "?", 2)[0]
	if strings.HasSuffix(path, ".xml") {
		if !strings.HasPrefix(r.Hdr.Get("Content-Type"), "text/xml") || !strings.HasPrefix(r.Body, "<?xml") {
			t.Errorf("%s: not XML (%s): %.200s", what, r.Hdr.Get("Content-Type"), r.Body)
		}
		if r.Code >= 400 {
			xmlErrors(t, what, r)
		}
		return
	}
	if !strings.HasPrefix(r.Hdr.Get("Content-Type"), "application/json") {
		t.Errorf("%s: content type %q", what, r.Hdr.Get("Content-Type"))
	}
	if r.Code >= 400 {
		jsonErrors(t, what, r)
		return
	}
	rest := strings.TrimPrefix(path, "/open311/v2/")
	switch {
	case rest == "services.json":
		validate(t, what, "services.json", r.Body)
	case strings.HasPrefix(rest, "services/"):
		validate(t, what, "service-definition.json", r.Body)
	case c.Method == "GET" && (rest == "requests.json" || strings.HasPrefix(rest, "requests/")):
		validate(t, what, "requests.json", r.Body)
		var items []json.RawMessage
		json.Unmarshal([]byte(r.Body), &items)
		for _, it := range items {
			validate(t, what+" item", "request.json", string(it))
		}
	case c.Method == "POST" || strings.HasPrefix(rest, "tokens/"):
		var out []map[string]any
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil || len(out) != 1 {
			t.Errorf("%s: want a list of one: %.300s", what, r.Body)
		} else if id, ok := out[0]["service_request_id"].(string); !ok || id == "" || out[0]["token"] == "" {
			t.Errorf("%s: no string service_request_id or token: %.300s", what, r.Body)
		}
	}
}

type O311Err struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// jsonErrors checks an Open311 error list: a non-empty array of {code,
// description}, code the HTTP status, a readable description that leaks
// neither keys nor internals.
func jsonErrors(t *testing.T, what string, r Resp) []O311Err {
	t.Helper()
	var errs []O311Err
	dec := json.NewDecoder(strings.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&errs); err != nil || len(errs) == 0 {
		t.Fatalf("%s: not an Open311 error list: %v: %.300s", what, err, r.Body)
	}
	checkErrs(t, what, r, errs)
	return errs
}

func xmlErrors(t *testing.T, what string, r Resp) []O311Err {
	t.Helper()
	var doc struct {
		XMLName xml.Name  `xml:"errors"`
		Errors  []O311Err `xml:"error"`
	}
	if err := xml.Unmarshal([]byte(r.Body), &doc); err != nil || len(doc.Errors) == 0 {
		t.Fatalf("%s: not an Open311 XML error list: %v: %.300s", what, err, r.Body)
	}
	checkErrs(t, what, r, doc.Errors)
	return doc.Errors
}

func checkErrs(t *testing.T, what string, r Resp, errs []O311Err) {
	t.Helper()
	for _, e := range errs {
		if e.Code != r.Code || e.Description == "" {
			t.Errorf("%s: error %+v under status %d", what, e, r.Code)
		}
		for _, bad := range []string{"err.", "open311.", "SELECT", "sql", "goroutine", ".go:", "{"} {
			if strings.Contains(e.Description, bad) {
				t.Errorf("%s: error description leaks %q: %s", what, bad, e.Description)
			}
		}
	}
}

// form is a valid checkup request at the fixture's grid point.
func (o *O311Env) Form(desc string) url.Values {
	return url.Values{"api_key": {o.Key}, "service_code": {"JY-P4-01"}, "description": {desc},
		"lat": {fmt.Sprint(o.Svc.GridPoint[0])}, "long": {fmt.Sprint(o.Svc.GridPoint[1])},
		"attribute[people]": {"2"}, "attribute[when]": {"am"}, "first_name": {"三丰"}, "last_name": {"张"},
		"phone": {O311Phone}, "email": {O311Email}, "device_id": {"dev-1"}, "account_id": {"acc-9"}}
}

// post places a request and returns its answer.
func (o *O311Env) Post(t *testing.T, c O311Call) Created {
	t.Helper()
	c.Method = "POST"
	if c.Path == "" {
		c.Path = "/open311/v2/requests.json"
	}
	r := o.Call(t, c, 200)
	var out []Created
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil || len(out) != 1 {
		t.Fatalf("post: %.300s", r.Body)
	}
	return out[0]
}

func (o *O311Env) Orders(t *testing.T) int {
	t.Helper()
	var n int
	if err := o.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (o *O311Env) Requests(t *testing.T, query string) []Request {
	t.Helper()
	r := o.Call(t, O311Get("/open311/v2/requests.json"+query), 200)
	var out []Request
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// orderID is the internal id of the order a public id names.
func (o *O311Env) OrderID(t *testing.T, publicID string) int64 {
	t.Helper()
	var id int64
	if err := o.S.DB.Read().QueryRowContext(t.Context(), o.S.DB.Rebind(`SELECT id FROM orders WHERE public_id = ?`), publicID).Scan(&id); err != nil {
		t.Fatalf("order %s: %v", publicID, err)
	}
	return id
}

type Created struct {
	ID            string  `json:"service_request_id"`
	Token         string  `json:"token"`
	ServiceNotice string  `json:"service_notice"`
	AccountID     *string `json:"account_id"`
}

type Request struct {
	ID          string  `json:"service_request_id"`
	Status      string  `json:"status"`
	StatusNotes string  `json:"status_notes"`
	ServiceName string  `json:"service_name"`
	ServiceCode string  `json:"service_code"`
	Description string  `json:"description"`
	Agency      string  `json:"agency_responsible"`
	Notice      string  `json:"service_notice"`
	Requested   string  `json:"requested_datetime"`
	Updated     string  `json:"updated_datetime"`
	Expected    string  `json:"expected_datetime"`
	Address     *string `json:"address"`
	Lat         float64 `json:"lat"`
	Long        float64 `json:"long"`
	MediaURL    *string `json:"media_url"`
}

// placeOrder places an order through the resident's form (public ticked or
// not) and returns the order's internal id.
func (o *O311Env) PlaceOrder(t *testing.T, c *Client, desc string, public bool) int64 {
	t.Helper()
	f := url.Values{"item": {o.Svc.Checkup.Code}, "orderer_kind": {"resident"}, "description": {desc}, "attribute[people]": {"1"},
		"lat": {fmt.Sprint(o.Svc.GridPoint[0])}, "lng": {fmt.Sprint(o.Svc.GridPoint[1])}, "address": {"吉阳区某小区3栋502"},
		"contact_name": {O311Name}, "phone": {O311Phone}, "key": {desc}}
	if public {
		f.Set("public", "1")
	}
	r := c.Do("POST", "/order", f)
	loc := r.Hdr.Get("Location")
	if r.Code != 303 || !strings.HasPrefix(loc, "/my/orders/") {
		t.Fatalf("order %q: %d %.300s", desc, r.Code, r.Body)
	}
	id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/my/orders/"), "?placed=1"), 10, 64)
	return id
}

func O311Get(path string) O311Call { return O311Call{Method: "GET", Path: path} }
