package kit

import (
	"errors"
	"io"
	"net/http"

	"dangjian/internal/apperr"
)

// A request body over its route's limit is answered 413 with
// err.body_too_large, on Pages and in the API, whoever notices it: the
// middleware when the request declares a length over the limit, and
// fail when a read of the body hit the limit, whatever the Handler (or
// the CSRF check parsing a form) made of that read's error.

// DefaultMaxBody is the body limit of a route that sets none.
const DefaultMaxBody = 1 << 20

var ErrBodyTooLarge = apperr.New(apperr.Invalid, "err.body_too_large")

// limitedBody is a request body cut at its limit that remembers whether a
// read hit the limit.
type limitedBody struct {
	io.ReadCloser
	hit bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		b.hit = true
	}
	return n, err
}

// LimitBody cuts r's body at limit bytes (0: DefaultMaxBody) and tells
// whether the request declares a longer body.
func LimitBody(w http.ResponseWriter, r *http.Request, limit int64) (declaredOver bool) {
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, limit)}
	return r.ContentLength > limit
}

// OverLimit reports whether err, or a read of r's body, hit the body
// limit.
func OverLimit(r *http.Request, err error) bool {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return true
	}
	lb, ok := r.Body.(*limitedBody)
	return ok && lb.hit
}

// HTTPStatus is the Status of an error's answer: its code's, except 413
// for a body over the limit.
func HTTPStatus(e *apperr.Error) int {
	if e.Key == ErrBodyTooLarge.Key {
		return http.StatusRequestEntityTooLarge
	}
	return Status(e.Code)
}
