package open311_test

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/i18n"
	"dangjian/internal/web/webtest"
)

func ids(rs []webtest.Request) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.ID)
	}
	return strings.Join(s, ",")
}

func TestOpen311DiscoveryAndServices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		r := o.Call(t, webtest.O311Get("/open311/v2/discovery.json"), 200)
		var disc struct {
			Endpoints []struct {
				Specification, URL string
				Formats            []string
			}
		}
		json.Unmarshal([]byte(r.Body), &disc)
		if len(disc.Endpoints) != 1 || !strings.HasSuffix(disc.Endpoints[0].URL, "/open311/v2") || len(disc.Endpoints[0].Formats) != 2 ||
			disc.Endpoints[0].Specification != "http://wiki.open311.org/GeoReport_v2" {
			t.Errorf("discovery = %s", r.Body)
		}
		r = o.Call(t, webtest.O311Get("/open311/v2/discovery.xml"), 200)
		var dx struct {
			XMLName xml.Name `xml:"discovery"`
			Formats []string `xml:"endpoints>endpoint>formats>format"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &dx); err != nil || len(dx.Formats) != 2 {
			t.Errorf("discovery.xml: %v %s", err, r.Body)
		}

		r = o.Call(t, webtest.O311Get("/open311/v2/services.json"), 200)
		var svcs []struct {
			Code     string `json:"service_code"`
			Name     string `json:"service_name"`
			Metadata bool
			Type     string
			Group    string
		}
		json.Unmarshal([]byte(r.Body), &svcs)
		byCode := map[string]int{}
		for i, s := range svcs {
			byCode[s.Code] = i
		}
		ck, ok1 := byCode["JY-P4-01"]
		lg, ok2 := byCode["JY-P3-01"]
		ch, ok3 := byCode["cat.health"]
		if !ok1 || !ok2 || !ok3 || len(svcs) != 2+12 {
			t.Fatalf("services = %s", r.Body)
		}
		if s := svcs[ck]; s.Name != "上门体检" || !s.Metadata || s.Group != "医疗健康" || s.Type != "realtime" {
			t.Errorf("checkup service = %+v", s)
		}
		if s := svcs[lg]; s.Metadata || s.Group != "法律援助" {
			t.Errorf("legal service = %+v", s)
		}
		if s := svcs[ch]; s.Metadata || s.Group != "医疗健康" || !strings.Contains(s.Name, "医疗健康") {
			t.Errorf("routed health service = %+v", s)
		}
		en := o.Call(t, webtest.O311Call{Method: "GET", Path: "/open311/v2/services.json", Hdr: map[string]string{"Accept-Language": "en"}}, 200)
		if !strings.Contains(en.Body, `"group":"`+i18n.T("en", "svc.cat.health", nil)+`"`) {
			t.Errorf("english services lack the english group: %.300s", en.Body)
		}

		r = o.Call(t, webtest.O311Get("/open311/v2/services.xml"), 200)
		var sx struct {
			XMLName  xml.Name `xml:"services"`
			Services []struct {
				Code     string `xml:"service_code"`
				Name     string `xml:"service_name"`
				Metadata bool   `xml:"metadata"`
				Type     string `xml:"type"`
				Group    string `xml:"group"`
				Keywords string `xml:"keywords"`
			} `xml:"service"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &sx); err != nil || len(sx.Services) != len(svcs) {
			t.Fatalf("services.xml: %v: %.300s", err, r.Body)
		}
		if s := sx.Services[ck]; s.Code != "JY-P4-01" || !s.Metadata || s.Group != "医疗健康" || s.Type != "realtime" {
			t.Errorf("services.xml checkup = %+v", s)
		}
	})
}

func TestOpen311ServiceDefinition(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		r := o.Call(t, webtest.O311Get("/open311/v2/services/JY-P4-01.json"), 200)
		var def struct {
			Code  string `json:"service_code"`
			Attrs []struct {
				Variable    bool
				Code        string
				Datatype    string
				Required    bool
				Order       int
				Description string
				DTDesc      string `json:"datatype_description"`
				Values      []struct{ Key, Name string }
			} `json:"attributes"`
		}
		json.Unmarshal([]byte(r.Body), &def)
		if def.Code != "JY-P4-01" || len(def.Attrs) != 2 {
			t.Fatalf("definition = %s", r.Body)
		}
		if a := def.Attrs[0]; !a.Variable || a.Code != "people" || a.Datatype != "number" || !a.Required || a.Order != 1 || a.Description != "人数" || a.DTDesc == "" {
			t.Errorf("people = %+v", a)
		}
		if a := def.Attrs[1]; a.Code != "when" || a.Datatype != "singlevaluelist" || a.Required || a.Order != 2 || len(a.Values) != 2 || a.Values[1].Key != "pm" || a.Values[1].Name != "下午" {
			t.Errorf("when = %+v", a)
		}
		r = o.Call(t, webtest.O311Get("/open311/v2/services/JY-P4-01.xml"), 200)
		var dx struct {
			XMLName xml.Name `xml:"service_definition"`
			Code    string   `xml:"service_code"`
			Attrs   []struct {
				Code     string   `xml:"code"`
				Required bool     `xml:"required"`
				Order    int      `xml:"order"`
				Keys     []string `xml:"values>value>key"`
			} `xml:"attributes>attribute"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &dx); err != nil || dx.Code != "JY-P4-01" || len(dx.Attrs) != 2 || !dx.Attrs[0].Required ||
			strings.Join(dx.Attrs[1].Keys, ",") != "am,pm" {
			t.Errorf("definition.xml: %v %+v", err, dx)
		}
		r = o.Call(t, webtest.O311Get("/open311/v2/services/cat.health.json"), 200)
		if !strings.Contains(r.Body, `"attributes":[]`) {
			t.Errorf("category definition = %s", r.Body)
		}
		r = o.Call(t, webtest.O311Get("/open311/v2/services/cat.health.xml"), 200)
		if !strings.Contains(r.Body, "<attributes></attributes>") {
			t.Errorf("category definition.xml = %s", r.Body)
		}
		o.Call(t, webtest.O311Get("/open311/v2/services/NOPE-1.json"), 404)
		o.Call(t, webtest.O311Get("/open311/v2/services/cat.nope.xml"), 404)
		o.Call(t, webtest.O311Get("/open311/v2/services/JY-P4-01.yaml"), 404)
		o.Call(t, webtest.O311Get("/open311/v2/services.csv"), 404)
	})
}
