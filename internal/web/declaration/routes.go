// Package declaration is the HTTP side of self-declaration of pocket
// members and of mobile members (亮明身份, 流动党员): the public form, the
// staff list and detail with confirm and reject, the conflicts of an ID
// number, the mobile-member registration and list, their JSON API and
// exports (declarations, mobile).
//
// /declare is public (a pocket member has no account; the form carries a
// pre-session CSRF token and, when asked, a proof of work). Staff read
// declarations in their scope with the registry read permission and
// decide them with the write permission; a declaration's scope is its
// claimed org's, or a mobile member's area's. Any signed-in user may
// register a mobile member.
package declaration

import (
	"net/http"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/declaration"
	"dangjian/internal/web/kit"
)

// Module serves the declaration and mobile-member pages and API.
type Module struct {
	*kit.Kit
	Declarations *declaration.Store
	// Areas lists the villages and communities of the mobile-member form.
	Areas *area.Store
	// PoW checks a public declaration's proof of work; PoWAsked says
	// whether one is asked (the form then solves a challenge).
	PoW      func(*http.Request) error
	PoWAsked func() bool
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(declaration.Statuses)
	kit.Enum(declaration.Kinds)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		kit.R("GET", "/declare", kit.Public, 0, m.pageDeclare),
		kit.R("POST", "/declare", kit.Public, 0, m.pageDeclarePost),
		kit.R("GET", "/declarations", read, 0, m.pageDeclarations),
		kit.R("GET", "/declarations/{id}", read, 0, m.pageDeclaration),
		kit.R("POST", "/declarations/{id}/confirm", write, 0, m.pageDeclarationConfirm),
		kit.R("POST", "/declarations/{id}/reject", write, 0, m.pageDeclarationReject),
		kit.R("GET", "/mobile", read, 0, m.pageMobile),
		kit.R("GET", "/mobile/new", kit.AnyUser, 0, m.pageMobileNew),
		kit.R("POST", "/mobile", kit.AnyUser, 0, m.pageMobileCreate),

		kit.R("POST", "/api/v1/declarations", kit.Public, 0, m.apiDeclare()),
		kit.R("POST", "/api/v1/mobile", kit.AnyUser, 0, m.declare(declaration.Mobile)),
		kit.R("GET", "/api/v1/declarations", read, 0, kit.APIList(declarationFilter, m.Declarations.List)),
		kit.R("GET", "/api/v1/declarations/{id}", read, 0, kit.APIGet(m.Declarations.Get)),
		kit.R("GET", "/api/v1/declarations/{id}/conflicts", read, 0, kit.APIGet(m.apiDeclarationConflicts)),
		kit.R("POST", "/api/v1/declarations/{id}/confirm", write, 0, kit.APIChange(200, m.apiDeclarationConfirm)),
		kit.R("POST", "/api/v1/declarations/{id}/reject", write, 0, kit.APIChange(200, m.apiDeclarationReject)),
	}
}
