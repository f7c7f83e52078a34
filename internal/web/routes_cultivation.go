package web

// cultivationRoutes are the pages of dual cultivation and the recruitment pipeline (双培养).
func (s *Server) cultivationRoutes() []Route { return nil }
