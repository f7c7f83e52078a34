package web_test

import "net/url"

// allianceMatrix holds the scope-matrix rows of alliances (湾区大党委, chain alliances, pairings, 党建医联).
func allianceMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
	return map[string]matrixCheck{}
}
