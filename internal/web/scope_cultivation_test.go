package web_test

import "net/url"

// cultivationMatrix holds the scope-matrix rows of dual cultivation and the recruitment pipeline (双培养).
func cultivationMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
