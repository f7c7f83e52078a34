package web

import (
	"context"

	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// areaOptions lists the areas in scope for a form's area select
// (kit.AreaOptions on the server's area store).
func (s *Server) areaOptions(ctx context.Context, sc scope.Scope, selected int64) ([]option, error) {
	return kit.AreaOptions(ctx, s.Areas, sc, selected)
}
