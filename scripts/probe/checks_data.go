package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
)

func dataChecks() []check {
	return []check{
		{1, "masked ID numbers rebuilt from birth dates", false, checkMasking},
		{7, "CSV formula injection", false, checkCSVFormula},
		{9, "public Open311 feed detail", false, checkOpen311Feed},
		{11, "branch secretary's writes outside their role", false, checkSecretaryWrites},
		{12, "impossible and absurd dates", false, checkDates},
		{19, "markup in imported names", false, checkMarkupImport},
	}
}

var (
	dateRE = regexp.MustCompile(`\b(19|20)\d\d-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])\b`)
	// maskRE finds a shown ID number: 18 characters of digits, X and *.
	maskRE = regexp.MustCompile(`\b[0-9*]{17}[0-9Xx*]`)
)

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r == 'X' || r == 'x' {
			n++
		}
	}
	return n
}

// checkMasking reads people as the viewer, the grid worker and a branch
// secretary, through the list, the detail, the API and the export: no birth
// date, and no ID mask of more than four characters.
func checkMasking(e *env, r *result) {
	for _, user := range []string{"viewer", "grid", "maliang"} {
		c, err := e.staff(user)
		if err != nil {
			r.err = err
			return
		}
		res, err := c.get("/api/v1/people?per_page=50")
		if err != nil {
			r.err = err
			return
		}
		var list struct {
			Items []map[string]any `json:"items"`
		}
		if err := res.json(&list); err != nil {
			r.err = fmt.Errorf("%s people: %v", user, err)
			return
		}
		for _, p := range list.Items {
			for k, v := range p {
				s := fmt.Sprint(v)
				if strings.Contains(k, "birth") {
					r.expect(!dateRE.MatchString(s), "%s sees %s=%s of person %v in the API list", user, k, s, p["id"])
				}
				if strings.Contains(k, "id_number") {
					r.expect(digits(s) <= 4, "%s sees %s=%s of person %v", user, k, s, p["id"])
				}
			}
			id := fmt.Sprint(p["id"])
			for _, path := range []string{"/api/v1/people/" + id, "/people/" + id} {
				d, err := c.get(path)
				if err != nil {
					r.err = err
					return
				}
				body := d.text()
				for _, m := range maskRE.FindAllString(body, -1) {
					r.expect(digits(m) <= 4, "%s sees ID %s on %s", user, m, path)
				}
				r.expect(!strings.Contains(body, `"birth_date":"`) && !regexp.MustCompile(`出生日期[^<]*<[^>]*>\s*(19|20)\d\d-`).MatchString(body),
					"%s sees a birth date on %s", user, path)
			}
			break // one detail per account is enough: the list covers the rest
		}
		ex, err := c.get("/export/people?format=csv")
		if err != nil {
			r.err = err
			return
		}
		recs, err := csv.NewReader(bytes.NewReader(ex.Body)).ReadAll()
		if err != nil || len(recs) == 0 {
			r.err = fmt.Errorf("%s people export: %v (%d)", user, err, ex.Status)
			return
		}
		for _, rec := range recs[1:] {
			for i, cell := range rec {
				h := strings.ToLower(recs[0][i])
				if strings.Contains(h, "出生") || strings.Contains(h, "birth") {
					r.expect(!dateRE.MatchString(cell), "%s's export has %s=%s", user, recs[0][i], cell)
				}
				if maskRE.MatchString(cell) {
					r.expect(digits(cell) <= 4, "%s's export shows ID %s", user, cell)
				}
			}
		}
	}
}

// formula is a cell a spreadsheet would run.
const formula = `=cmd|' /C calc'!A0`

