package web_test

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
// the Open311 GeoReport v2 JSON Schemas (testdata/open311-schemas, see
// NOTICE there) and checks that no answer carries the orderer's contact.

// The contact every test order is placed with; none of it may ever appear
// in a response, masked or not.
const (
	o311Phone = "13987654321"
	o311Email = "zhangsan@example.com"
	o311Name  = "张三丰"
)

var o311Secret = []string{o311Phone, "139****4321", o311Email, o311Name, "三丰"}

type o311Env struct {
	*env
	svc *testfix.Service
	key string
}

func newO311(t *testing.T, d *db.DB) *o311Env { t.Helper(); return newO311Cfg(t, d, nil) }

func newO311Cfg(t *testing.T, d *db.DB, tune func(*config.Config)) *o311Env {
	t.Helper()
	e := newEnvCfg(t, d, tune)
	svc := testfix.BuildService(t, e.w)
	_, key, err := order.NewClient(context.Background(), e.s.DB, "12345热线", "")
	if err != nil {
		t.Fatal(err)
	}
	return &o311Env{env: e, svc: svc, key: key}
}

var (
	schemaOnce sync.Once
	schemas    map[string]*jsonschema.Schema
	schemaErr  error
)

// o311Schema returns a compiled schema by file name ("requests.json").
func o311Schema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		schemas = map[string]*jsonschema.Schema{}
		for _, n := range []string{"services.json", "service-definition.json", "requests.json", "request.json"} {
			p, err := filepath.Abs(filepath.Join("testdata", "open311-schemas", n))
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
	if err := o311Schema(t, schema).Validate(inst); err != nil {
		t.Errorf("%s: fails %s: %v\n%.500s", what, schema, err, body)
	}
}

// o311Req is one Open311 call: a form (POST) or nil (GET), and headers.
type o311Call struct {
	method, path string
	form         url.Values
	json         any
	hdr          map[string]string
}

// call sends a request, checks the status, validates the JSON body by
// its resource (or the error shape), and checks it for contact data.
func (o *o311Env) call(t *testing.T, c o311Call, code int) resp {
	t.Helper()
	var body io.Reader
	req, _ := http.NewRequest(c.method, o.srv.URL+c.path, nil)
	switch {
	case c.form != nil:
		body = strings.NewReader(c.form.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case c.json != nil:
		b, _ := json.Marshal(c.json)
		body = strings.NewReader(string(b))
		req.Header.Set("Content-Type", "application/json")
	}
	if body != nil {
		req.Body = io.NopCloser(body)
	}
	for k, v := range c.hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := resp{code: res.StatusCode, body: string(b), hdr: res.Header}
	what := c.method + " " + c.path
	if r.code != code {
		t.Fatalf("%s: status %d, want %d: %.400s", what, r.code, code, r.body)
	}
	noContact(t, what, r)
	o311CheckBody(t, what, c, r)
	return r
}

// noContact fails when a response shows an orderer's name, phone or email.
func noContact(t *testing.T, what string, r resp) {
	t.Helper()
	for _, s := range o311Secret {
		if strings.Contains(r.body, s) {
			t.Errorf("%s shows personal data %q: %.300s", what, s, r.body)
		}
	}
}

// o311CheckBody checks the body's format and shape: XML parses (errors as
// <errors><error>), JSON validates against the schema of its resource.
func o311CheckBody(t *testing.T, what string, c o311Call, r resp) {
	t.Helper()
	path := strings.SplitN(c.path, "?", 2)[0]
	if strings.HasSuffix(path, ".xml") {
		if !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/xml") || !strings.HasPrefix(r.body, "<?xml") {
			t.Errorf("%s: not XML (%s): %.200s", what, r.hdr.Get("Content-Type"), r.body)
		}
		if r.code >= 400 {
			xmlErrors(t, what, r)
		}
		return
	}
	if !strings.HasPrefix(r.hdr.Get("Content-Type"), "application/json") {
		t.Errorf("%s: content type %q", what, r.hdr.Get("Content-Type"))
	}
	if r.code >= 400 {
		jsonErrors(t, what, r)
		return
	}
	rest := strings.TrimPrefix(path, "/open311/v2/")
	switch {
	case rest == "services.json":
		validate(t, what, "services.json", r.body)
	case strings.HasPrefix(rest, "services/"):
		validate(t, what, "service-definition.json", r.body)
	case c.method == "GET" && (rest == "requests.json" || strings.HasPrefix(rest, "requests/")):
		validate(t, what, "requests.json", r.body)
		var items []json.RawMessage
		json.Unmarshal([]byte(r.body), &items)
		for _, it := range items {
			validate(t, what+" item", "request.json", string(it))
		}
	case c.method == "POST" || strings.HasPrefix(rest, "tokens/"):
		var out []map[string]any
		if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out) != 1 {
			t.Errorf("%s: want a list of one: %.300s", what, r.body)
		} else if id, ok := out[0]["service_request_id"].(string); !ok || id == "" || out[0]["token"] == "" {
			t.Errorf("%s: no string service_request_id or token: %.300s", what, r.body)
		}
	}
}

