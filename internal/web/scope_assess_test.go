package web_test

import "net/url"

// assessMatrix holds the scope-matrix rows of assessment.
func assessMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
