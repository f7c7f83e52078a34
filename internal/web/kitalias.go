package web

import (
	"net/http"

	"dangjian/internal/web/kit"
)

// Names of the shared kit that the handlers not yet moved into a feature
// module use unqualified. A module uses kit's names; these go as the
// last handlers move out.
type (
	Principal  = kit.Principal
	Route      = kit.Route
	handler    = kit.Handler
	cell       = kit.Cell
	col        = kit.Col
	link       = kit.Link
	crumb      = kit.Crumb
	kv         = kit.KV
	option     = kit.Option
	formField  = kit.FormField
	section    = kit.Section
	inlineForm = kit.InlineForm
	pickOption = kit.PickOption
)

const (
	Public        = kit.Public
	AnyUser       = kit.AnyUser
	sessionCookie = kit.SessionCookie
	pickLimit     = kit.PickLimit
)

var errBodyTooLarge = kit.ErrBodyTooLarge

var (
	// Moved to kit with the account module.
	query     = kit.Query
	localPath = kit.LocalPath
)

// bodyJSON is kit.BodyJSON (the JSON API's decoder that the fuzz test
// drives).
func bodyJSON[In, Out any](w http.ResponseWriter, r *http.Request, code int, call func(in In) (Out, error)) error {
	return kit.BodyJSON(w, r, code, call)
}
