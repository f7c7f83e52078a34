package open311

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/i18n"
	"dangjian/internal/order"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

const (
	o311Max  = 1000                // most requests GET requests returns
	o311Span = 90 * 24 * time.Hour // the widest (and default) date range
)

// o311Requests answers GET requests: by ids (which override every other
// filter), or by service codes, statuses and a date range of at most 90
// days (the last 90 by default), newest first, at most 1000. Only the
// orders their orderer agreed to publish are listed, under their public
// ids (order.Order.Public).
func (m *Module) o311Requests(w http.ResponseWriter, r *http.Request, f Format, _ string) error {
	filters, err := m.o311Filters(r.URL.Query())
	if err != nil {
		return err
	}
	orders, err := m.o311List(r.Context(), filters)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	out := make(o311ReqList, 0, len(orders))
	for _, o := range orders {
		out = append(out, o311View(lang, o))
	}
	writeO311(w, f, http.StatusOK, out)
	return nil
}

// commaList splits repeated, comma-delimited parameter values.
func commaList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// o311Filters turns the query into order filters, one per service code
// and status; nil means nothing can match.
func (m *Module) o311Filters(q url.Values) ([]order.Filter, error) {
	if ids := commaList(q["service_request_id"]); len(ids) > 0 {
		if len(ids) > o311Max {
			return nil, apperr.InvalidField("service_request_id", "open311.err.too_many")
		}
		f := order.Filter{Published: true, PublicIDs: ids}
		return []order.Filter{f}, nil
	}
	from, to, err := o311Range(q, m.o311Now())
	if err != nil {
		return nil, err
	}
	statuses, err := o311Statuses(commaList(q["status"]))
	if err != nil {
		return nil, err
	}
	codes := commaList(q["service_code"])
	if len(codes) > 50 {
		return nil, apperr.InvalidField("service_code", "open311.err.too_many")
	} else if len(codes) == 0 {
		codes = []string{""}
	}
	var out []order.Filter
	for _, c := range codes {
		f := order.Filter{From: from, To: to, Published: true}
		if cat, ok := strings.CutPrefix(c, o311CatPrefix); ok {
			f.Category = cat
		} else {
			f.Code = c
		}
		for _, st := range statuses {
			f.Status = st
			out = append(out, f)
		}
	}
	return out, nil
}

// o311Statuses maps open (still in the loop) and closed (closed, rated,
// merged) to the order statuses; none or both means any status ("").
func o311Statuses(vals []string) ([]order.Status, error) {
	var open, closed bool
	for _, v := range vals {
		switch strings.ToLower(v) {
		case "open":
			open = true
		case "closed":
			closed = true
		default:
			return nil, apperr.InvalidField("status", "open311.err.status").With("status", v)
		}
	}
	if open == closed {
		return []order.Status{""}, nil
	}
	var out []order.Status
	for _, st := range order.Statuses {
		if st.Done() == closed {
			out = append(out, st)
		}
	}
	return out, nil
}

// o311Range reads start_date and end_date (W3C datetimes); a missing end
// is 90 days after the start, a missing start 90 days before the end, and
// with neither the range is the last 90 days.
func o311Range(q url.Values, now time.Time) (time.Time, time.Time, error) {
	from, err := o311Time(q.Get("start_date"), "start_date")
	if err != nil {
		return from, from, err
	}
	to, err := o311Time(q.Get("end_date"), "end_date")
	if err != nil {
		return from, to, err
	}
	switch {
	case from.IsZero() && to.IsZero():
		from, to = now.Add(-o311Span), now
	case from.IsZero():
		from = to.Add(-o311Span)
	case to.IsZero():
		to = from.Add(o311Span)
	}
	if to.Before(from) {
		return from, to, apperr.InvalidField("end_date", "open311.err.date_order")
	}
	if to.Sub(from) > o311Span {
		return from, to, apperr.InvalidField("end_date", "open311.err.date_span")
	}
	return from, to, nil
}

// o311Time parses a W3C datetime (with Z or an offset; a bare date is a
// Sanya day). A "+" sent unescaped arrives as a space and is restored.
func o311Time(v, name string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	v = strings.Replace(v, " ", "+", 1)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation(time.DateOnly, v, order.Sanya); err == nil {
		return t, nil
	}
	return time.Time{}, apperr.InvalidField(name, "open311.err.date").With("param", name)
}