func checkCSVFormula(e *env, r *result) {
	c := e.client()
	res, err := c.postForm("/open311/v2/requests.json", url.Values{"api_key": {"demo-open311-key-2026"}, "service_code": {"cat.environment"},
		"lat": {"18.2536"}, "long": {"109.5120"}, "description": {formula}}, "")
	if err != nil {
		r.err = err
		return
	}
	if res.Status >= 300 {
		r.err = fmt.Errorf("open311 post: %d %.200s", res.Status, res.Body)
		return
	}
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	for _, kind := range []string{"orders"} {
		ex, err := a.get("/export/" + kind + "?format=csv")
		if err != nil {
			r.err = err
			return
		}
		recs, err := csv.NewReader(bytes.NewReader(ex.Body)).ReadAll()
		if err != nil {
			r.err = fmt.Errorf("%s export: %v", kind, err)
			return
		}
		seen := false
		for _, rec := range recs {
			for _, cell := range rec {
				if strings.Contains(cell, "cmd|") {
					seen = true
				}
				r.expect(cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) || isNumber(cell), "%s export has a live formula cell %q", kind, cell)
			}
		}
		r.expect(seen, "%s export does not hold the planted description at all", kind)
	}
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// checkOpen311Feed reads the public feed anonymously: rounded coordinates,
// no grid, ids that do not count up, and none of the residents' private
// in-app orders.
func checkOpen311Feed(e *env, r *result) {
	c := e.client()
	res, err := c.get("/open311/v2/requests.json")
	if err != nil {
		r.err = err
		return
	}
	var items []map[string]any
	if err := res.json(&items); err != nil {
		r.err = fmt.Errorf("requests.json: %v %.100s", err, res.Body)
		return
	}
	numeric := 0
	for _, it := range items {
		for _, k := range []string{"lat", "long"} {
			s := strconv.FormatFloat(toFloat(it[k]), 'f', -1, 64)
			dec := 0
			if i := strings.IndexByte(s, '.'); i >= 0 {
				dec = len(s) - i - 1
			}
			r.expect(dec <= 3, "request %v shows %s=%s", it["service_request_id"], k, s)
		}
		if _, err := strconv.Atoi(fmt.Sprint(it["service_request_id"])); err == nil {
			numeric++
		}
		for k := range it {
			r.expect(!strings.Contains(k, "grid"), "request %v shows %s", it["service_request_id"], k)
		}
	}
	r.expect(numeric == 0, "%d of %d public request ids are plain numbers", numeric, len(items))
	// An in-app order the resident did not make public stays out of the feed.
	res2, err := e.mustStaff("resident", r)
	if err != nil {
		return
	}
	form, err := res2.get("/order")
	if err != nil {
		r.err = err
		return
	}
	marker := fmt.Sprintf("探测私密工单%d", os.Getpid())
	vals := url.Values{"csrf": {res2.csrf}, "key": {marker}, "category": {"environment"}, "description": {marker},
		"lat": {"18.2536"}, "lng": {"109.5120"}, "orderer_kind": {"resident"}, "contact_name": {"探测"}, "phone": {"13900000000"}}
	_ = form
	made, err := res2.postForm("/order", vals, "")
	if err != nil {
		r.err = err
		return
	}
	if made.Status != http.StatusSeeOther {
		msg := regexp.MustCompile(`(?s)class="alert"[^>]*>(.*?)</div>`).FindStringSubmatch(made.text())
		r.err = fmt.Errorf("resident order: %d %q", made.Status, msg)
		return
	}
	feed, err := c.get("/open311/v2/requests.json")
	if err != nil {
		r.err = err
		return
	}
	r.expect(!strings.Contains(feed.text(), marker), "the resident's private in-app order is in the public feed")
}

func (e *env) mustStaff(user string, r *result) (*client, error) {
	c, err := e.staff(user)
	if err != nil {
		r.err = err
	}
	return c, err
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}

