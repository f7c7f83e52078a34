package talent

import (
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// An engagement's steps and ratings from the pages (staff on a demand,
// the talent on their own page).

// pageEngagementStep takes a step (staff or the talent) and goes back to
// where the step was taken from.
func (m *Module) pageEngagementStep(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	hours, err := kit.OptNumber("hours", r.PostFormValue("hours"))
	if err != nil {
		return err
	}
	a := talent.Actor{Scope: p.Scope, Staff: p.Can(auth.PermTalentMatch), UserID: p.User.ID}
	e, err := m.Talents.Advance(r.Context(), a, id, talent.Step(r.PathValue("step")), hours, r.PostFormValue("note"))
	if err != nil {
		return err
	}
	m.backToEngagement(w, r, p, e)
	return nil
}

func (m *Module) backToEngagement(w http.ResponseWriter, r *http.Request, p *kit.Principal, e talent.Engagement) {
	if p.Can(auth.PermTalentSelf) {
		http.Redirect(w, r, "/me/talent", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/demands/"+kit.Itoa(e.DemandID), http.StatusSeeOther)
}

func (m *Module) pageEngagementRate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	stars, _ := strconv.Atoi(r.PostFormValue("stars"))
	a := talent.Actor{Scope: p.Scope, Staff: p.Can(auth.PermTalentMatch), UserID: p.User.ID}
	e, err := m.Talents.Rate(r.Context(), a, id, stars, r.PostFormValue("note"))
	if err != nil {
		return err
	}
	m.backToEngagement(w, r, p, e)
	return nil
}
