package web

// projectRoutes are the pages of project lists and integrity risk points (项目清单, 廉洁风险点).
func (s *Server) projectRoutes() []Route { return nil }
