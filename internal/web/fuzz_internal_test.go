package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/talent"
	"dangjian/internal/testfix"
)

// fuzzBodyLimit is the body limit the fuzz targets read under, so that
// the too-large path is reached with small inputs.
const fuzzBodyLimit = 4 << 10

var fuzzContentTypes = []string{
	"application/json",
	"application/json; charset=utf-8",
	"application/x-www-form-urlencoded",
	"multipart/form-data; boundary=XyZ",
	"multipart/form-data",
	"text/plain",
	"",
}

func fuzzRequest(target string, body []byte, ct string, rawQuery string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	r.URL.RawQuery = rawQuery
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, fuzzBodyLimit)
	return r
}

// FuzzO311Form feeds arbitrary bodies, content types and query strings to
// the Open311 parameter reader (o311Form, and jsonForm for JSON). It must
// not panic; it may fail only with the too-large error the handler turns
// into 413 (for a body over the limit) or a user error. Read as JSON, each
// scalar member comes back as its text, each attribute member as
// attribute[code] or attribute[code][] with one value per element, and a
// query parameter only where the body does not set it; read as a form, a
// body and query that url.ParseQuery accepts are accepted with the body's
// values.
func FuzzO311Form(f *testing.F) {
	for _, s := range []struct {
		body  string
		ct    uint8
		query string
	}{
		{`{"service_code":"001","lat":18.25,"long":109.5,"description":"路灯不亮","attribute":{"where":"路口","tags":["a","b"]}}`, 0, "api_key=k"},
		{`{"service_code":"001","attribute":{"x":{"y":1}}}`, 1, ""},
		{`{"a":[1]}`, 0, ""},
		{`{"a":null,"b":true,"c":1e999}`, 0, "a=q"},
		{`[1]`, 0, ""},
		{"service_code=001&lat=18.25&long=109.5&attribute%5Bwhere%5D=%E8%B7%AF%E5%8F%A3", 2, "api_key=k"},
		{"a=%zz", 2, ""},
		{"--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\n001\r\n--XyZ--\r\n", 3, ""},
		{"--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nxx\r\n--XyZ", 3, ""},
		{"x", 5, "a=1;b=2"},
		{strings.Repeat("a", fuzzBodyLimit+1), 2, ""},
	} {
		f.Add([]byte(s.body), s.ct, s.query)
	}
	f.Fuzz(func(t *testing.T, body []byte, ct uint8, query string) {
		ctype := fuzzContentTypes[int(ct)%len(fuzzContentTypes)]
		v, err := o311Form(fuzzRequest("/open311/v2/requests.json", body, ctype, query))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				if len(body) <= fuzzBodyLimit {
					t.Fatalf("o311Form(%q): too large at %d bytes", body, len(body))
				}
				return
			}
			if bad := testfix.UserError(err, body); bad != nil {
				t.Fatalf("o311Form(%s, %q): %v", ctype, body, bad)
			}
		}
		if strings.HasPrefix(ctype, "application/json") {
			checkJSONForm(t, body, query, v, err)
			return
		}
		if ctype == "application/x-www-form-urlencoded" && len(body) <= fuzzBodyLimit {
			bq, berr := url.ParseQuery(string(body))
			_, qerr := url.ParseQuery(query)
			if berr == nil && qerr == nil {
				if err != nil {
					t.Fatalf("o311Form(%q, query %q) = %v for a well-formed form", body, query, err)
				}
				for k, vals := range bq {
					if got := v[k]; len(got) < len(vals) || !reflect.DeepEqual(got[:len(vals)], vals) {
						t.Fatalf("o311Form(%q): %s = %q, want %q first", body, k, got, vals)
					}
				}
			}
		}
	})
}

