package open311_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/order"
	"dangjian/internal/scope"
	"dangjian/internal/web/webtest"
)

func TestOpen311PostAndRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		ctx := context.Background()
		c := o.Post(t, webtest.O311Call{Form: o.Form("家中老人需要上门测血压，请联系 13911112222")})
		if c.AccountID != nil || c.Token == "" || !strings.Contains(c.ServiceNotice, "测试网格党群服务点") {
			t.Errorf("created = %+v", c)
		}
		id := o.OrderID(t, c.ID)
		// Staff see the same order as in the UI, in their scope only.
		jy, _ := o.S.Areas.ScopePaths(ctx, o.W.Jiyang.Area.ID)
		got, err := o.S.Orders.Get(ctx, scope.Scope{AreaPaths: jy}, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Channel != "open311" || got.ItemCode != "JY-P4-01" || got.PostID != o.Svc.Chain[3].ID || got.Status != order.Accepted ||
			strings.Join(got.Attributes["people"], ",") != "2" || got.ContactName != webtest.O311Name || got.ContactMask != "139****4321" || got.Token != c.Token {
			t.Errorf("order = %+v", got)
		}
		ht, _ := o.S.Areas.ScopePaths(ctx, o.W.Haitang.Area.ID)
		if _, err := o.S.Orders.Get(ctx, scope.Scope{AreaPaths: ht}, id); err == nil {
			t.Error("海棠区 staff see a 吉阳区 order")
		}

		one := o.Call(t, webtest.O311Get("/open311/v2/requests/"+c.ID+".json"), 200)
		var rs []webtest.Request
		json.Unmarshal([]byte(one.Body), &rs)
		if len(rs) != 1 {
			t.Fatalf("one = %s", one.Body)
		}
		q := rs[0]
		if q.ID != c.ID || q.Status != "open" || q.ServiceCode != "JY-P4-01" || q.ServiceName != "上门体检" || q.Agency != "测试网格党群服务点" ||
			q.StatusNotes != "已受理" || q.MediaURL != nil || q.Lat != round3(o.Svc.GridPoint[0]) || q.Long != round3(o.Svc.GridPoint[1]) {
			t.Errorf("request = %+v", q)
		}
		if !strings.Contains(q.Description, "139****2222") || strings.Contains(q.Description, "13911112222") {
			t.Errorf("a phone typed into the description is shown: %q", q.Description)
		}
		for _, ts := range []string{q.Requested, q.Updated, q.Expected} {
			if tt, err := time.Parse(time.RFC3339, ts); err != nil || !strings.HasSuffix(ts, "+08:00") || tt.Before(got.CreatedAt.Add(-time.Second)) {
				t.Errorf("datetime %q", ts)
			}
		}
		if exp, _ := time.Parse(time.RFC3339, q.Expected); !exp.Equal(got.Deadline) {
			t.Errorf("expected_datetime %s, deadline %s", q.Expected, got.Deadline)
		}
		o.Call(t, webtest.O311Get("/open311/v2/requests/999999.json"), 404)
		o.Call(t, webtest.O311Get("/open311/v2/requests/abc.json"), 404)

		x := o.Call(t, webtest.O311Get("/open311/v2/requests/"+c.ID+".xml"), 200)
		var rx struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []struct {
				ID       string `xml:"service_request_id"`
				Status   string `xml:"status"`
				Code     string `xml:"service_code"`
				Agency   string `xml:"agency_responsible"`
				Long     string `xml:"long"`
				MediaURL string `xml:"media_url"`
			} `xml:"request"`
		}
		if err := xml.Unmarshal([]byte(x.Body), &rx); err != nil || len(rx.Requests) != 1 || rx.Requests[0].ID != c.ID ||
			rx.Requests[0].Status != "open" || rx.Requests[0].Agency != "测试网格党群服务点" || rx.Requests[0].Long != fmt.Sprint(q.Long) {
			t.Errorf("request.xml: %v %+v", err, rx)
		}

		tok := o.Call(t, webtest.O311Get("/open311/v2/tokens/"+c.Token+".json"), 200)
		if !strings.Contains(tok.Body, `"service_request_id":"`+c.ID+`"`) {
			t.Errorf("token = %s", tok.Body)
		}
		tx := o.Call(t, webtest.O311Get("/open311/v2/tokens/"+c.Token+".xml"), 200)
		if !strings.Contains(tx.Body, "<service_request_id>"+c.ID+"</service_request_id>") {
			t.Errorf("token.xml = %s", tx.Body)
		}
		o.Call(t, webtest.O311Get("/open311/v2/tokens/nope.json"), 404)
	})
}