// o311List runs the filters (each page by page, newest first) and keeps
// the newest 1000 orders overall.
func (m *Module) o311List(ctx context.Context, filters []order.Filter) ([]order.Order, error) {
	seen := map[int64]bool{}
	var out []order.Order
	for _, f := range filters {
		for off := 0; off < o311Max; off += db.MaxPage {
			f.Page = db.Page{Limit: db.MaxPage, Offset: off}
			page, _, err := m.Orders.List(ctx, scope.Everything, f)
			if err != nil {
				return nil, err
			}
			for _, o := range page {
				if !seen[o.ID] {
					seen[o.ID] = true
					out = append(out, o)
				}
			}
			if len(page) < db.MaxPage {
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	if len(out) > o311Max {
		out = out[:o311Max]
	}
	return out, nil
}

// o311Request answers one published request by its public id, as a list
// of one.
func (m *Module) o311Request(w http.ResponseWriter, r *http.Request, f Format, name string) error {
	o, err := m.Orders.PublicOrder(r.Context(), name)
	if err != nil {
		return err
	}
	writeO311(w, f, http.StatusOK, o311ReqList{o311View(kit.LangOf(r), o)})
	return nil
}

// o311Token answers the request id a token was given for.
func (m *Module) o311Token(w http.ResponseWriter, r *http.Request, f Format, token string) error {
	if token == "" || len(token) > 64 {
		return apperr.ErrNotFound
	}
	o, err := m.Orders.PublicByToken(r.Context(), token)
	if err != nil {
		return err
	}
	writeO311(w, f, http.StatusOK, o311TokenList{{ID: o.PublicID, Token: token}})
	return nil
}

func w3c(t time.Time) string { return t.In(order.Sanya).Format(time.RFC3339) }

// o311View is an order as the public sees it (order.Order.Public: the
// public id, no contact data, the village or community for the place and
// coordinates to about 100 m), and phone numbers, ID numbers and email
// addresses typed into the text masked.
func o311View(lang string, o order.Order) o311Req {
	o = o.Public()
	st := "open"
	if o.Status.Done() {
		st = "closed"
	}
	code, name := o.ItemCode, o.ItemName
	if code == "" {
		code, name = o311CatPrefix+o.Category, catService(lang, o.Category).ServiceName
	}
	updated := o.UpdatedAt
	if o.Status.Done() && o.ClosedAt != nil {
		updated = *o.ClosedAt
	}
	return o311Req{ID: o.PublicID, Status: st, StatusNotes: nstr(o311StatusNotes(lang, o)), ServiceName: name, ServiceCode: code,
		Description: nstr(redact(o.Description)), AgencyResponsible: nstr(o.PostName), ServiceNotice: nstr(o311Notice(lang, o)),
		Requested: w3c(o.CreatedAt), Updated: nstr(w3c(updated)), Expected: nstr(w3c(o.Deadline)), Address: nstr(o.PlaceName),
		Lat: o.Lat, Long: o.Lng, MediaURL: nstr(o.MediaURL)}
}

func o311Notice(lang string, o order.Order) string {
	return i18n.T(lang, "open311.notice", map[string]any{"post": o.PostName, "days": o.LimitDays,
		"deadline": o.Deadline.In(order.Sanya).Format("2006-01-02 15:04")})
}

func o311StatusNotes(lang string, o order.Order) string {
	key := "open311.status." + string(o.Status)
	if o.Status == order.Merged && o.MergedPublicID == "" {
		key = "open311.status.merged_private" // merged into an order that is not published
	}
	n := i18n.T(lang, key, map[string]any{"id": o.MergedPublicID})
	if o.Overdue && !o.Status.Done() {
		n += kit.Tr(lang, "open311.status.overdue")
	}
	return n
}

var (
	phoneRE = regexp.MustCompile(`\d{17}[\dXx]|(?:\+?86[- ]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}`)
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
)

// redact masks phone numbers, ID numbers and email addresses in text the
// orderer typed, before it is shown to anyone.
func redact(s string) string {
	s = phoneRE.ReplaceAllStringFunc(s, func(m string) string {
		if len(m) >= 17 {
			return pii.MaskID(m)
		}
		return pii.MaskPhone(m)
	})
	return emailRE.ReplaceAllString(s, "***@***")
}
