package web

import (
	"bytes"
	open311web "dangjian/internal/web/open311"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/validation"
	"dangjian/internal/web/kit"
)

// validUTF8 refuses a request whose input is not valid UTF-8 — query
// values, urlencoded and multipart form values, and JSON bodies — so raw
// bytes such as %FF%FE never reach a store. It answers with the error and
// returns false; true lets the request through. The body must already be
// bounded. A JSON or urlencoded body is read, checked and put back, so the
// handler decodes it as before (a body over the limit still fails there).
func (s *Server) validUTF8(w http.ResponseWriter, r *http.Request, api bool) bool {
	err := checkUTF8(r)
	if err == nil {
		return true
	}
	if strings.HasPrefix(r.URL.Path, "/open311/") {
		if err == kit.ErrBodyTooLarge {
			return true // the body replays its error; Open311 answers 413 itself
		}
		_, f, _ := open311web.SplitFormat(r.URL.Path)
		open311web.Fail(s.Log, w, r, f, err)
	} else {
		s.Fail(w, r, api, err)
	}
	return false
}

func checkUTF8(r *http.Request) error {
	if q, err := url.ParseQuery(r.URL.RawQuery); err == nil {
		if err := utf8Values(q); err != nil {
			return err
		}
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil || r.MultipartForm == nil {
			if tooLarge(err) {
				return kit.ErrBodyTooLarge
			}
			return nil // the handler reports the broken form
		}
		return utf8Values(r.MultipartForm.Value)
	case mt == "application/x-www-form-urlencoded":
		b := putBack(r)
		if r.Header.Get("X-Body-Too-Large") != "" {
			return kit.ErrBodyTooLarge
		}
		if q, err := url.ParseQuery(string(b)); err == nil {
			return utf8Values(q)
		}
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		if b := putBack(r); r.Header.Get("X-Body-Too-Large") != "" {
			return kit.ErrBodyTooLarge
		} else if !utf8.Valid(b) {
			return apperr.New(apperr.Invalid, "err.text.utf8")
		}
	}
	return nil
}

// putBack reads the body and puts it back for the handler; a read error
// (a body over the limit) is replayed after the bytes read.
func putBack(r *http.Request) []byte {
	b, err := io.ReadAll(r.Body)
	if tooLarge(err) {
		r.Body = io.NopCloser(bytes.NewReader(nil))
		r.Header.Set("X-Body-Too-Large", "1")
	}
	rest := io.Reader(bytes.NewReader(b))
	if err != nil {
		rest = io.MultiReader(rest, errReader{err})
	}
	r.Body = io.NopCloser(rest)
	return b
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// utf8Values checks every key and value; the error names the field.
func utf8Values(vs map[string][]string) error {
	for k, list := range vs {
		if !utf8.ValidString(k) {
			return apperr.New(apperr.Invalid, "err.text.utf8")
		}
		for _, v := range list {
			if err := validation.Text(v, k, 0, len(v)); err != nil {
				return err
			}
		}
	}
	return nil
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}
