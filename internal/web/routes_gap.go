package web

// gapRoutes are the two-new coverage pages (消除覆盖空白点, 五个兜底).
func (s *Server) gapRoutes() []Route { return nil }
