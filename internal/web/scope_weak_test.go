package web_test

import "net/url"

// weakMatrix holds the scope-matrix rows of weak-branch detection, rectification and supervision (软弱涣散, 整顿, 督查).
func weakMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
