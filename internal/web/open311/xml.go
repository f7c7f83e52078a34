package open311

import (
	"dangjian/internal/web/kit"
	"encoding/json"
	"encoding/xml"
	"net/http"
)

// The Open311 documents. Each type carries both encodings: JSON as the
// spec's examples (lists are arrays, absent values null), XML with the
// spec's element names (<services><service>, <service_requests><request>,
// <errors><error>, <service_definition>…<attributes><attribute>…<values>
// <value>, <discovery>).

// nstr is an optional text: null in JSON when empty, an empty element in
// XML.
type nstr string

func (s nstr) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

type o311DiscoveryDoc struct {
	XMLName    xml.Name       `json:"-" xml:"discovery"`
	Changeset  string         `json:"changeset" xml:"changeset"`
	Contact    string         `json:"contact" xml:"contact"`
	KeyService string         `json:"key_service" xml:"key_service"`
	Endpoints  []o311Endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

type o311Endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type o311Service struct {
	ServiceCode string `json:"service_code" xml:"service_code"`
	ServiceName string `json:"service_name" xml:"service_name"`
	Description string `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords" xml:"keywords"`
	Group       string `json:"group" xml:"group"`
}

type o311ServiceList []o311Service

func (l o311ServiceList) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return encodeList(e, "services", "service", l)
}

type o311ServiceDef struct {
	XMLName     xml.Name     `json:"-" xml:"service_definition"`
	ServiceCode string       `json:"service_code" xml:"service_code"`
	Attributes  o311AttrList `json:"attributes" xml:"attributes"`
}

type o311Attribute struct {
	Variable            bool       `json:"variable" xml:"variable"`
	Code                string     `json:"code" xml:"code"`
	Datatype            string     `json:"datatype" xml:"datatype"`
	Required            bool       `json:"required" xml:"required"`
	DatatypeDescription string     `json:"datatype_description" xml:"datatype_description"`
	Order               int        `json:"order" xml:"order"`
	Description         string     `json:"description" xml:"description"`
	Values              o311Values `json:"values,omitempty" xml:"values,omitempty"`
}

type o311Value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// o311Values are a list attribute's choices; other attributes have none
// (no <values> element).
type o311Values []o311Value

func (l o311Values) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return encodeList(e, start.Name.Local, "value", l)
}

// o311AttrList writes <attributes> even when it is empty.
type o311AttrList []o311Attribute

func (l o311AttrList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return encodeList(e, start.Name.Local, "attribute", l)
}

// o311Req is a service request as GET requests shows it. No field carries
// the orderer's name, phone or email.
type o311Req struct {
	ID                string  `json:"service_request_id" xml:"service_request_id"`
	Status            string  `json:"status" xml:"status"`
	StatusNotes       nstr    `json:"status_notes" xml:"status_notes"`
	ServiceName       string  `json:"service_name" xml:"service_name"`
	ServiceCode       string  `json:"service_code" xml:"service_code"`
	Description       nstr    `json:"description" xml:"description"`
	AgencyResponsible nstr    `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     nstr    `json:"service_notice" xml:"service_notice"`
	Requested         string  `json:"requested_datetime" xml:"requested_datetime"`
	Updated           nstr    `json:"updated_datetime" xml:"updated_datetime"`
	Expected          nstr    `json:"expected_datetime" xml:"expected_datetime"`
	Address           nstr    `json:"address" xml:"address"`
	AddressID         nstr    `json:"address_id" xml:"address_id"`
	Zipcode           nstr    `json:"zipcode" xml:"zipcode"`
	Lat               float64 `json:"lat" xml:"lat"`
	Long              float64 `json:"long" xml:"long"`
	MediaURL          nstr    `json:"media_url" xml:"media_url"`
}

type o311ReqList []o311Req

func (l o311ReqList) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return encodeList(e, "service_requests", "request", l)
}

// o311Created answers a POST: the new (or the original, for a repeated
// request) order's id and token.
type o311Created struct {
	ID            string `json:"service_request_id" xml:"service_request_id"`
	Token         string `json:"token" xml:"token"`
	ServiceNotice nstr   `json:"service_notice" xml:"service_notice"`
	AccountID     nstr   `json:"account_id" xml:"account_id"`
}

type o311CreatedList []o311Created

func (l o311CreatedList) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return encodeList(e, "service_requests", "request", l)
}

// o311TokenRef answers GET tokens.
type o311TokenRef struct {
	ID    string `json:"service_request_id" xml:"service_request_id"`
	Token string `json:"token" xml:"token"`
}

type o311TokenList []o311TokenRef

func (l o311TokenList) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return encodeList(e, "service_requests", "request", l)
}

type o311Error struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

type o311ErrorList []o311Error

func (l o311ErrorList) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return encodeList(e, "errors", "error", l)
}

// encodeList writes <outer><inner>…</inner>…</outer>, the outer element
// present even for an empty list.
func encodeList[T any](e *xml.Encoder, outer, inner string, items []T) error {
	start := xml.StartElement{Name: xml.Name{Local: outer}}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, it := range items {
		if err := e.EncodeElement(it, xml.StartElement{Name: xml.Name{Local: inner}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// writeO311 writes v in the format, XML with its declaration.
func writeO311(w http.ResponseWriter, f Format, code int, v any) {
	if f != "xml" {
		kit.WriteJSON(w, code, v)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(code)
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	enc.Encode(v)
	enc.Close()
	w.Write([]byte("\n"))
}
