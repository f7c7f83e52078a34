package web

// weakRoutes are the pages of weak-branch detection, rectification and supervision (软弱涣散, 整顿, 督查).
func (s *Server) weakRoutes() []Route { return nil }
