package area

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// Worker is a grid worker (网格员).
type Worker struct {
	ID        int64  `json:"id"`
	GridID    int64  `json:"grid_id"`
	UserID    int64  `json:"user_id,omitempty"`
	Name      string `json:"name"`
	PhoneMask string `json:"phone"`
}

// AddWorker puts a worker on a grid in the caller's scope; the phone is
// sealed and only its mask is shown.
func (s *Store) AddWorker(ctx context.Context, sc scope.Scope, v *pii.Vault, w Worker, phone string) (Worker, error) {
	w.Name, phone = strings.TrimSpace(w.Name), strings.TrimSpace(phone)
	if w.Name == "" || utf8.RuneCountInString(w.Name) > 30 {
		return Worker{}, apperr.InvalidField("name", "err.name_length")
	}
	if phone != "" && !pii.CheckPhone(phone) {
		return Worker{}, apperr.InvalidField("phone", "err.person.phone")
	}
	g, err := s.Get(ctx, sc, w.GridID)
	if err != nil {
		return Worker{}, err
	}
	if g.Kind != Grid {
		return Worker{}, apperr.InvalidField("grid_id", "err.grid.not_grid")
	}
	var sealed []byte
	if phone != "" {
		sealed, w.PhoneMask = v.Seal(phone), pii.MaskPhone(phone)
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := db.InsertID(ctx, tx, `INSERT INTO grid_workers (grid_id, user_id, name, phone_enc, phone_mask, created_at) VALUES (?,?,?,?,?,?)`,
			w.GridID, db.NullID(w.UserID), w.Name, sealed, w.PhoneMask, s.Clock.Stamp())
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("name", "err.grid.worker_taken")
		} else if errors.Is(err, db.ErrForeignKey) {
			return apperr.InvalidField("user_id", "err.user_missing")
		} else if err != nil {
			return apperr.Wrap(err, "grid worker")
		}
		w.ID = id
		return audit.Record(ctx, tx, "grid.worker_add", "area", w.GridID, map[string]any{"name": w.Name, "user_id": w.UserID})
	})
	return w, err
}

// Workers returns the workers of grids by grid id.
func (s *Store) Workers(ctx context.Context, gridIDs ...int64) (map[int64][]Worker, error) {
	out := map[int64][]Worker{}
	if len(gridIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(gridIDs))
	for i, id := range gridIDs {
		args[i] = id
	}
	err := db.Each(ctx, s.DB.Read(), `SELECT id, grid_id, COALESCE(user_id, 0), name, phone_mask FROM grid_workers WHERE grid_id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(gridIDs)), ",")+`) ORDER BY grid_id, id`, args,
		func(r db.Scanner) (Worker, error) {
			var w Worker
			return w, r.Scan(&w.ID, &w.GridID, &w.UserID, &w.Name, &w.PhoneMask)
		}, func(w Worker) error { out[w.GridID] = append(out[w.GridID], w); return nil })
	return out, apperr.Wrap(err, "grid workers")
}
