package web

// orglifeRoutes are the organizational-life pages (三会一课, compliance).
func (s *Server) orglifeRoutes() []Route { return nil }
