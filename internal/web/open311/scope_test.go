package open311_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/order"
	"dangjian/internal/web/webtest"
)

// open311Matrix holds the Open311 routes' rows of the scope matrix. Open311
// is public by design: anyone, a 海棠区 account included, reads the
// requests of every district there. The rows prove what nobody may see —
// the orderer's name, phone or email, plain or masked — and that a session
// is no api_key: a POST without a valid key is refused and writes nothing.
func open311Matrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	read := func(path func(s o311Seed) string, code int, own bool) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			s := seedO311(t, e)
			p := path(s)
			for _, c := range []*webtest.Client{h, b, e.Anon()} {
				r := c.Do("GET", p, nil)
				webtest.Want(t, p, r, code)
				webtest.NoContact(t, p, r)
				if own && !strings.Contains(r.Body, `"service_request_id":"`+s.id+`"`) && !strings.Contains(r.Body, "<service_request_id>"+s.id+"<") {
					t.Errorf("%s lacks request %s: %.300s", p, s.id, r.Body)
				}
			}
		}
	}
	fixed := func(p string) func(o311Seed) string { return func(o311Seed) string { return p } }
	m := map[string]webtest.MatrixCheck{
		"GET /open311/v2/services/{file}": read(fixed("/open311/v2/services/JY-P4-01.json"), 200, false),
		"GET /open311/v2/requests/{file}": read(func(s o311Seed) string { return "/open311/v2/requests/" + s.id + ".xml" }, 200, true),
		"GET /open311/v2/tokens/{file}":   read(func(s o311Seed) string { return "/open311/v2/tokens/" + s.token + ".json" }, 200, true),
		"GET /open311/v2/{path...}":       read(fixed("/open311/v2/requests/1/history.json"), 404, false),
		"POST /open311/v2/{path...}":      refuseO311("/open311/v2/requests.csv", 404),
	}
	for _, f := range []string{".json", ".xml"} {
		m["GET /open311/v2/discovery"+f] = read(fixed("/open311/v2/discovery"+f), 200, false)
		m["GET /open311/v2/services"+f] = read(fixed("/open311/v2/services"+f), 200, false)
		m["GET /open311/v2/requests"+f] = read(fixed("/open311/v2/requests"+f+"?status=open"), 200, true)
		m["POST /open311/v2/requests"+f] = refuseO311("/open311/v2/requests"+f, 403)
	}
	return m
}

// refuseO311 posts a valid request without a valid api_key — as the
// signed-in 海棠区 account (its session and CSRF token are no key), with a
// forged key as the branch secretary, and anonymously — and expects code
// and no order written.
func refuseO311(path string, code int) webtest.MatrixCheck {
	return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
		s := seedO311(t, e)
		before := countOrders(t, e)
		form := func(key string) url.Values {
			f := url.Values{"service_code": {"JY-P4-01"}, "lat": {s.lat}, "long": {s.lng}, "attribute[people]": {"1"}, "description": {"越权下单"}}
			if key != "" {
				f.Set("api_key", key)
			}
			return f
		}
		for i, c := range []*webtest.Client{h, b, e.Anon()} {
			r := c.Do("POST", path, form([]string{"", "dj_forged-key-00000000", ""}[i]))
			webtest.Want(t, "POST "+path+" without a valid api_key", r, code)
			webtest.NoContact(t, path, r)
		}
		if n := countOrders(t, e); n != before {
			t.Errorf("POST %s without a valid api_key wrote %d orders", path, n-before)
		}
	}
}

func countOrders(t *testing.T, e *webtest.Env) int {
	t.Helper()
	var n int
	if err := e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// o311Seed is a request placed through Open311 with the full contact.
type o311Seed struct{ id, token, lat, lng string }

var o311Seeds sync.Map // *env → o311Seed

// seedO311 places one request in 吉阳区 through Open311 (once per env),
// on the shared service fixture.
func seedO311(t *testing.T, e *webtest.Env) o311Seed {
	t.Helper()
	if s, ok := o311Seeds.Load(e); ok {
		return s.(o311Seed)
	}
	ctx := context.Background()
	e.Service(t)
	lat, lng, err := area.Centre(ctx, e.S.DB.Read(), e.W.Jiyang.Village.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, key, err := order.NewClient(ctx, e.S.DB, "矩阵测试", "")
	if err != nil {
		t.Fatal(err)
	}
	s := o311Seed{lat: fmt.Sprint(lat), lng: fmt.Sprint(lng)}
	r := e.Anon().Do("POST", "/open311/v2/requests.json", url.Values{"api_key": {key}, "service_code": {"JY-P4-01"}, "lat": {s.lat}, "long": {s.lng},
		"attribute[people]": {"1"}, "description": {"矩阵：上门体检"}, "first_name": {"三丰"}, "last_name": {"张"}, "phone": {webtest.O311Phone}, "email": {webtest.O311Email}})
	var out []struct {
		ID    string `json:"service_request_id"`
		Token string `json:"token"`
	}
	if r.Code != 200 || json.Unmarshal([]byte(r.Body), &out) != nil || len(out) != 1 {
		t.Fatalf("seed an Open311 request: %d %.300s", r.Code, r.Body)
	}
	s.id, s.token = out[0].ID, out[0].Token
	o311Seeds.Store(e, s)
	return s
}

func TestScopeMatrixOpen311(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("open311")
		webtest.RunMatrix(t, e, routes, open311Matrix(e))
	})
}