// TestOpen311PostFormats posts for an XML answer, posts a JSON body, and
// orders the routed category services.
func TestOpen311PostFormats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		ctx := context.Background()
		px := o.Call(t, webtest.O311Call{Method: "POST", Path: "/open311/v2/requests.xml", Form: o.Form("XML 下单")}, 200)
		var cx struct {
			XMLName xml.Name `xml:"service_requests"`
			ID      string   `xml:"request>service_request_id"`
			Token   string   `xml:"request>token"`
		}
		if err := xml.Unmarshal([]byte(px.Body), &cx); err != nil || cx.ID == "" || cx.Token == "" {
			t.Errorf("post.xml: %v %s", err, px.Body)
		}
		jc := o.Post(t, webtest.O311Call{Json: map[string]any{"api_key": o.Key, "service_code": "JY-P4-01", "description": "JSON 下单",
			"lat": o.Svc.GridPoint[0], "long": o.Svc.GridPoint[1], "phone": webtest.O311Phone, "attribute": map[string]any{"people": 3, "when": []string{"pm"}}}})
		if g, _ := o.S.Orders.Get(ctx, scope.Everything, o.OrderID(t, jc.ID)); strings.Join(g.Attributes["people"], ",") != "3" || strings.Join(g.Attributes["when"], ",") != "pm" {
			t.Errorf("JSON order attributes = %v", g.Attributes)
		}
		lc := o.Post(t, webtest.O311Call{Form: url.Values{"api_key": {o.Key}, "service_code": {"cat.legal"}, "description": {"邻里纠纷需要法律咨询"},
			"lat": {fmt.Sprint(o.Svc.GridPoint[0])}, "long": {fmt.Sprint(o.Svc.GridPoint[1])}}})
		lr := o.Requests(t, "?service_request_id="+lc.ID)
		if len(lr) != 1 || lr[0].ServiceCode != "JY-P3-01" || lr[0].Agency != "测试社区党群服务站" {
			t.Errorf("routed legal request = %+v", lr)
		}
		ec := o.Post(t, webtest.O311Call{Form: url.Values{"api_key": {o.Key}, "service_code": {"cat.environment"}, "description": {"路边垃圾堆积"},
			"address_string": {"三亚市吉阳区" + o.W.Jiyang.Village.Name + "路口"}}})
		er := o.Requests(t, "?service_request_id="+ec.ID)
		// The public sees the village, not the address typed.
		if len(er) != 1 || er[0].ServiceCode != "cat.environment" || er[0].Address == nil || *er[0].Address != o.W.Jiyang.Village.Name {
			t.Errorf("routed environment request = %+v", er)
		}
	})
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func TestOpen311Idempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		a := o.Post(t, webtest.O311Call{Form: o.Form("同一请求提交两次")})
		r := o.Call(t, webtest.O311Call{Method: "POST", Path: "/open311/v2/requests.json", Form: o.Form("同一请求提交两次")}, 200)
		if !strings.Contains(r.Body, `"service_request_id":"`+a.ID+`"`) || r.Hdr.Get("Idempotent-Replayed") != "true" {
			t.Errorf("repeated form placed another order: %s", r.Body)
		}
		if n := o.Orders(t); n != 1 {
			t.Errorf("%d orders after a repeated form", n)
		}
		key := map[string]string{"Idempotency-Key": "hotline-20261127-0001"}
		b := o.Post(t, webtest.O311Call{Form: o.Form("带幂等键的请求"), Hdr: key})
		c := o.Post(t, webtest.O311Call{Form: o.Form("带幂等键的请求（重试时文字变了）"), Hdr: key})
		if b.ID == a.ID || c.ID != b.ID || c.Token != b.Token {
			t.Errorf("Idempotency-Key: %s then %s (first %s)", b.ID, c.ID, a.ID)
		}
		if n := o.Orders(t); n != 2 {
			t.Errorf("%d orders, want 2", n)
		}
		// Another client's same key is its own.
		_, other, _ := order.NewClient(context.Background(), o.S.DB, "另一个接入系统", "")
		f := o.Form("带幂等键的请求")
		f.Set("api_key", other)
		if d := o.Post(t, webtest.O311Call{Form: f, Hdr: key}); d.ID == b.ID {
			t.Error("two clients share an idempotency key")
		}
	})
}

func TestOpen311RefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		with := func(k, v string) url.Values {
			f := o.Form("测试")
			if v == "" {
				f.Del(k)
			} else {
				f.Set(k, v)
			}
			return f
		}
		outside := func() url.Values { f := with("lat", "39.9"); f.Set("long", "116.4"); return f }
		cases := []struct {
			name, path string
			form       url.Values
			code       int
			lang, msg  string
		}{
			{"outside Sanya", "requests.json", outside(), 400, "", "三亚"},
			{"outside Sanya, en", "requests.json", outside(), 400, "en", "outside Sanya"},
			{"unknown service", "requests.json", with("service_code", "NOPE-9"), 404, "", "NOPE-9"},
			{"unknown category", "requests.json", with("service_code", "cat.nope"), 404, "", "cat.nope"},
			{"no service code", "requests.json", with("service_code", ""), 400, "", "service_code"},
			{"required attribute", "requests.json", with("attribute[people]", ""), 400, "", "人数"},
			{"bad list value", "requests.json", with("attribute[when]", "night"), 400, "", "时段"},
			{"description too long", "requests.json", with("description", strings.Repeat("长", 4001)), 400, "", "4000"},
			{"lat without long", "requests.json", with("long", ""), 400, "", "long"},
			{"no api key", "requests.json", with("api_key", ""), 403, "", "api_key"},
			{"bad api key", "requests.json", with("api_key", "dj_not-a-real-key-000000"), 403, "en", "Invalid api_key"},
			{"bad api key, xml", "requests.xml", with("api_key", "dj_not-a-real-key-000000"), 403, "", "api_key"},
			{"outside Sanya, xml", "requests.xml", outside(), 400, "", "三亚"},
			{"bad format", "requests.csv", o.Form("测试"), 404, "", ""},
		}
		for _, c := range cases {
			hdr := map[string]string{}
			if c.lang != "" {
				hdr["Accept-Language"] = c.lang
			}
			r := o.Call(t, webtest.O311Call{Method: "POST", Path: "/open311/v2/" + c.path, Form: c.form, Hdr: hdr}, c.code)
			if !strings.Contains(r.Body, c.msg) {
				t.Errorf("%s: message lacks %q: %s", c.name, c.msg, r.Body)
			}
			if n := o.Orders(t); n != 0 {
				t.Fatalf("%s wrote %d orders", c.name, n)
			}
		}
		// The longest description the spec allows is taken.
		o.Post(t, webtest.O311Call{Form: with("description", strings.Repeat("长", 4000))})
		if n := o.Orders(t); n != 1 {
			t.Errorf("4000 characters: %d orders", n)
		}
	})
}

