package web

import (
	"net/http"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/declaration"
	"dangjian/internal/gap"
	"dangjian/internal/order"
	"dangjian/internal/web/kit"
)

// JSON API of two-new coverage (gap actions, scans, coverage) and of
// self-declarations. The handlers call the same stores as the pages; the
// stores filter by scope and write the audit entries.

func (s *Server) apiGaps(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := gapFilter(r, p)
	if err != nil {
		return err
	}
	items, total, err := s.gapStore().List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

// apiGapScan scans the caller's scope: actions opened for new gaps and
// closed where the gap is gone.
func (s *Server) apiGapScan(w http.ResponseWriter, r *http.Request, p *Principal) error {
	res, err := s.gapStore().Scan(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, res)
	return nil
}

type gapAssignInput struct {
	OwnerOrgID int64  `json:"owner_org_id"`
	OwnerUser  string `json:"owner_user"`
	Deadline   string `json:"deadline"` // YYYY-MM-DD, the end of that day in Sanya; empty keeps it
}

type gapTextInput struct {
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

// apiGapAssign sets an open action's owner and deadline.
func (s *Server) apiGapAssign(r *http.Request, p *Principal, id int64, in gapAssignInput) (any, error) {
	a := gap.Assignment{OwnerOrgID: in.OwnerOrgID, OwnerUser: in.OwnerUser}
	if v := strings.TrimSpace(in.Deadline); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, order.Sanya)
		if err != nil {
			return nil, apperr.InvalidField("deadline", "err.date_format")
		}
		a.Deadline = t.Add(24*time.Hour - time.Second) // the end of the day
	}
	return s.gapStore().Assign(r.Context(), p.Scope, id, a)
}

func (s *Server) apiGapNote(r *http.Request, p *Principal, id int64, in gapTextInput) (any, error) {
	return s.gapStore().Note(r.Context(), p.Scope, id, in.Note)
}

// apiGapClose closes an open action by hand; later scans leave it alone.
func (s *Server) apiGapClose(r *http.Request, p *Principal, id int64, in gapTextInput) (any, error) {
	return s.gapStore().Close(r.Context(), p.Scope, id, in.Reason)
}

// apiGapCoverage is coverage of two-new units by district, park and chain.
func (s *Server) apiGapCoverage(w http.ResponseWriter, r *http.Request, p *Principal) error {
	c, err := s.gapStore().Report(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, c)
	return nil
}

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
func (s *Server) declare(w http.ResponseWriter, r *http.Request, k declaration.Kind) error {
	var in declarationInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	d := declaration.Draft{Kind: k, Name: in.Name, IDNumber: in.IDNumber, Phone: in.Phone, JoinedOn: in.JoinedOn, Note: in.Note,
		Channel: declaration.ChannelAPI}
	if k == declaration.Pocket {
		d.UnitID, d.UnitName, d.OrgID, d.Org = in.UnitID, in.UnitName, in.OrgID, in.Org
	} else {
		d.AreaID, d.HomeOrg = in.AreaID, in.HomeOrg
	}
	decl, _, err := s.declarations().Declare(r.Context(), d)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusAccepted, map[string]any{"reference": decl.ID, "status": declaration.Pending})
	return nil
}

// apiDeclare is the public self-declaration of a pocket member. It takes
// JSON only, which a cross-site form cannot send.
func (s *Server) apiDeclare(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	if err := s.checkPoW(r); err != nil {
		return err
	}
	return s.declare(w, r, declaration.Pocket)
}

// apiMobileRegister registers a mobile member (any signed-in user).
func (s *Server) apiMobileRegister(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	return s.declare(w, r, declaration.Mobile)
}

func (s *Server) apiDeclarations(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := declarationFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.declarations().List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

type declDecisionInput struct {
	OrgID        int64                    `json:"org_id"` // a mobile member's local org
	VerifyMethod declaration.VerifyMethod `json:"verify_method"`
	VerifyNote   string                   `json:"verify_note"`
	Reason       string                   `json:"reason"`
}

func (s *Server) apiDeclarationConfirm(r *http.Request, p *Principal, id int64, in declDecisionInput) (any, error) {
	return s.declarations().Confirm(r.Context(), p.Scope, id, declaration.Decision{OrgID: in.OrgID, Method: in.VerifyMethod, Note: in.VerifyNote})
}

func (s *Server) apiDeclarationReject(r *http.Request, p *Principal, id int64, in declDecisionInput) (any, error) {
	return s.declarations().Reject(r.Context(), p.Scope, id, in.Reason)
}
