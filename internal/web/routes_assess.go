package web

// assessRoutes are the pages of assessment: indicator schemes, scores,
// rankings and the four indices (考核, 四项指数).
func (s *Server) assessRoutes() []Route { return nil }
