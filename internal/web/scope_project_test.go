package web_test

import "net/url"

// projectMatrix holds the scope-matrix rows of project lists and integrity risk points (项目清单, 廉洁风险点).
func projectMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
