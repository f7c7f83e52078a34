package talent

import (
	"context"
	"sort"
	"sync"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
)

// Live keeps a ranking Index and the open demands current with the
// database. Every write to talents or demands stamps its rows with a new
// 'talents' revision (touch); Refresh loads the rows newer than the
// revision Live holds, and every ranking refreshes first, so a ranking
// always reflects every write committed before it, on any app server (the
// check is one single-row read). On PostgreSQL a listener on NotifyChannel
// also refreshes in the background the moment another server commits, so
// the ranking after a write rarely has rows to load itself.
type Live struct {
	db  *db.DB
	tax *Taxonomy

	refresh sync.Mutex // one refresh at a time

	mu      sync.RWMutex
	ix      *Index
	rev     int64
	ready   bool
	demands map[int64]Demand // open demands

	kick chan struct{} // background refresh requests (coalesced)
}

// NewLive returns an empty cache; it fills on the first Refresh.
func NewLive(d *db.DB, tax *Taxonomy) *Live {
	return &Live{db: d, tax: tax, ix: NewIndex(tax), demands: map[int64]Demand{}, kick: make(chan struct{}, 1)}
}

// Listen follows other servers' writes until ctx ends (PostgreSQL only),
// refreshing in the background as they commit.
func (l *Live) Listen(ctx context.Context) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-l.kick:
				_ = l.Refresh(ctx) // an error is retried by the next ranking
			}
		}
	}()
	l.db.Listen(ctx, NotifyChannel, func() {
		select {
		case l.kick <- struct{}{}:
		default: // a refresh is already queued
		}
	}, func(bool) {})
}

// Cached returns the index as it is, without refreshing it.
func (l *Live) Cached() *Index {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix
}

