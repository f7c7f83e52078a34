package web_test

import "net/url"

// orglifeMatrix holds the organizational-life routes' rows of the scope matrix.
func orglifeMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
