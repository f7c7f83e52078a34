package web

import (
	"dangjian/internal/apperr"
	"dangjian/internal/web/kit"
	"sort"
)

// RenderError renders an application error as the API and the error page
// do: its message and its problems' messages.
func RenderError(lang string, e *apperr.Error) (string, []string) {
	out := kit.Translate(lang, e)
	var probs []string
	for _, p := range out.Error.Problems {
		probs = append(probs, p.Message)
	}
	return out.Error.Message, probs
}

// LimitedRoutes is the rate-limit table: route → class.
func LimitedRoutes() map[string]string { return limitedRoutes }

// PowRoutes are the routes that ask a proof of work.
func PowRoutes() map[string]bool { return powRoutes }

// ModuleExportKinds are the export kinds the feature modules offer.
func ModuleExportKinds() []string {
	s := &Server{}
	s.addModules(featureModules(nil, nil, nil, &Server{})...)
	var out []string
	for k := range s.exports {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
