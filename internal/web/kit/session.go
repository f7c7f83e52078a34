package kit

import "net/http"

// SetSession sets the session cookie to token.
func (k *Kit) SetSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: k.Cfg.CookieSecure, SameSite: http.SameSiteLaxMode})
}

// ClearSession removes the session cookie.
func (k *Kit) ClearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: k.Cfg.CookieSecure, SameSite: http.SameSiteLaxMode})
}
