package web

// orgnetAPIRoutes are the JSON API of the organization network (issue 6):
// gaps, declarations, alliances, organizational life, cultivation, projects,
// weak branches and assessment, under /api/v1.
func (s *Server) orgnetAPIRoutes() []Route {
	return nil
}
