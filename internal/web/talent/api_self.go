package talent

import (
	"net/http"
	"time"

	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Notifications, self-registration and the self-service profile over
// JSON.

// apiNotifications are the caller's latest notifications with the unread
// count. By hand: no path id (they are the caller's own) and not paged.
func (m *Module) apiNotifications(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	notes, unread, err := m.Talents.Notifications(r.Context(), p.User.ID, 100)
	if err != nil {
		return err
	}
	if notes == nil {
		notes = []talent.Notification{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": notes, "unread": unread})
	return nil
}

type joinInput struct {
	Username string      `json:"username"`
	Password string      `json:"password"`
	Talent   talentInput `json:"talent"`
}

// apiJoin is self-registration over JSON: the account and the pending
// profile, then a session as for POST /api/v1/session. The kit.APICreate
// is made per request, as the session cookie needs the ResponseWriter.
func (m *Module) apiJoin(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.APICreate(http.StatusCreated, func(r *http.Request, _ *kit.Principal, in joinInput) (any, error) {
		if err := kit.CheckPoW(m.PoW, r); err != nil {
			return nil, err
		}
		t, _, err := m.Talents.Register(r.Context(), m.Auth, in.Username, in.Password, in.Talent.talent())
		if err != nil {
			return nil, err
		}
		sess, err := m.Auth.Login(r.Context(), in.Username, in.Password, kit.ClientIP(r), r.UserAgent())
		if err != nil {
			return nil, err
		}
		m.SetSession(w, sess.Token)
		return map[string]any{"talent": t, "csrf_token": sess.CSRF, "expires_in": int(m.Cfg.SessionIdle / time.Second)}, nil
	})(w, r, p)
}

// apiMeTalent is the caller's own profile with their engagements. By
// hand: the profile is the caller's, so the path names no id.
func (m *Module) apiMeTalent(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	t, err := m.Talents.ByUser(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	engs, err := m.Talents.Engagements(r.Context(), talent.Actor{UserID: p.User.ID}, 0, t.ID)
	if err != nil {
		return err
	}
	if engs == nil {
		engs = []talent.Engagement{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"talent": t, "engagements": engs})
	return nil
}

// apiMeTalentUpdate writes the caller's own profile.
func (m *Module) apiMeTalentUpdate(r *http.Request, p *kit.Principal, in talentInput) (any, error) {
	cur, err := m.Talents.ByUser(r.Context(), p.User.ID)
	if err != nil {
		return nil, err
	}
	t := in.talent()
	t.ID = cur.ID
	return m.Talents.Update(r.Context(), scope.Scope{}, talent.Editor{Self: p.User.ID}, t)
}
