package open311

import (
	"log/slog"
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
	"dangjian/internal/web/kit"
)

// Open311 errors: the spec's statuses and an error list in the
// request's format.

// o311Status maps an application error to the spec's statuses: 404 for
// what does not exist, 403 for a missing or wrong api_key, 400 for any
// other request that cannot be fulfilled, 413 for a body over the limit,
// 500 for internal failures.
func o311Status(e *apperr.Error) int {
	switch e.Code {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Unauthorized, apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Internal:
		return http.StatusInternalServerError
	case apperr.TooMany:
		return http.StatusTooManyRequests
	}
	if e.Key == "open311.err.too_large" {
		return http.StatusRequestEntityTooLarge
	}
	if e.Key == "err.order.service_unknown" {
		return http.StatusNotFound // the spec: a service_code not found is 404
	}
	return http.StatusBadRequest
}

// Fail writes err as an Open311 error list in format f. The description
// is the translated message; internal errors are logged to log and shown
// generically. The server's middleware answers errors met before a
// handler ran with it too.
func Fail(log *slog.Logger, w http.ResponseWriter, r *http.Request, f Format, err error) {
	if kit.OverLimit(r, err) {
		err = apperr.New(apperr.Invalid, "open311.err.too_large")
	}
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		log.Error("open311 request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	code := o311Status(e)
	kit.SetRetryAfter(w, e)
	writeO311(w, f, code, o311ErrorList{{Code: code, Description: o311Message(kit.LangOf(r), e)}})
}

// o311Message translates an error with the existing helper; an argument
// named "field" the error already carries (a field's display name) wins
// over the generic field label.
func o311Message(lang string, e *apperr.Error) string {
	c := *e
	if _, has := c.Args["field"]; has || (c.Field != "" && !i18n.Has("field."+c.Field)) {
		if !has {
			c.Args = kit.WithArg(c.Args, "field", c.Field)
		}
		c.Field = ""
	}
	return kit.Translate(lang, &c).Error.Message
}
