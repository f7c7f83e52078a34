package talent

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// A talent's own pages, made for a phone: self-registration (account and
// profile together), their profile with invitations to answer, demands
// recommended for them, notifications and saved interests. Staff see the
// same notifications and interests on /notifications.

func joinAccountFields(username string) []kit.FormField {
	return []kit.FormField{
		{Name: "username", Label: "join.username", Type: "text", Value: username, Required: true, Placeholder: "join.username_hint"},
		{Name: "password", Label: "login.password", Type: "password", Required: true, Placeholder: "join.password_hint"},
	}
}

func (m *Module) pageJoin(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	return m.joinForm(w, r, talent.Talent{Mode: talent.Both, Capacity: 1, TravelKm: 20, PartyMember: false}, "", nil)
}

func (m *Module) joinForm(w http.ResponseWriter, r *http.Request, t talent.Talent, username string, err error) error {
	lang := kit.LangOf(r)
	areas, aerr := kit.AreaOptions(r.Context(), m.Areas, scope.Everything, t.AreaID)
	if aerr != nil {
		return aerr
	}
	fields := talentFields(t, m.Talents.Tax, lang, areas)
	account := joinAccountFields(username)
	d := m.formPage(kit.Tr(lang, "join.title"), "/join", "/board", "join.submit", "talent.stay", fields, periodsOf(t.Stays, talentPeriods, "stay"))
	d.Account, d.Pre, d.Intro, d.PoW = account, m.PreToken(w, r), "join.intro", m.PoW != nil
	code := http.StatusOK
	if err != nil {
		all := append(account, fields...)
		d.Error = kit.FormErr(lang, err, all)
		d.Account, d.Fields = all[:len(account)], all[len(account):]
		code = kit.Status(apperr.CodeOf(err))
	}
	kit.SlotForm.Render(m.Kit, w, r, code, d)
	return nil
}