// Index returns the current index (refreshed first).
func (l *Live) Index(ctx context.Context) (*Index, error) {
	if err := l.Refresh(ctx); err != nil {
		return nil, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix, nil
}

// Refresh brings the cache up to date with the database.
func (l *Live) Refresh(ctx context.Context) error {
	l.refresh.Lock()
	defer l.refresh.Unlock()
	cur, err := db.Revision(ctx, l.db.Read(), "talents")
	if err != nil {
		return apperr.Wrap(err, "talents revision")
	}
	l.mu.RLock()
	have, ready := l.rev, l.ready
	l.mu.RUnlock()
	if ready && cur == have {
		return nil
	}
	if ready && l.ix.Dead() > 0.3 {
		ready, have = false, 0 // rebuild: too many superseded versions
	}
	ix := l.ix
	if !ready {
		ix = NewIndex(l.tax)
	}
	docs, err := l.loadTalents(ctx, have, ready)
	if err == nil {
		err = l.loadDemands(ctx, have, ready)
	}
	if err != nil {
		return err
	}
	ix.mu.Lock()
	for _, d := range docs {
		if d.Status == "" {
			ix.kill(d.ID)
		} else {
			ix.put(d)
		}
	}
	ix.mu.Unlock()
	l.mu.Lock()
	l.ix, l.rev, l.ready = ix, cur, true
	l.mu.Unlock()
	return nil
}

// loadTalents reads the talents written after revision have (all when
// !ready), with their skills and stays, in id order.
func (l *Live) loadTalents(ctx context.Context, have int64, ready bool) ([]Doc, error) {
	cond, args := "1=1", []any{}
	if ready {
		cond, args = "t.rev > ?", []any{have}
	}
	q := l.db.Read()
	var docs []Doc
	pos := map[int64]int{}
	err := db.Each(ctx, q, `SELECT t.id, t.status, t.title, t.expertise, t.experience, t.lat, t.lng, t.travel_km, t.mode,
		t.capacity, t.load, t.rating_sum, t.rating_n FROM talents t WHERE `+cond+` ORDER BY t.id`, args,
		func(r db.Scanner) (Doc, error) {
			var d Doc
			var title, exp, exper string
			err := r.Scan(&d.ID, &d.Status, &title, &exp, &exper, &d.Lat, &d.Lng, &d.TravelKm, &d.Mode,
				&d.Capacity, &d.Load, &d.RatingSum, &d.RatingN)
			d.Text = title + " " + exp + " " + exper
			return d, err
		}, func(d Doc) error {
			pos[d.ID] = len(docs)
			docs = append(docs, d)
			return nil
		})
	if err != nil {
		return nil, apperr.Wrap(err, "talents load")
	}
	sub := `SELECT id FROM talents t WHERE ` + cond
	err = db.Each(ctx, q, `SELECT ts.talent_id, k.code FROM talent_skills ts JOIN skills k ON k.id = ts.skill_id
		WHERE ts.talent_id IN (`+sub+`) ORDER BY ts.talent_id`, args,
		func(r db.Scanner) (Weighted, error) {
			var w Weighted
			return w, r.Scan(&w.ID, &w.Code)
		}, func(w Weighted) error {
			if i, ok := pos[w.ID]; ok {
				docs[i].Skills = append(docs[i].Skills, w.Code)
			}
			return nil
		})
	if err != nil {
		return nil, apperr.Wrap(err, "talent skills load")
	}
	err = db.Each(ctx, q, `SELECT talent_id, start_on, end_on, slots FROM talent_stays WHERE talent_id IN (`+sub+`) ORDER BY talent_id, seq`, args,
		func(r db.Scanner) (struct {
			id int64
			st Stay
		}, error) {
			var x struct {
				id int64
				st Stay
			}
			return x, r.Scan(&x.id, &x.st.Start, &x.st.End, &x.st.Slots)
		}, func(x struct {
			id int64
			st Stay
		}) error {
			if i, ok := pos[x.id]; ok {
				docs[i].Stays = append(docs[i].Stays, x.st)
			}
			return nil
		})
	return docs, apperr.Wrap(err, "talent stays load")
}

// loadDemands reads the demands written after revision have and keeps the
// open ones.
func (l *Live) loadDemands(ctx context.Context, have int64, ready bool) error {
	cond, args := "1=1", []any{}
	if ready {
		cond, args = "d.rev > ?", []any{have}
	}
	var changed []Demand
	err := db.Each(ctx, l.db.Read(), `SELECT `+demandCols+demandFrom+` WHERE `+cond+` ORDER BY d.id`, args, scanDemand,
		func(d Demand) error { changed = append(changed, d); return nil })
	if err != nil {
		return apperr.Wrap(err, "demands load")
	}
	for i := range changed {
		if err := demandSkills(ctx, l.db.Read(), &changed[i]); err != nil {
			return err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !ready {
		l.demands = map[int64]Demand{}
	}
	for _, d := range changed {
		if d.Status == DemandOpen {
			l.demands[d.ID] = d
		} else {
			delete(l.demands, d.ID)
		}
	}
	return nil
}

// RankTalents ranks verified talents for a query.
func (l *Live) RankTalents(ctx context.Context, q Query, k int) ([]Ranked, error) {
	ix, err := l.Index(ctx)
	if err != nil {
		return nil, err
	}
	return ix.Rank(q, k), nil
}

// RankedDemand is an open demand ranked for a talent.
type RankedDemand struct {
	Demand Demand `json:"demand"`
	Ranked
}

// RankDemands ranks the open demands for a talent (the other direction):
// each demand is scored against the talent exactly as Rank would score the
// talent for it. Demands the talent does not serve at all are left out.
func (l *Live) RankDemands(ctx context.Context, talentID int64, k int) ([]RankedDemand, error) {
	ix, err := l.Index(ctx)
	if err != nil {
		return nil, err
	}
	l.mu.RLock()
	ds := make([]Demand, 0, len(l.demands))
	for _, d := range l.demands {
		ds = append(ds, d)
	}
	l.mu.RUnlock()
	var out []RankedDemand
	for _, d := range ds {
		r, ok := ix.ScoreOne(QueryOf(d), talentID)
		if ok && (r.Parts.Skill > 0 || r.Parts.Text > 0) && r.Parts.Availability > 0 {
			out = append(out, RankedDemand{Demand: d, Ranked: r})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Demand.ID < out[j].Demand.ID
	})
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// OpenDemands returns the open demands the cache holds, by id.
func (l *Live) OpenDemands(ctx context.Context) ([]Demand, error) {
	if err := l.Refresh(ctx); err != nil {
		return nil, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make([]Demand, 0, len(l.demands))
	for _, d := range l.demands {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Recommend ranks the open demands for a talent, leaving out those the
// talent is already engaged in (in any state).
func (s *Store) Recommend(ctx context.Context, talentID int64, k int) ([]RankedDemand, error) {
	mine := map[int64]bool{}
	err := db.Each(ctx, s.DB.Read(), `SELECT demand_id FROM engagements WHERE talent_id = ?`, []any{talentID},
		func(r db.Scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, func(id int64) error { mine[id] = true; return nil })
	if err != nil {
		return nil, apperr.Wrap(err, "talent engagements")
	}
	all, err := s.Live.RankDemands(ctx, talentID, k+len(mine))
	if err != nil {
		return nil, err
	}
	out := make([]RankedDemand, 0, k)
	for _, r := range all {
		if !mine[r.Demand.ID] && len(out) < k {
			out = append(out, r)
		}
	}
	return out, nil
}
