package declaration

import (
	"net/http"

	"dangjian/internal/declaration"
	"dangjian/internal/web/kit"
)

// JSON API of self-declarations. The handlers call the same stores as the
// pages; the stores filter by scope and write the audit entries.

// declarationInput is a declaration as posted: a pocket member's claimed
// org (org_id, or org by code or exact name) and employer, or a mobile
// member's area and home org.
type declarationInput struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	OrgID    int64  `json:"org_id"`
	Org      string `json:"org"`
	AreaID   int64  `json:"area_id"`
	HomeOrg  string `json:"home_org"`
	JoinedOn string `json:"joined_on"`
	Note     string `json:"note"`
}

// declare records a declaration of kind k and answers the reference number
// and "pending", nothing else: a declaration of an ID number already
// declared opens its own case (flagged as a conflict for staff), so the
// answer tells no one whether an ID number is known.
func (m *Module) declare(k declaration.Kind) kit.Handler {
	return kit.APICreate(http.StatusAccepted, func(r *http.Request, _ *kit.Principal, in declarationInput) (any, error) {
		d := declaration.Draft{Kind: k, Name: in.Name, IDNumber: in.IDNumber, Phone: in.Phone, JoinedOn: in.JoinedOn, Note: in.Note,
			Channel: declaration.ChannelAPI}
		if k == declaration.Pocket {
			d.UnitID, d.UnitName, d.OrgID, d.Org = in.UnitID, in.UnitName, in.OrgID, in.Org
		} else {
			d.AreaID, d.HomeOrg = in.AreaID, in.HomeOrg
		}
		decl, _, err := m.Declarations.Declare(r.Context(), d)
		if err != nil {
			return nil, err
		}
		return map[string]any{"reference": decl.ID, "status": declaration.Pending}, nil
	})
}

// apiDeclare is the public self-declaration of a pocket member. It takes
// JSON only, which a cross-site form cannot send; the proof of work is
// checked before the body is read.
func (m *Module) apiDeclare() kit.Handler {
	h := m.declare(declaration.Pocket)
	return func(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
		if err := m.PoW(r); err != nil {
			return err
		}
		return h(w, r, p)
	}
}

type declDecisionInput struct {
	OrgID        int64                    `json:"org_id"` // a mobile member's local org
	VerifyMethod declaration.VerifyMethod `json:"verify_method"`
	VerifyNote   string                   `json:"verify_note"`
	Reason       string                   `json:"reason"`
}

func (m *Module) apiDeclarationConfirm(r *http.Request, p *kit.Principal, id int64, in declDecisionInput) (any, error) {
	return m.Declarations.Confirm(r.Context(), p.Scope, id, declaration.Decision{OrgID: in.OrgID, Method: in.VerifyMethod, Note: in.VerifyNote})
}

func (m *Module) apiDeclarationReject(r *http.Request, p *kit.Principal, id int64, in declDecisionInput) (any, error) {
	return m.Declarations.Reject(r.Context(), p.Scope, id, in.Reason)
}
