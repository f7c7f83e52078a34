package web_test

import "net/url"

// gapMatrix holds the two-new coverage routes' rows of the scope matrix.
func gapMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
