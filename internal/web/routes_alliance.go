package web

// allianceRoutes are the pages of alliances (湾区大党委, chain alliances, pairings, 党建医联).
func (s *Server) allianceRoutes() []Route { return nil }