func (m *Module) pageJoinPost(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	if !kit.CheckPreToken(r) {
		return apperr.New(apperr.Forbidden, "err.csrf")
	}
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	t, err := parseTalent(r)
	if err == nil {
		err = kit.CheckPoW(m.PoW, r)
	}
	if err == nil {
		if _, _, err = m.Talents.Register(r.Context(), m.Auth, username, password, t); err == nil {
			sess, err := m.Auth.Login(r.Context(), username, password, kit.ClientIP(r), r.UserAgent())
			if err != nil {
				return err
			}
			m.SetSession(w, sess.Token)
			http.Redirect(w, r, "/me/talent", http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	return m.joinForm(w, r, t, username, err)
}

type noteView struct {
	Text, Href, At string
	Read           bool
}

// noteViews turns notifications into lines with links for this user.
func (m *Module) noteViews(ctx context.Context, lang string, p *kit.Principal, ns []talent.Notification) []noteView {
	self := p.Can(auth.PermTalentSelf)
	var out []noteView
	for _, n := range ns {
		v := noteView{At: n.CreatedAt.Format("2006-01-02 15:04"), Read: n.Read}
		title := ""
		switch n.RefKind {
		case "demand":
			if d, err := m.Talents.GetDemand(ctx, p.Scope, n.RefID); err == nil {
				title = d.Title
			}
			v.Href = "/demands/" + kit.Itoa(n.RefID)
			if self {
				v.Href = "/board/" + kit.Itoa(n.RefID)
			}
		case "talent":
			if t, err := m.Talents.Get(ctx, n.RefID); err == nil {
				title = t.Name
			}
			v.Href = "/talents/" + kit.Itoa(n.RefID)
		case "engagement":
			if e, err := m.Talents.GetEngagement(ctx, talent.Actor{Scope: p.Scope, Staff: !self, UserID: p.User.ID}, n.RefID); err == nil {
				title = e.DemandTitle + " · " + e.TalentName
				v.Href = "/demands/" + kit.Itoa(e.DemandID)
			}
			if self {
				v.Href = "/me/talent"
			}
		case "order":
			title = "#" + kit.Itoa(n.RefID)
			v.Href = "/orders/" + kit.Itoa(n.RefID)
			if !p.Can(auth.PermServiceRead) {
				v.Href = "/my/orders/" + kit.Itoa(n.RefID)
			}
		}
		v.Text = i18nf(lang, "notify."+n.Kind, "title", title)
		if n.Score > 0 {
			v.Text += i18nf(lang, "notify.score", "score", fmt.Sprintf("%.0f%%", n.Score*100))
		}
		out = append(out, v)
	}
	return out
}

type interestView struct {
	ID   int64
	Name string
}

func (m *Module) interestViews(ctx context.Context, lang string, userID int64) ([]interestView, error) {
	ins, err := m.Talents.Interests(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []interestView
	for _, in := range ins {
		out = append(out, interestView{ID: in.ID, Name: kit.Tr(lang, "interest.kind."+in.Kind) + " · " + skillNames(m.Talents.Tax, lang, []string{in.Skill})})
	}
	return out, nil
}

// meView is templates/me.html: a talent's own page.
type meView struct {
	Title         string
	Talent        talent.Talent
	Skills, Stays string
	Points        string
	Engagements   []talent.Engagement
	Recommended   []talent.RankedDemand
	Notes         []noteView
	Unread        int
	Interests     []interestView
	InterestKind  string
	SkillNames    []string
	Stars         []int
}

var mePage = kit.NewPage[meView]("me")

func (m *Module) pageMe(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	ctx := r.Context()
	lang := kit.LangOf(r)
	t, err := m.Talents.ByUser(ctx, p.User.ID)
	if err != nil {
		return err
	}
	engs, err := m.Talents.Engagements(ctx, talent.Actor{UserID: p.User.ID}, 0, t.ID)
	if err != nil {
		return err
	}
	_, balance, err := m.Talents.Points(ctx, t.ID)
	if err != nil {
		return err
	}
	notes, unread, err := m.Talents.Notifications(ctx, p.User.ID, 20)
	if err != nil {
		return err
	}
	interests, err := m.interestViews(ctx, lang, p.User.ID)
	if err != nil {
		return err
	}
	var rec []talent.RankedDemand
	if t.Status == talent.Verified {
		if rec, err = m.Talents.Recommend(ctx, t.ID, 10); err != nil {
			return err
		}
	}
	mePage.Render(m.Kit, w, r, http.StatusOK, meView{Title: t.Name, Talent: t, Skills: skillNames(m.Talents.Tax, lang, t.Skills),
		Stays: stayText(t.Stays), Points: strconv.FormatInt(balance, 10), Engagements: engs, Recommended: rec,
		Notes: m.noteViews(ctx, lang, p, notes), Unread: unread, Interests: interests, InterestKind: "demands",
		SkillNames: skillList(m.Talents.Tax), Stars: []int{5, 4, 3, 2, 1}})
	return nil
}

func (m *Module) pageMeEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	t, err := m.Talents.ByUser(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	return m.meForm(w, r, t, nil)
}

func (m *Module) meForm(w http.ResponseWriter, r *http.Request, t talent.Talent, err error) error {
	lang := kit.LangOf(r)
	areas, aerr := kit.AreaOptions(r.Context(), m.Areas, scope.Everything, t.AreaID)
	if aerr != nil {
		return aerr
	}
	fields := talentFields(t, m.Talents.Tax, lang, areas)
	d := m.formPage(t.Name, "/me/talent", "/me/talent", "form.save", "talent.stay", fields, periodsOf(t.Stays, talentPeriods, "stay"))
	code := http.StatusOK
	if err != nil {
		d.Error = kit.FormErr(lang, err, fields)
		code = kit.Status(apperr.CodeOf(err))
	}
	kit.SlotForm.Render(m.Kit, w, r, code, d)
	return nil
}

func (m *Module) pageMeUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	cur, err := m.Talents.ByUser(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	t, err := parseTalent(r)
	t.ID = cur.ID
	if err == nil {
		if _, err = m.Talents.Update(r.Context(), scope.Scope{}, talent.Editor{Self: p.User.ID}, t); err == nil {
			http.Redirect(w, r, "/me/talent", http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	return m.meForm(w, r, t, err)
}

func (m *Module) pageNotifications(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	ctx := r.Context()
	lang := kit.LangOf(r)
	notes, unread, err := m.Talents.Notifications(ctx, p.User.ID, 100)
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, n := range m.noteViews(ctx, lang, p, notes) {
		rows = append(rows, []kit.Cell{{Text: n.At}, {Text: n.Text, Href: n.Href}, {Text: kit.YesNo(lang, n.Read)}})
	}
	interests, err := m.interestViews(ctx, lang, p.User.ID)
	if err != nil {
		return err
	}
	var irows [][]kit.Cell
	for _, in := range interests {
		irows = append(irows, []kit.Cell{{Text: "#" + kit.Itoa(in.ID)}, {Text: in.Name}})
	}
	forms := []kit.InlineForm{{Action: "/notifications/read", Title: "notify.mark_read", Button: "notify.mark_read"},
		{Action: "/interests", Title: "interest.title", Button: "interest.save", Fields: []kit.FormField{
			{Name: "kind", Label: "interest.kind", Type: "select", Options: []kit.Option{{Value: "talents", Label: "interest.kind.talents"}, {Value: "demands", Label: "interest.kind.demands"}}},
			{Name: "skill", Label: "interest.skill", Type: "text", Required: true}}}}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: kit.Tr(lang, "nav.notifications"),
		Fields:   []kit.KV{{Key: "notify.unread", Text: strconv.Itoa(unread)}},
		Sections: []kit.Section{{Key: "nav.notifications", Cols: kit.Cols("notify.at", "notify.text", "notify.read"), Rows: rows}, {Key: "interest.title", Cols: kit.Cols("points.entry", "interest.skill"), Rows: irows}},
		Forms:    forms})
	return nil
}

func (m *Module) back(w http.ResponseWriter, r *http.Request, p *kit.Principal) {
	if p.Can(auth.PermTalentSelf) {
		http.Redirect(w, r, "/me/talent", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (m *Module) pageNotificationsRead(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if err := m.Talents.MarkRead(r.Context(), p.User.ID); err != nil {
		return err
	}
	m.back(w, r, p)
	return nil
}

func (m *Module) pageInterestSave(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	kind := r.PostFormValue("kind")
	if kind == "talents" && !p.Can(auth.PermTalentRead) {
		return apperr.ErrForbidden
	}
	if _, err := m.Talents.SaveInterest(r.Context(), p.User.ID, kind, r.PostFormValue("skill")); err != nil {
		return err
	}
	m.back(w, r, p)
	return nil
}

func (m *Module) pageInterestDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := m.Talents.DeleteInterest(r.Context(), p.User.ID, id); err != nil {
		return err
	}
	m.back(w, r, p)
	return nil
}
