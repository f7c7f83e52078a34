package open311_test

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// publicID is the shape of a public request id: base32, never a number.
var publicID = regexp.MustCompile(`^[a-z2-7]{16,20}$`)

// TestOpen311PublishesOnlyConsent: the public feed lists an Open311
// client's post and the in-app order whose resident ticked the box, never
// an in-app order left private (not listed, not fetched by its public id,
// its token or its number); every published request is named by a random
// public id, placed by its village to three decimals, without grid or
// typed address; the order form offers the opt-in unticked; staff keep the
// full detail.
func TestOpen311PublishesOnlyConsent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		res := o.Login("resident1")
		form := res.Do("GET", "/order?item="+o.Svc.Checkup.Code, nil)
		if !strings.Contains(form.Body, `name="public" value="1">`) || !strings.Contains(form.Body, "不会公开您的姓名") {
			t.Errorf("the order form lacks the unticked opt-in: %.300s", form.Body)
		}
		private := o.PlaceOrder(t, res, "私密诉求：家里老人行动不便", false)
		shared := o.PlaceOrder(t, res, "公开诉求：小区路灯坏了", true)
		posted := o.Post(t, webtest.O311Call{Form: o.Form("热线转来：需要上门体检")})
		var privPub, privTok, sharedPub string
		d.Read().QueryRowContext(t.Context(), d.Rebind(`SELECT public_id, token FROM orders WHERE id = ?`), private).Scan(&privPub, &privTok)
		d.Read().QueryRowContext(t.Context(), d.Rebind(`SELECT public_id FROM orders WHERE id = ?`), shared).Scan(&sharedPub)

		list := o.Requests(t, "")
		if got := ids(list); got != posted.ID+","+sharedPub {
			t.Errorf("public feed = [%s], want the Open311 post and the opted-in order [%s,%s]", got, posted.ID, sharedPub)
		}
		for _, q := range list {
			if !publicID.MatchString(q.ID) || q.ID == strconv.FormatInt(shared, 10) {
				t.Errorf("request id %q is not a public id", q.ID)
			}
			if q.Lat != round3(q.Lat) || q.Long != round3(q.Long) || q.Lat != round3(o.Svc.GridPoint[0]) || q.Long != round3(o.Svc.GridPoint[1]) {
				t.Errorf("%s: coordinates %v,%v not rounded to 3 decimals", q.ID, q.Lat, q.Long)
			}
			if q.Address == nil || *q.Address != o.W.Jiyang.Village.Name {
				t.Errorf("%s: address %v, want the village", q.ID, q.Address)
			}
			if strings.Contains(q.Description, "私密") {
				t.Errorf("a private description is public: %q", q.Description)
			}
		}
		for _, path := range []string{"requests.json", "requests.xml", "requests/" + sharedPub + ".json"} {
			r := o.Call(t, webtest.O311Get("/open311/v2/"+path), 200)
			for _, leak := range []string{"私密诉求", privPub, o.Svc.Grid.Name, "3栋502", fmt.Sprintf("%.6f", o.Svc.GridPoint[0])} {
				if strings.Contains(r.Body, leak) {
					t.Errorf("%s shows %q", path, leak)
				}
			}
		}
		var rx struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []struct {
				ID string `xml:"service_request_id"`
			} `xml:"request"`
		}
		if err := xml.Unmarshal([]byte(o.Call(t, webtest.O311Get("/open311/v2/requests.xml"), 200).Body), &rx); err != nil || len(rx.Requests) != 2 {
			t.Errorf("requests.xml: %v %+v", err, rx)
		}
		// Neither its public id, its token nor its number opens a private
		// order; numbers open no order at all.
		for _, path := range []string{"requests/" + privPub + ".json", "requests/" + privPub + ".xml", "tokens/" + privTok + ".json",
			fmt.Sprintf("requests/%d.json", private), fmt.Sprintf("requests/%d.json", shared), fmt.Sprintf("requests/%d.json", o.OrderID(t, posted.ID))} {
			o.Call(t, webtest.O311Get("/open311/v2/"+path), 404)
		}
		if got := ids(o.Requests(t, "?service_request_id="+privPub+","+strconv.FormatInt(shared, 10))); got != "" {
			t.Errorf("service_request_id finds [%s]", got)
		}
		if got := ids(o.Requests(t, "?service_request_id="+sharedPub)); got != sharedPub {
			t.Errorf("service_request_id=%s finds [%s]", sharedPub, got)
		}
		// Staff and the resident keep the full detail.
		staff := o.Login("jiyang")
		if r := staff.Do("GET", fmt.Sprintf("/orders/%d", private), nil); r.Code != 200 || !strings.Contains(r.Body, "私密诉求") || !strings.Contains(r.Body, "3栋502") {
			t.Errorf("staff detail: %d", r.Code)
		}
		if r := res.Do("GET", fmt.Sprintf("/my/orders/%d", shared), nil); !strings.Contains(r.Body, "公开展示") {
			t.Errorf("the resident's order does not say it is public")
		}
	})
}

// TestOrdersPublicBackfill runs migration 026 again over orders made
// without its columns: Open311 posts become published, in-app orders stay
// private, and every order gets a distinct random public id.
func TestOrdersPublicBackfill(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		res := o.Login("resident1")
		for i := range 3 {
			o.PlaceOrder(t, res, fmt.Sprint("站内诉求", i), i == 0)
			o.Post(t, webtest.O311Call{Form: o.Form(fmt.Sprint("热线诉求", i))})
		}
		ctx := t.Context()
		undo := []string{`DROP INDEX orders_public_id`, `DROP INDEX orders_published`, `ALTER TABLE orders DROP COLUMN public_id`,
			`ALTER TABLE orders DROP COLUMN published`, `DELETE FROM schema_migrations WHERE name LIKE 'migrations/026_%'`}
		for _, q := range undo {
			if _, err := d.W.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := d.Read().QueryContext(ctx, `SELECT channel, published, public_id FROM orders`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seen := map[string]bool{}
		for rows.Next() {
			var ch, pid string
			var pub bool
			if err := rows.Scan(&ch, &pub, &pid); err != nil {
				t.Fatal(err)
			}
			if pub != (ch == "open311") || !publicID.MatchString(pid) || seen[pid] {
				t.Errorf("backfilled %s order: published %v, public id %q", ch, pub, pid)
			}
			seen[pid] = true
		}
		if len(seen) != 6 {
			t.Errorf("%d orders backfilled", len(seen))
		}
	})
}
