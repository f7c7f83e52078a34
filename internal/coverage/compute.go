package coverage

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/walk"
)

// Inputs are what a computation read, kept with its result: rerunning
// with the same params on the same inputs gives the same report.
type Inputs struct {
	NetworkID int64   `json:"network_id"` // 0: straight lines
	Homes     int     `json:"homes"`
	People    int     `json:"people"`
	HomesHash string  `json:"homes_sha256"`
	Posts     []Site  `json:"posts"`
	Mode      Mode    `json:"mode"`
	Cutoff    float64 `json:"cutoff_m"`
	// Posts that lie in no grid still serve the homes they reach; they
	// are counted so a planner can fix their place or the grids.
	PostsOutsideGrids int `json:"posts_outside_grids"`
}

// world is the data one computation works on.
type world struct {
	p      Params
	homes  []Home
	posts  []PostSite
	sites  []Site
	g      *walk.Graph
	netID  int64
	areas  map[int64]AreaInfo
	inputs Inputs
}

// load reads homes (in scope, under the area), open posts serving the
// category at the time, the active network and area names.
func (s *Store) load(ctx context.Context, sc scope.Scope, p Params, report Progress) (*world, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	w := &world{p: p}
	areaPath := ""
	if p.AreaID != 0 {
		path, err := area.PathIn(ctx, s.DB.Read(), sc, p.AreaID)
		if err != nil {
			return nil, err
		}
		areaPath = path
	}
	report("homes", 0, 1)
	var err error
	if w.homes, err = s.LoadHomes(ctx, sc, areaPath); err != nil {
		return nil, err
	}
	if len(w.homes) == 0 {
		return nil, apperr.InvalidField("area_id", "err.coverage.no_homes")
	}
	if w.posts, err = s.Posts(ctx); err != nil {
		return nil, err
	}
	var at time.Time
	if p.At != "" {
		if at, err = time.Parse("2006-01-02T15:04", p.At); err != nil {
			return nil, apperr.InvalidField("at", "err.date")
		}
	}
	for _, x := range Serving(w.posts, p.Category, at) {
		w.sites = append(w.sites, x.Site)
	}
	if w.g, w.netID, err = s.ActiveNetwork(ctx); err != nil {
		return nil, err
	}
	if w.areas, err = s.areaInfo(ctx); err != nil {
		return nil, err
	}
	w.inputs = Inputs{NetworkID: w.netID, Homes: len(w.homes), HomesHash: hashHomes(w.homes), Posts: w.sites, Mode: Straight, Cutoff: p.Metres(max(p.Minutes, Tiers[len(Tiers)-1]))}
	if w.g != nil {
		w.inputs.Mode = Network
	}
	for _, h := range w.homes {
		w.inputs.People += int(h.People)
	}
	for _, x := range w.sites {
		if pl, err := s.Locator.Locate(ctx, x.Lat, x.Lng); err != nil || pl.GridID == 0 {
			w.inputs.PostsOutsideGrids++
		}
	}
	return w, nil
}

func (s *Store) areaInfo(ctx context.Context) (map[int64]AreaInfo, error) {
	out := map[int64]AreaInfo{}
	err := db.Each(ctx, s.DB.Read(), `SELECT id, name, kind FROM areas`, nil, func(r db.Scanner) (struct {
		id int64
		a  AreaInfo
	}, error) {
		var x struct {
			id int64
			a  AreaInfo
		}
		return x, r.Scan(&x.id, &x.a.Name, &x.a.Kind)
	}, func(x struct {
		id int64
		a  AreaInfo
	}) error {
		out[x.id] = x.a
		return nil
	})
	return out, apperr.Wrap(err, "area names")
}

