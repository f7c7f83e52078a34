package web

// vanguardRoutes are the pages of vanguard teams (党员先锋队), study and
// training plans (学习, 送学上门, 白衣书记) and activity invitations for mobile members.
func (s *Server) vanguardRoutes() []Route {
	return nil
}
