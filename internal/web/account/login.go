package account

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/i18n"
	"dangjian/internal/web/kit"
)

// Signing in and out, and the language switch.

// loginView is login.html: the sign-in form, again with the name typed
// and the error after a failed attempt.
type loginView struct {
	Title string
	// Pre is the pre-session CSRF token; Next the local path to go on to.
	Pre, Next       string
	Username, Error string
}

var loginPage = kit.NewPage[loginView]("login")

func (m *Module) pageLogin(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	loginPage.Render(m.Kit, w, r, http.StatusOK, loginView{Title: kit.Tr(kit.LangOf(r), "login.title"), Pre: m.PreToken(w, r), Next: kit.LocalPath(r.URL.Query().Get("next"))})
	return nil
}

func (m *Module) pageLoginPost(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	lang := kit.LangOf(r)
	next := kit.LocalPath(r.PostFormValue("next"))
	if !kit.CheckPreToken(r) {
		return apperr.New(apperr.Forbidden, "err.csrf")
	}
	sess, err := m.Auth.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), kit.ClientIP(r), r.UserAgent())
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			return err
		}
		kit.SetRetryAfter(w, e)
		loginPage.Render(m.Kit, w, r, kit.Status(e.Code), loginView{Title: kit.Tr(lang, "login.title"), Pre: m.PreToken(w, r), Next: next, Username: r.PostFormValue("username"), Error: kit.Translate(lang, e).Error.Message})
		return nil
	}
	m.SetSession(w, sess.Token)
	if u, err := m.Auth.GetUser(r.Context(), sess.UserID); err == nil && next == "/" {
		next = landing(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// landing is an account's first page: the dashboard for staff, the own
// profile for a talent, the service menu for residents and enterprises.
func landing(u auth.User) string {
	switch {
	case u.Can(auth.PermRegistryRead):
		return "/"
	case u.Can(auth.PermTalentSelf):
		return "/me/talent"
	case u.Can(auth.PermOrderPlace):
		return "/menu"
	}
	return "/"
}

func (m *Module) pageLogout(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if c, err := r.Cookie(kit.SessionCookie); err == nil {
		if err := m.Auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	m.ClearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (m *Module) pageLang(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	l := i18n.Match(r.PathValue("lang"))
	http.SetCookie(w, &http.Cookie{Name: kit.LangCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, kit.RefererPath(r.Header.Get("Referer")), http.StatusSeeOther)
	return nil
}
