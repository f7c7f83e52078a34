package open311

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/config"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// o311Post places an order from a service request. The client's api_key
// is required (403 without a valid one). A repeated request returns the
// original order: the Idempotency-Key header, or else the request's
// canonical form on the same Sanya day, is the order's idempotency key.
func (m *Module) o311Post(w http.ResponseWriter, r *http.Request, f Format, _ string) error {
	form, err := Form(r)
	if err != nil {
		return err
	}
	key := strings.TrimSpace(form.Get("api_key"))
	c, err := order.ClientByKey(r.Context(), m.DB.Read(), key)
	if apperr.CodeOf(err) == apperr.Unauthorized {
		if key == "" {
			return apperr.New(apperr.Forbidden, "open311.err.api_key_missing")
		}
		return apperr.New(apperr.Forbidden, "open311.err.api_key_invalid")
	} else if err != nil {
		return err
	}
	if err := m.Limit(config.RateOpen311, "key:"+strconv.FormatInt(c.ID, 10)); err != nil {
		return err
	}
	d, err := m.o311Draft(r.Context(), form)
	if err != nil {
		return err
	}
	d.ClientID = c.ID
	d.Public = true // an Open311 client posts in public, as the GeoReport model has it
	if d.IdemKey, err = o311IdemKey(r, c.ID, form, m.o311Now()); err != nil {
		return err
	}
	ctx := audit.WithActor(r.Context(), audit.Actor{Username: "open311:" + c.Name, IP: kit.ClientIP(r), UA: r.UserAgent()})
	o, err := m.Orders.Submit(ctx, d)
	if err != nil {
		return err
	}
	if o.Duplicate {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeO311(w, f, http.StatusOK, o311CreatedList{{ID: o.PublicID, Token: o.Token, ServiceNotice: nstr(o311Notice(kit.LangOf(r), o))}})
	return nil
}

func (m *Module) o311Now() time.Time {
	if m.Orders.Clock != nil {
		return m.Orders.Clock()
	}
	return time.Now()
}

// Form reads the parameters: a form (the spec's encoding), or a JSON
// object of the same names with "attribute" an object of code → value or
// list of values. Query parameters (api_key, say) count too.
func Form(r *http.Request) (url.Values, error) {
	bad := apperr.New(apperr.Invalid, "open311.err.body")
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "application/json") {
		v, err := jsonForm(r)
		if err != nil {
			return nil, err
		}
		for k, x := range r.URL.Query() {
			if _, has := v[k]; !has {
				v[k] = x
			}
		}
		return v, nil
	}
	var err error
	if strings.HasPrefix(ct, "multipart/form-data") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return nil, err
		}
		return nil, bad
	}
	return r.Form, nil
}

// jsonForm reads a JSON object into form values: scalars as text, and
// "attribute" as attribute[code] (a value) or attribute[code][] (a list).
func jsonForm(r *http.Request) (url.Values, error) {
	bad := apperr.New(apperr.Invalid, "open311.err.body")
	var m map[string]any
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return nil, err
		}
		return nil, bad
	}
	v := url.Values{}
	for k, x := range m {
		if k != "attribute" {
			s, ok := JSONScalar(x)
			if !ok {
				return nil, bad
			}
			v.Set(k, s)
			continue
		}
		attrs, ok := x.(map[string]any)
		if !ok {
			return nil, bad
		}
		for code, a := range attrs {
			list, isList := a.([]any)
			if !isList {
				list = []any{a}
			}
			for _, e := range list {
				s, ok := JSONScalar(e)
				if !ok {
					return nil, bad
				}
				if isList {
					v.Add("attribute["+code+"][]", s)
				} else {
					v.Add("attribute["+code+"]", s)
				}
			}
		}
	}
	return v, nil
}

// JSONScalar is a JSON scalar's text (false for an object or a list).
func JSONScalar(x any) (string, bool) {
	switch x := x.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

var attrRE = regexp.MustCompile(`^attribute\[([^\[\]]+)\](\[\])?$`)

// o311Draft turns the parameters into an order draft; the orderer's name,
// phone and email are kept sealed by the order store and never shown.
func (m *Module) o311Draft(ctx context.Context, form url.Values) (order.Draft, error) {
	get := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	d := order.Draft{Channel: "open311", OrdererKind: "resident", Description: form.Get("description"),
		ContactName: personName(get("first_name"), get("last_name")), Phone: get("phone"), Email: get("email"),
		MediaURL: get("media_url"), Address: get("address_string"), Attributes: map[string][]string{}}
	if d.Address == "" {
		d.Address = get("address_id")
	}
	if len(d.Phone) > 40 {
		return d, apperr.InvalidField("phone", "err.text_too_long")
	}
	if len(d.Email) > 200 {
		return d, apperr.InvalidField("email", "err.text_too_long")
	}
	for k, vals := range form {
		if m := attrRE.FindStringSubmatch(k); m != nil {
			d.Attributes[m[1]] = append(d.Attributes[m[1]], vals...)
		}
	}
	code := get("service_code")
	if code == "" {
		return d, apperr.InvalidField("service_code", "open311.err.service_code_missing")
	}
	if cat, ok := strings.CutPrefix(code, o311CatPrefix); ok {
		if !post.ValidCategory(cat) {
			return d, o311UnknownService(code)
		}
		d.Category = cat
	} else {
		d.ItemCode = code
		if strings.TrimSpace(d.Description) == "" { // the spec makes it optional: the service name says it
			it, err := m.itemByCode(ctx, code)
			if err != nil {
				return d, err
			}
			d.Description = it.Name
		}
	}
	lat, lng := get("lat"), get("long")
	if lat == "" && lng == "" {
		return d, nil
	}
	var err1, err2 error
	d.Lat, err1 = strconv.ParseFloat(lat, 64)
	d.Lng, err2 = strconv.ParseFloat(lng, 64)
	if err1 != nil || err2 != nil || math.IsNaN(d.Lat+d.Lng) || math.IsInf(d.Lat+d.Lng, 0) {
		return d, apperr.InvalidField("location", "open311.err.lat_long")
	}
	d.HasPlace = true
	return d, nil
}

// personName joins given and family names: family name first for Chinese
// names, "first last" otherwise.
func personName(first, last string) string {
	for _, r := range first + last {
		if r > unicode.MaxASCII {
			return last + first
		}
	}
	return strings.TrimSpace(first + " " + last)
}

// o311IdemKey is the order's idempotency key for a client: the
// Idempotency-Key header, or else the SHA-256 of the request's canonical
// form (sorted names and values, api_key left out) and the Sanya day.
func o311IdemKey(r *http.Request, clientID int64, form url.Values, now time.Time) (string, error) {
	if k := strings.TrimSpace(r.Header.Get("Idempotency-Key")); k != "" {
		if len(k) > 120 {
			return "", apperr.InvalidField("Idempotency-Key", "open311.err.idempotency_key")
		}
		return fmt.Sprintf("o311:%d:%s", clientID, k), nil
	}
	canon := url.Values{}
	for k, vals := range form {
		if k != "api_key" {
			v := append([]string(nil), vals...)
			sort.Strings(v)
			canon[k] = v
		}
	}
	sum := sha256.Sum256([]byte(canon.Encode()))
	return fmt.Sprintf("o311:%d:form:%s:%s", clientID, now.In(order.Sanya).Format(time.DateOnly), hex.EncodeToString(sum[:])), nil
}
