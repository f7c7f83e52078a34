package kit

import (
	"crypto/rand"
	"encoding/base64"
	"io/fs"
	"log/slog"
	"net/http"

	"dangjian/internal/config"
)

// Kit is what every feature module shares: the configuration, the log and
// the page templates, with rendering and error answers.
type Kit struct {
	Cfg   *config.Config
	Log   *slog.Logger
	pages *Pages
}

// New parses the page templates of templates (layout first, then each
// module's) and returns the kit.
func New(cfg *config.Config, log *slog.Logger, templates ...fs.FS) (*Kit, error) {
	p, err := LoadPages(templates...)
	if err != nil {
		return nil, err
	}
	return &Kit{Cfg: cfg, Log: log, pages: p}, nil
}

// PreToken returns (and sets, if absent) the pre-session CSRF cookie that
// forms sent before sign-in echo (CheckPreToken).
func (k *Kit) PreToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(PreCookie); err == nil && len(c.Value) >= 20 {
		return c.Value
	}
	b := make([]byte, 24)
	rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: PreCookie, Value: v, Path: "/", HttpOnly: true, Secure: k.Cfg.CookieSecure, SameSite: http.SameSiteStrictMode})
	return v
}