type o311Err struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// jsonErrors checks an Open311 error list: a non-empty array of {code,
// description}, code the HTTP status, a readable description that leaks
// neither keys nor internals.
func jsonErrors(t *testing.T, what string, r resp) []o311Err {
	t.Helper()
	var errs []o311Err
	dec := json.NewDecoder(strings.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&errs); err != nil || len(errs) == 0 {
		t.Fatalf("%s: not an Open311 error list: %v: %.300s", what, err, r.body)
	}
	checkErrs(t, what, r, errs)
	return errs
}

func xmlErrors(t *testing.T, what string, r resp) []o311Err {
	t.Helper()
	var doc struct {
		XMLName xml.Name  `xml:"errors"`
		Errors  []o311Err `xml:"error"`
	}
	if err := xml.Unmarshal([]byte(r.body), &doc); err != nil || len(doc.Errors) == 0 {
		t.Fatalf("%s: not an Open311 XML error list: %v: %.300s", what, err, r.body)
	}
	checkErrs(t, what, r, doc.Errors)
	return doc.Errors
}

func checkErrs(t *testing.T, what string, r resp, errs []o311Err) {
	t.Helper()
	for _, e := range errs {
		if e.Code != r.code || e.Description == "" {
			t.Errorf("%s: error %+v under status %d", what, e, r.code)
		}
		for _, bad := range []string{"err.", "open311.", "SELECT", "sql", "goroutine", ".go:", "{"} {
			if strings.Contains(e.Description, bad) {
				t.Errorf("%s: error description leaks %q: %s", what, bad, e.Description)
			}
		}
	}
}

// form is a valid checkup request at the fixture's grid point.
func (o *o311Env) form(desc string) url.Values {
	return url.Values{"api_key": {o.key}, "service_code": {"JY-P4-01"}, "description": {desc},
		"lat": {fmt.Sprint(o.svc.GridPoint[0])}, "long": {fmt.Sprint(o.svc.GridPoint[1])},
		"attribute[people]": {"2"}, "attribute[when]": {"am"}, "first_name": {"三丰"}, "last_name": {"张"},
		"phone": {o311Phone}, "email": {o311Email}, "device_id": {"dev-1"}, "account_id": {"acc-9"}}
}

// post places a request and returns its answer.
func (o *o311Env) post(t *testing.T, c o311Call) created {
	t.Helper()
	c.method = "POST"
	if c.path == "" {
		c.path = "/open311/v2/requests.json"
	}
	r := o.call(t, c, 200)
	var out []created
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out) != 1 {
		t.Fatalf("post: %.300s", r.body)
	}
	return out[0]
}

func (o *o311Env) orders(t *testing.T) int {
	t.Helper()
	var n int
	if err := o.s.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (o *o311Env) requests(t *testing.T, query string) []request {
	t.Helper()
	r := o.call(t, o311Get("/open311/v2/requests.json"+query), 200)
	var out []request
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// orderID is the internal id of the order a public id names.
func (o *o311Env) orderID(t *testing.T, publicID string) int64 {
	t.Helper()
	var id int64
	if err := o.s.DB.Read().QueryRowContext(t.Context(), o.s.DB.Rebind(`SELECT id FROM orders WHERE public_id = ?`), publicID).Scan(&id); err != nil {
		t.Fatalf("order %s: %v", publicID, err)
	}
	return id
}

type created struct {
	ID            string  `json:"service_request_id"`
	Token         string  `json:"token"`
	ServiceNotice string  `json:"service_notice"`
	AccountID     *string `json:"account_id"`
}

type request struct {
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
func (o *o311Env) placeOrder(t *testing.T, c *client, desc string, public bool) int64 {
	t.Helper()
	f := url.Values{"item": {o.svc.Checkup.Code}, "orderer_kind": {"resident"}, "description": {desc}, "attribute[people]": {"1"},
		"lat": {fmt.Sprint(o.svc.GridPoint[0])}, "lng": {fmt.Sprint(o.svc.GridPoint[1])}, "address": {"吉阳区某小区3栋502"},
		"contact_name": {o311Name}, "phone": {o311Phone}, "key": {desc}}
	if public {
		f.Set("public", "1")
	}
	r := c.do("POST", "/order", f)
	loc := r.hdr.Get("Location")
	if r.code != 303 || !strings.HasPrefix(loc, "/my/orders/") {
		t.Fatalf("order %q: %d %.300s", desc, r.code, r.body)
	}
	id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/my/orders/"), "?placed=1"), 10, 64)
	return id
}

func o311Get(path string) o311Call { return o311Call{method: "GET", path: path} }
