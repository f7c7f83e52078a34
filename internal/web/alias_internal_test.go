package web

import (
	"net/http"

	"dangjian/internal/web/kit"
	open311web "dangjian/internal/web/open311"
	registryweb "dangjian/internal/web/registry"
)

// Names of the kit and of the feature modules that the internal tests
// (the fuzz tests, the redirect test's export) use unqualified.

// unitInput is the registry module's unit body, which the JSON decoder's
// fuzz test embeds.
type unitInput = registryweb.UnitInput

var (
	localPath  = kit.LocalPath
	o311Form   = open311web.Form
	jsonScalar = open311web.JSONScalar
)

// bodyJSON runs kit.APICreate, the JSON API's create shape (DecodeJSON
// underneath), which the fuzz test drives.
func bodyJSON[In, Out any](w http.ResponseWriter, r *http.Request, code int, call func(in In) (Out, error)) error {
	return kit.APICreate(code, func(_ *http.Request, _ *kit.Principal, in In) (any, error) { return call(in) })(w, r, nil)
}
