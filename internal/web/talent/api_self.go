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
// profile, then a session as for POST /api/v1/session.
func (m *Module) apiJoin(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	var in joinInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := kit.CheckPoW(m.PoW, r); err != nil {
		return err
	}
	t, _, err := m.Talents.Register(r.Context(), m.Auth, in.Username, in.Password, in.Talent.talent())
	if err != nil {
		return err
	}
	sess, err := m.Auth.Login(r.Context(), in.Username, in.Password, kit.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	m.SetSession(w, sess.Token)
	kit.WriteJSON(w, http.StatusCreated, map[string]any{"talent": t, "csrf_token": sess.CSRF, "expires_in": int(m.Cfg.SessionIdle / time.Second)})
	return nil
}

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

func (m *Module) apiMeTalentUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	cur, err := m.Talents.ByUser(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	var in talentInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	t := in.talent()
	t.ID = cur.ID
	out, err := m.Talents.Update(r.Context(), scope.Scope{}, talent.Editor{Self: p.User.ID}, t)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
