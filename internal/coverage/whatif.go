package coverage

import (
	"context"
	"sort"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/post"
	"dangjian/internal/scope"
)

// WhatIfParams change posts before a decision: close some, change the
// hours of some, take a category off some menus.
type WhatIfParams struct {
	Params
	Close []int64            `json:"close"`
	Hours map[int64]string   `json:"hours"` // post → new opening hours
	Drop  map[int64][]string `json:"drop"`  // post → categories taken off its menu
}

// Loss is an area's change: people covered before and after.
type Loss struct {
	AreaID int64  `json:"area_id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Before int    `json:"before"`
	After  int    `json:"after"`
	Lost   int    `json:"lost"`
	People int    `json:"people"`
}

// WhatIfResult compares coverage before and after the change.
type WhatIfResult struct {
	Mode       Mode    `json:"mode"`
	Before     float64 `json:"before_share"`
	After      float64 `json:"after_share"`
	LostPeople int     `json:"lost_people"`
	LostHomes  int     `json:"lost_homes"`
	Areas      []Loss  `json:"areas"`   // areas that lose, most first
	Changed    []Site  `json:"changed"` // the posts changed
}

// WhatIf computes who loses coverage under the change.
func (s *Store) WhatIf(ctx context.Context, sc scope.Scope, wp WhatIfParams, report Progress) (Inputs, WhatIfResult, error) {
	w, err := s.load(ctx, sc, wp.Params, report)
	if err != nil {
		return Inputs{}, WhatIfResult{}, err
	}
	changed, after, err := applyChange(w.posts, wp, sc)
	if err != nil {
		return w.inputs, WhatIfResult{}, err
	}
	var at time.Time
	if wp.At != "" {
		at, _ = time.Parse("2006-01-02T15:04", wp.At)
	}
	var afterSites []Site
	for _, x := range Serving(after, wp.Category, at) {
		afterSites = append(afterSites, x.Site)
	}
	before, err := w.walkOf(ctx, w.sites, report, "before")
	if err != nil {
		return w.inputs, WhatIfResult{}, err
	}
	aft, err := w.walkOf(ctx, afterSites, report, "after")
	if err != nil {
		return w.inputs, WhatIfResult{}, err
	}
	report("report", 0, 1)
	return w.inputs, compare(w, before, aft, changed), nil
}

// applyChange returns the posts after the change and the changed ones.
// Only posts in the caller's scope may be changed.
func applyChange(posts []PostSite, wp WhatIfParams, sc scope.Scope) ([]Site, []PostSite, error) {
	closed := map[int64]bool{}
	for _, id := range wp.Close {
		closed[id] = true
	}
	known := map[int64]bool{}
	var changed []Site
	var out []PostSite
	for _, p := range posts {
		touched := closed[p.ID]
		if h, ok := wp.Hours[p.ID]; ok {
			parsed, err := post.ParseHours(h)
			if err != nil {
				return nil, nil, err
			}
			p.Hours, touched = parsed.String(), true
		}
		if drop, ok := wp.Drop[p.ID]; ok {
			var keep []string
			for _, c := range p.Categories {
				if !contains(drop, c) {
					keep = append(keep, c)
				}
			}
			p.Categories, touched = keep, true
		}
		if touched {
			if !sc.HasArea(p.AreaPath) {
				return nil, nil, apperr.InvalidField("close", "err.coverage.post_missing")
			}
			known[p.ID] = true
			changed = append(changed, p.Site)
		}
		if !closed[p.ID] {
			out = append(out, p)
		}
	}
	for _, id := range append(append([]int64(nil), wp.Close...), keys(wp.Hours, wp.Drop)...) {
		if !known[id] {
			return nil, nil, apperr.InvalidField("close", "err.coverage.post_missing")
		}
	}
	if len(changed) == 0 {
		return nil, nil, apperr.InvalidField("close", "err.coverage.no_change")
	}
	return changed, out, nil
}

func keys(a map[int64]string, b map[int64][]string) []int64 {
	var out []int64
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		out = append(out, k)
	}
	return out
}

func compare(w *world, before, after Walk, changed []Site) WhatIfResult {
	limit := float32(w.p.Metres(w.p.Minutes))
	res := WhatIfResult{Mode: before.Mode, Changed: changed}
	stats := map[int64]*Loss{}
	total, covB, covA := 0, 0, 0
	for i, h := range w.homes {
		if before.Nearest[i] == -2 {
			continue
		}
		b, a := before.Metres[i] <= limit, after.Metres[i] <= limit
		total += int(h.People)
		if b {
			covB += int(h.People)
		}
		if a {
			covA += int(h.People)
		}
		if b && !a {
			res.LostPeople += int(h.People)
			res.LostHomes++
		}
		for _, id := range pathIDs(h.AreaPath) {
			info, ok := w.areas[id]
			if !ok || info.Kind == "city" {
				continue
			}
			l := stats[id]
			if l == nil {
				l = &Loss{AreaID: id, Name: info.Name, Kind: info.Kind}
				stats[id] = l
			}
			l.People += int(h.People)
			if b {
				l.Before += int(h.People)
			}
			if a {
				l.After += int(h.People)
			}
		}
	}
	if total > 0 {
		res.Before, res.After = float64(covB)/float64(total), float64(covA)/float64(total)
	}
	for _, l := range stats {
		if l.Lost = l.Before - l.After; l.Lost != 0 {
			res.Areas = append(res.Areas, *l)
		}
	}
	sort.Slice(res.Areas, func(i, j int) bool {
		if res.Areas[i].Lost != res.Areas[j].Lost {
			return res.Areas[i].Lost > res.Areas[j].Lost
		}
		return res.Areas[i].AreaID < res.Areas[j].AreaID
	})
	return res
}