func hashHomes(homes []Home) string {
	h := sha256.New()
	var b [28]byte
	for _, x := range homes {
		binary.LittleEndian.PutUint64(b[0:], uint64(x.ID))
		binary.LittleEndian.PutUint64(b[8:], math.Float64bits(x.Lat))
		binary.LittleEndian.PutUint64(b[16:], math.Float64bits(x.Lng))
		binary.LittleEndian.PutUint32(b[24:], uint32(x.People))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// walkOf measures the world's homes to its sites.
func (w *world) walkOf(ctx context.Context, sites []Site, report Progress, stage string) (Walk, error) {
	return Distances(ctx, w.g, w.homes, sites, w.inputs.Cutoff, w.p.Detour, func(done, total int) { report(stage, done, total) })
}

// Coverage computes the coverage report.
func (s *Store) Coverage(ctx context.Context, sc scope.Scope, p Params, report Progress) (Inputs, Result, error) {
	w, err := s.load(ctx, sc, p, report)
	if err != nil {
		return Inputs{}, Result{}, err
	}
	wk, err := w.walkOf(ctx, w.sites, report, "walk")
	if err != nil {
		return w.inputs, Result{}, err
	}
	report("report", 0, 1)
	return w.inputs, Summarize(w.p, w.homes, w.sites, wk, w.areas), nil
}

// SitingParams are a siting run's inputs besides the coverage params.
type SitingParams struct {
	Params
	K         int     `json:"k"`
	Source    string  `json:"source"`    // sites (the vacant sites in scope) or generated
	Generated int     `json:"generated"` // how many candidates to generate (default 2000)
	Pinned    []int64 `json:"pinned"`    // candidate numbers (1-based, as listed)
	Excluded  []int64 `json:"excluded"`
}

// SitingResult is the answer with the candidates it chose from.
type SitingResult struct {
	Plan       Plan        `json:"plan"`
	Candidates []Candidate `json:"candidates"`
	Mode       Mode        `json:"mode"`
	Today      float64     `json:"today_share"`
	After      float64     `json:"after_share"`
	Shares     []float64   `json:"curve_shares"`
}

// Siting picks the next K posts.
func (s *Store) Siting(ctx context.Context, sc scope.Scope, sp SitingParams, report Progress) (Inputs, SitingResult, error) {
	w, err := s.load(ctx, sc, sp.Params, report)
	if err != nil {
		return Inputs{}, SitingResult{}, err
	}
	limit := w.p.Metres(w.p.Minutes)
	wk, err := Distances(ctx, w.g, w.homes, w.sites, limit, w.p.Detour, func(d, t int) { report("walk", d, t) })
	if err != nil {
		return w.inputs, SitingResult{}, err
	}
	var cands []Candidate
	switch sp.Source {
	case "sites", "":
		if cands, err = s.Sites(ctx, sc); err != nil {
			return w.inputs, SitingResult{}, err
		}
	case "generated":
		n := sp.Generated
		if n <= 0 {
			n = 2000
		}
		cands = Generate(w.homes, wk, limit, min(n, 20000))
	default:
		return w.inputs, SitingResult{}, apperr.InvalidField("source", "err.param.enum")
	}
	if len(cands) == 0 {
		return w.inputs, SitingResult{}, apperr.InvalidField("source", "err.coverage.no_candidates")
	}
	pr := Problem{Homes: w.homes, Covered: make([]bool, len(w.homes)), Counted: make([]bool, len(w.homes)), K: sp.K,
		Cutoff: limit, Detour: w.p.Detour, Graph: w.g, Walk: &wk}
	for i := range w.homes {
		pr.Counted[i] = wk.Nearest[i] != -2
		pr.Covered[i] = wk.Nearest[i] >= 0 && float64(wk.Metres[i]) <= limit
	}
	for _, c := range cands {
		pr.Candidates = append(pr.Candidates, Site{ID: c.ID, Name: c.Name, Lat: c.Lat, Lng: c.Lng})
	}
	for _, n := range sp.Pinned {
		pr.Pinned = append(pr.Pinned, int(n)-1)
	}
	for _, n := range sp.Excluded {
		if n < 1 || int(n) > len(cands) {
			return w.inputs, SitingResult{}, apperr.InvalidField("excluded", "err.coverage.pinned")
		}
		pr.Excluded = append(pr.Excluded, int(n)-1)
	}
	plan, err := Solve(ctx, pr, func(d, t int) { report("siting", d, t) })
	if err != nil {
		return w.inputs, SitingResult{}, err
	}
	res := SitingResult{Plan: plan, Candidates: cands, Mode: wk.Mode}
	if plan.People > 0 {
		res.Today = float64(plan.Curve[0]) / float64(plan.People)
		res.After = float64(plan.Total) / float64(plan.People)
		for _, c := range plan.Curve {
			res.Shares = append(res.Shares, float64(c)/float64(plan.People))
		}
	}
	return w.inputs, res, nil
}
