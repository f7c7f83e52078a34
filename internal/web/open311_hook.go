package web

import (
	"net/http"

	open311web "dangjian/internal/web/open311"
)

// The Open311 module's names that package web still uses: the rate-limit
// table and the middleware (an error met before a handler ran is answered
// in Open311's own format), and the parameter reader its fuzz test feeds.

const o311Base = open311web.Base

func splitFormat(path string) (string, open311web.Format, bool) { return open311web.SplitFormat(path) }

func (s *Server) o311Fail(w http.ResponseWriter, r *http.Request, f open311web.Format, err error) {
	open311web.Fail(s.Log, w, r, f, err)
}

var (
	o311Form   = open311web.Form
	jsonScalar = open311web.JSONScalar
)
