package web_test

import "net/url"

// declarationMatrix holds the scope-matrix rows of self-declaration of pocket members and mobile members (亮明身份, 流动党员).
func declarationMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
