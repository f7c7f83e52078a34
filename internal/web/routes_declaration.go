package web

import "dangjian/internal/auth"

// declarationRoutes are the pages of self-declaration of pocket members and mobile members (亮明身份, 流动党员).
// /declare is public (a pocket member has no account; the form carries a
// pre-session CSRF token). Staff read declarations in their scope with the
// registry read permission and decide them with the write permission; a
// declaration's scope is its claimed org's, or a mobile member's area's.
// Any signed-in user may register a mobile member.
func (s *Server) declarationRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/declare", Public, 0, s.pageDeclare},
		{"POST", "/declare", Public, 0, s.pageDeclarePost},
		{"GET", "/declarations", read, 0, s.pageDeclarations},
		{"GET", "/declarations/{id}", read, 0, s.pageDeclaration},
		{"POST", "/declarations/{id}/confirm", write, 0, s.pageDeclarationConfirm},
		{"POST", "/declarations/{id}/reject", write, 0, s.pageDeclarationReject},
		{"GET", "/mobile", read, 0, s.pageMobile},
		{"GET", "/mobile/new", AnyUser, 0, s.pageMobileNew},
		{"POST", "/mobile", AnyUser, 0, s.pageMobileCreate},
	}
}
