package gap

import (
	"net/http"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/gap"
	"dangjian/internal/order"
	"dangjian/internal/web/kit"
)

// JSON API of two-new coverage: gap actions, scans, coverage. The
// handlers call the same store as the pages; the store filters by scope
// and writes the audit entries.

// apiGapScan scans the caller's scope: actions opened for new gaps and
// closed where the gap is gone. By hand: a POST with neither body nor id
// fits no kit shape (APICreate requires a JSON body).
func (m *Module) apiGapScan(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	res, err := m.Gaps.Scan(r.Context(), p.Scope)
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
func (m *Module) apiGapAssign(r *http.Request, p *kit.Principal, id int64, in gapAssignInput) (any, error) {
	a := gap.Assignment{OwnerOrgID: in.OwnerOrgID, OwnerUser: in.OwnerUser}
	if v := strings.TrimSpace(in.Deadline); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, order.Sanya)
		if err != nil {
			return nil, apperr.InvalidField("deadline", "err.date_format")
		}
		a.Deadline = t.Add(24*time.Hour - time.Second) // the end of the day
	}
	return m.Gaps.Assign(r.Context(), p.Scope, id, a)
}

func (m *Module) apiGapNote(r *http.Request, p *kit.Principal, id int64, in gapTextInput) (any, error) {
	return m.Gaps.Note(r.Context(), p.Scope, id, in.Note)
}

// apiGapClose closes an open action by hand; later scans leave it alone.
func (m *Module) apiGapClose(r *http.Request, p *kit.Principal, id int64, in gapTextInput) (any, error) {
	return m.Gaps.Close(r.Context(), p.Scope, id, in.Reason)
}

// apiGapCoverage is coverage of two-new units by district, park and chain.
// By hand: a whole-scope report with neither id nor paging fits no kit
// shape.
func (m *Module) apiGapCoverage(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	c, err := m.Gaps.Report(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, c)
	return nil
}