func checkSecretaryWrites(e *env, r *result) {
	s, err := e.staff("maliang")
	if err != nil {
		r.err = err
		return
	}
	// A grid under the secretary's own village: a valid request, refused
	// for the role alone.
	var villages struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	vl, err := s.get("/api/v1/areas?kind=village&q=" + url.QueryEscape("马亮村"))
	if err != nil || vl.json(&villages) != nil || len(villages.Items) == 0 {
		r.err = fmt.Errorf("the secretary's village: %v %.200s", err, vl.Body)
		return
	}
	res, err := s.postJSON("POST", "/api/v1/areas", map[string]any{"name": "探测网格", "code": "460203900999", "kind": "grid", "parent_id": villages.Items[0].ID})
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == http.StatusForbidden || res.Status == http.StatusNotFound, "branch secretary POST /api/v1/areas (grid) answered %d", res.Status)
	res, err = s.do("POST", "/grids/import", strings.NewReader(""), map[string]string{"Content-Type": "multipart/form-data; boundary=x"})
	if err == nil {
		r.expect(res.Status == http.StatusForbidden, "branch secretary POST /grids/import answered %d", res.Status)
	}
	// The self-registered talent's profile (王建国) and points corrections.
	list, err := s.get("/api/v1/talents?q=" + url.QueryEscape("王建国"))
	if err != nil {
		r.err = err
		return
	}
	var tl struct {
		Items []map[string]any `json:"items"`
	}
	if list.json(&tl) == nil && len(tl.Items) > 0 {
		id := fmt.Sprint(tl.Items[0]["id"])
		body := map[string]any{}
		for _, k := range []string{"name", "title", "party_member", "expertise", "experience", "hometown", "area_id", "lat", "lng", "travel_km", "mode", "capacity", "skills", "stays"} {
			if v, ok := tl.Items[0][k]; ok {
				body[k] = v
			}
		}
		body["expertise"] = "探测改写"
		res, err = s.postJSON("PUT", "/api/v1/talents/"+id, body)
		if err == nil {
			r.expect(res.Status == http.StatusForbidden || res.Status == http.StatusNotFound, "branch secretary PUT talent %s answered %d", id, res.Status)
		}
		res, err = s.postJSON("POST", "/api/v1/points/1/corrections", map[string]any{"points": 5, "reason": "probe"})
		if err == nil {
			r.expect(res.Status == http.StatusForbidden || res.Status == http.StatusNotFound, "branch secretary points correction answered %d", res.Status)
		}
	} else {
		r.find("the self-registered talent 王建国 is not visible to the branch secretary (%d)", list.Status)
	}
}

func checkDates(e *env, r *result) {
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	for _, t := range []struct{ list, item, field, bad string }{
		{"/api/v1/people?status=member&per_page=1", "/api/v1/people/", "joined_on", "2026-02-30"},
		{"/api/v1/people?status=member&per_page=1", "/api/v1/people/", "joined_on", "1800-01-01"},
		{"/api/v1/meetings?per_page=1", "/api/v1/meetings/", "held_on", "1800-01-01"},
		{"/api/v1/meetings?per_page=1", "/api/v1/meetings/", "held_on", "2026-02-31"},
	} {
		res, err := a.get(t.list)
		if err != nil {
			r.err = err
			return
		}
		var list struct {
			Items []map[string]any `json:"items"`
		}
		if err := res.json(&list); err != nil || len(list.Items) == 0 {
			r.err = fmt.Errorf("%s: %v %.100s", t.list, err, res.Body)
			return
		}
		id := fmt.Sprint(list.Items[0]["id"])
		full, err := a.get(t.item + id)
		if err != nil {
			r.err = err
			return
		}
		var obj map[string]any
		if err := full.json(&obj); err != nil {
			r.err = err
			return
		}
		obj[t.field] = t.bad
		res, err = a.postJSON("PUT", t.item+id, obj)
		if err != nil {
			r.err = err
			return
		}
		r.expect(res.Status == http.StatusUnprocessableEntity, "PUT %s%s with %s=%s answered %d", t.item, id, t.field, t.bad, res.Status)
		after, _ := a.get(t.item + id)
		r.expect(!strings.Contains(after.text(), t.bad), "%s%s stored %s=%s", t.item, id, t.field, t.bad)
	}
}

// checkMarkupImport imports a grid whose name is markup: it is refused.
func checkMarkupImport(e *env, r *result) {
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	gj := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"<img src=x onerror=alert(1)>","code":"460203001001999","parent":"460203001001"},"geometry":{"type":"Polygon","coordinates":[[[109.51,18.25],[109.511,18.25],[109.511,18.251],[109.51,18.251],[109.51,18.25]]]}}]}`
	body, ct := multipartFile("file", "grids.geojson", []byte(gj), map[string]string{"csrf": a.csrf})
	res, err := a.do("POST", "/grids/import", body, map[string]string{"Content-Type": ct})
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status >= 400, "a grid named <img …> was imported (%d)", res.Status)
	g, err := a.get("/grids?q=" + url.QueryEscape("onerror"))
	if err == nil {
		r.expect(!strings.Contains(g.text(), "<img src=x"), "the grid list holds live markup")
	}
}
