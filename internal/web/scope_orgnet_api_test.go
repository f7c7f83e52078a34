package web_test

import "net/url"

// orgnetAPIMatrix holds the scope-matrix rows of its routes.
func orgnetAPIMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
