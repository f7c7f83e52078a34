package web

// declarationRoutes are the pages of self-declaration of pocket members and mobile members (亮明身份, 流动党员).
func (s *Server) declarationRoutes() []Route { return nil }
