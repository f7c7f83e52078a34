package web_test

import "net/url"

// vanguardMatrix holds the scope-matrix rows of its routes.
func vanguardMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