func TestOpen311RequestFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		ctx := context.Background()
		a := o.Post(t, webtest.O311Call{Form: o.Form("体检一")})
		b := o.Post(t, webtest.O311Call{Form: o.Form("体检二，与一重复")})
		f := o.Form("垃圾清运")
		f.Set("service_code", "cat.environment")
		c := o.Post(t, webtest.O311Call{Form: f})
		if _, err := o.S.Orders.Merge(ctx, scope.Everything, o.OrderID(t, b.ID), o.OrderID(t, a.ID), "重复"); err != nil {
			t.Fatal(err)
		}
		all := c.ID + "," + b.ID + "," + a.ID // newest first
		now := time.Now().In(order.Sanya)
		w3 := func(t time.Time) string { return url.QueryEscape(t.Format(time.RFC3339)) }
		for q, want := range map[string]string{
			"":                                       all,
			"?status=open":                           c.ID + "," + a.ID,
			"?status=closed":                         b.ID,
			"?status=open,closed":                    all,
			"?status=open&status=closed":             all,
			"?service_code=JY-P4-01":                 b.ID + "," + a.ID,
			"?service_code=JY-P4-01&status=open":     a.ID,
			"?service_code=cat.environment":          c.ID,
			"?service_code=cat.environment,JY-P4-01": all,
			"?service_code=NOPE":                     "",
			"?start_date=" + w3(now.Add(-time.Hour)): all,
			"?start_date=" + w3(now.Add(time.Hour)):  "",
			"?end_date=" + w3(now.Add(-time.Hour)):   "",
			"?start_date=" + w3(now.Add(-time.Hour)) + "&end_date=" + w3(now.Add(time.Hour)): all,
			"?start_date=" + now.Add(-24*time.Hour).Format("2006-01-02T15:04:05Z07:00"):      all, // "+" unescaped
			"?start_date=" + now.AddDate(0, 0, -1).Format(time.DateOnly):                     all,
			"?service_request_id=" + a.ID + "," + c.ID:                                       c.ID + "," + a.ID,
			"?service_request_id=" + a.ID + "&status=closed&service_code=NOPE":               a.ID, // ids override the rest
			"?service_request_id=x,999999":                                                   "",
		} {
			if got := ids(o.Requests(t, q)); got != want {
				t.Errorf("requests%s = [%s], want [%s]", q, got, want)
			}
		}
		merged := o.Requests(t, "?service_request_id="+b.ID)[0]
		if merged.Status != "closed" || !strings.Contains(merged.StatusNotes, a.ID) {
			t.Errorf("merged request = %+v", merged)
		}
		for _, q := range []string{"?start_date=yesterday", "?end_date=2026-13-01T00:00:00Z", "?status=pending",
			"?start_date=" + w3(now) + "&end_date=" + w3(now.Add(-time.Hour)),
			"?start_date=" + w3(now.AddDate(0, 0, -100)) + "&end_date=" + w3(now)} {
			o.Call(t, webtest.O311Get("/open311/v2/requests.json"+q), 400)
			o.Call(t, webtest.O311Get("/open311/v2/requests.xml"+q), 400)
		}
		r := o.Call(t, webtest.O311Get("/open311/v2/requests.xml?status=open"), 200)
		var rx struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []struct {
				ID     string `xml:"service_request_id"`
				Status string `xml:"status"`
			} `xml:"request"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &rx); err != nil || len(rx.Requests) != 2 || rx.Requests[0].ID != c.ID {
			t.Errorf("requests.xml: %v %s", err, r.Body)
		}
		r = o.Call(t, webtest.O311Get("/open311/v2/requests.xml?service_code=NOPE"), 200)
		if !strings.Contains(r.Body, "<service_requests></service_requests>") {
			t.Errorf("empty requests.xml = %s", r.Body)
		}
	})
}
