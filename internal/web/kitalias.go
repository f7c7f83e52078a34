package web

import "dangjian/internal/web/kit"

// Names of the shared kit that the handlers not yet moved into a feature
// module use unqualified. A module uses kit's names; these go as the
// last handlers move out.
type (
	Principal   = kit.Principal
	Route       = kit.Route
	handler     = kit.Handler
	cell        = kit.Cell
	col         = kit.Col
	link        = kit.Link
	crumb       = kit.Crumb
	kv          = kit.KV
	option      = kit.Option
	formField   = kit.FormField
	section     = kit.Section
	inlineForm  = kit.InlineForm
	pickOption  = kit.PickOption
	problemJSON = kit.ProblemJSON
	chartData   = kit.Chart
	chartSeries = kit.ChartSeries
)

const (
	Public        = kit.Public
	AnyUser       = kit.AnyUser
	sessionCookie = kit.SessionCookie
	langCookie    = kit.LangCookie
	pickLimit     = kit.PickLimit
)

var (
	errBodyTooLarge = kit.ErrBodyTooLarge
)