// checkJSONForm checks o311Form's result for a JSON body against a plain
// decoding of the same body.
func checkJSONForm(t *testing.T, body []byte, query string, v url.Values, err error) {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if len(body) > fuzzBodyLimit || dec.Decode(&m) != nil {
		if err == nil {
			t.Fatalf("o311Form accepted JSON %q that does not decode to an object", body)
		}
		return
	}
	wantOK := true
	want := url.Values{}
	for k, x := range m {
		if k != "attribute" {
			s, ok := jsonScalar(x)
			wantOK = wantOK && ok
			want.Set(k, s)
			continue
		}
		attrs, ok := x.(map[string]any)
		if !ok {
			wantOK = false
			continue
		}
		for code, a := range attrs {
			list, isList := a.([]any)
			if !isList {
				list = []any{a}
			}
			for _, e := range list {
				s, ok := jsonScalar(e)
				wantOK = wantOK && ok
				key := "attribute[" + code + "]"
				if isList {
					key += "[]"
				}
				want.Add(key, s)
			}
		}
	}
	if !wantOK {
		if err == nil {
			t.Fatalf("o311Form accepted JSON %q with a non-scalar member", body)
		}
		return
	}
	if err != nil {
		t.Fatalf("o311Form refused JSON %q: %v", body, err)
	}
	q, _ := url.ParseQuery(query)
	for k, x := range q {
		if _, has := want[k]; !has {
			want[k] = x
		}
	}
	if len(v) != len(want) {
		t.Fatalf("o311Form(%q) = %q, want %q", body, v, want)
	}
	for k := range want {
		if _, clash := m[k]; clash && strings.HasPrefix(k, "attribute[") {
			continue // a member named like an attribute key: map order decides
		}
		// Attribute lists keep their order; values of one attribute[code]
		// key come from a map, so compare them as sets.
		a, b := slices.Clone(v[k]), slices.Clone(want[k])
		if !strings.HasSuffix(k, "[]") {
			slices.Sort(a)
			slices.Sort(b)
		}
		if !slices.Equal(a, b) {
			t.Fatalf("o311Form(%q): %s = %q, want %q", body, k, a, b)
		}
	}
}

// fuzzInput is a JSON API body with the value kinds the API reads:
// strings, numbers, booleans, lists, a kind and slots with their own
// decoder.
type fuzzInput struct {
	unitInput
	Slots talent.Slots `json:"slots"`
}

// FuzzBodyJSON feeds arbitrary bodies to bodyJSON, the JSON API's decoder
// for creates (kit.APICreate, DecodeJSON underneath). It must not panic and may fail only
// with a user error; a body it accepts is answered with the code asked for
// and a JSON value that decodes to the same input (the decoded value
// round-trips).
func FuzzBodyJSON(f *testing.F) {
	for _, s := range []struct {
		body string
		ct   uint8
	}{
		{`{"name":"三亚某公司","credit_code":"91350100M000100Y43","kind":"enterprise","chain_tags":["旅游"],"employees":12,"foreign_owned":false,"area_id":3,"org_id":0,"slots":["weekday_evening"]}`, 0},
		{`{"slots":5}`, 1},
		{`{"slots":["nope"]}`, 0},
		{`{"slots":{"a":1}}`, 0},
		{`{"employees":"12"}`, 0},
		{`{"employees":1e2}`, 0},
		{`{"bogus":1}`, 0},
		{`{"name":"a"} {"name":"b"}`, 0},
		{``, 0},
		{`{"name":"a"`, 0},
		{`{"name":"a"}`, 5},
		{`{"name":"` + strings.Repeat("长", fuzzBodyLimit) + `"}`, 0},
	} {
		f.Add([]byte(s.body), s.ct)
	}
	f.Fuzz(func(t *testing.T, body []byte, ct uint8) {
		ctype := fuzzContentTypes[int(ct)%len(fuzzContentTypes)]
		w := httptest.NewRecorder()
		var got fuzzInput
		err := bodyJSON(w, fuzzRequest("/api/v1/units", body, ctype, ""), http.StatusCreated, func(in fuzzInput) (fuzzInput, error) {
			got = in
			return in, nil
		})
		if err != nil {
			if bad := testfix.UserError(err, body); bad != nil {
				t.Fatalf("bodyJSON(%s, %q): %v", ctype, body, bad)
			}
			return
		}
		if !strings.HasPrefix(ctype, "application/json") {
			t.Fatalf("bodyJSON accepted content type %q", ctype)
		}
		if w.Code != http.StatusCreated {
			t.Fatalf("bodyJSON(%q) answered %d", body, w.Code)
		}
		var back fuzzInput
		if err := json.Unmarshal(w.Body.Bytes(), &back); err != nil {
			t.Fatalf("bodyJSON(%q) answered %q, which does not decode: %v", body, w.Body.Bytes(), err)
		}
		if !reflect.DeepEqual(back, got) {
			t.Fatalf("bodyJSON(%q): decoded %+v, answered %+v", body, got, back)
		}
	})
}
