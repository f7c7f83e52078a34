package web

import "dangjian/internal/apperr"

// RenderError renders an application error as the API and the error page
// do: its message and its problems' messages.
func RenderError(lang string, e *apperr.Error) (string, []string) {
	out := translate(lang, e)
	var probs []string
	for _, p := range out.Error.Problems {
		probs = append(probs, p.Message)
	}
	return out.Error.Message, probs
}
