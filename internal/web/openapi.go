package web

import (
	"dangjian/internal/web/kit"
	_ "embed"
	"net/http"
)

// openapiDoc is the hand-maintained OpenAPI 3 description of /api/v1. A
// test fails when a route of the table is missing from it.
//
//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the document.
func OpenAPI() []byte { return openapiDoc }

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiDoc)
	return nil
}
