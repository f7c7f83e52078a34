package person

import (
	"context"
	"sort"
	"strings"
	"sync"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/text"
)

// NameIndex answers scoped name searches from memory: character unigrams
// and bigrams of every name point to the people who carry them, and each
// person's area path, org path and status are kept beside the name, so a
// search reads only its candidates, checks the scope exactly as the SQL
// filter does, and counts exactly.
//
// The database stays the only source of truth. The index is a cache built
// from it and brought up to date before every search: each transaction that
// writes people stamps them with a new people revision (Touch), and Refresh
// loads the rows newer than the revision the index holds, so a write made
// through any app server is seen by every other one at its next search.
type NameIndex struct {
	db *db.DB

	refresh sync.Mutex // one refresh at a time

	mu       sync.RWMutex
	ready    bool
	rev      int64
	entries  []nameEntry        // by person id
	postings map[string][]int32 // gram → person ids (a renamed person's old grams may still list them)
	paths    map[string]string  // interned path strings
}

type nameEntry struct {
	name      string // normalized
	area, org string
	status    Status
	live      bool
}

// NewNameIndex returns an empty index over d; it fills on first Refresh.
func NewNameIndex(d *db.DB) *NameIndex {
	return &NameIndex{db: d, postings: map[string][]int32{}, paths: map[string]string{}}
}

// Refresh loads the people written since the index's revision.
func (ix *NameIndex) Refresh(ctx context.Context) error {
	ix.refresh.Lock()
	defer ix.refresh.Unlock()
	var cur int64
	if err := ix.db.Read().QueryRowContext(ctx, `SELECT rev FROM revisions WHERE name = 'people'`).Scan(&cur); err != nil {
		return apperr.Wrap(err, "name index revision")
	}
	ix.mu.RLock()
	have, ready := ix.rev, ix.ready
	ix.mu.RUnlock()
	if ready && cur == have {
		return nil
	}
	from := have
	if !ready {
		from = -1 // rows written before revisions existed carry 0
	}
	rows, err := ix.db.Read().QueryContext(ctx, `SELECT id, name, status, area_path, COALESCE(org_path, '') FROM people WHERE rev > ?`, from)
	if err != nil {
		return apperr.Wrap(err, "name index load")
	}
	defer rows.Close()
	type row struct {
		id                    int64
		name, area, org, stat string
	}
	var batch []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.name, &r.stat, &r.area, &r.org); err != nil {
			return apperr.Wrap(err, "name index scan")
		}
		batch = append(batch, r)
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "name index rows")
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, r := range batch {
		ix.put(r.id, text.Normalize(r.name), Status(r.stat), r.area, r.org)
	}
	ix.rev, ix.ready = cur, true
	return nil
}

func (ix *NameIndex) intern(p string) string {
	if s, ok := ix.paths[p]; ok {
		return s
	}
	ix.paths[p] = p
	return p
}

// put sets one person's entry, adding postings for grams the person did
// not carry before.
func (ix *NameIndex) put(id int64, name string, st Status, area, org string) {
	for int64(len(ix.entries)) <= id {
		ix.entries = append(ix.entries, make([]nameEntry, max(1024, len(ix.entries)/2))...)
	}
	old := ix.entries[id]
	ix.entries[id] = nameEntry{name: name, area: ix.intern(area), org: ix.intern(org), status: st, live: true}
	if old.live && old.name == name {
		return
	}
	for _, g := range text.Grams(name) {
		list := ix.postings[g]
		if old.live && containsID(list, int32(id)) {
			continue
		}
		ix.postings[g] = append(list, int32(id))
	}
}

func containsID(list []int32, id int32) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// Search returns the ids of the people in scope whose name contains q (and
// who have status st, if set), in the lists' default order, one page of
// them, and the exact total. ok is false while the index has not loaded.
func (ix *NameIndex) Search(sc scope.Scope, q string, st Status, page db.Page) (ids []int64, total int, ok bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if !ix.ready {
		return nil, 0, false
	}
	qn := text.Normalize(q)
	grams := text.QueryGrams(qn)
	if len(grams) == 0 {
		return nil, 0, false
	}
	cands := ix.postings[grams[0]]
	for _, g := range grams[1:] {
		if l := ix.postings[g]; len(l) < len(cands) {
			cands = l
		}
	}
	var hits []int32
	for _, id := range cands {
		e := &ix.entries[id]
		if !e.live || (st != "" && e.status != st) || !strings.Contains(e.name, qn) || !sc.HasRow(e.area, e.org) {
			continue
		}
		hits = append(hits, id)
	}
	byOrg := !sc.All && len(sc.AreaPaths) == 0 && sc.OrgPath != ""
	sort.Slice(hits, func(i, j int) bool {
		a, b := &ix.entries[hits[i]], &ix.entries[hits[j]]
		ka, kb := a.area, b.area
		if byOrg {
			ka, kb = a.org, b.org
		}
		if ka != kb {
			return ka < kb
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return hits[i] < hits[j]
	})
	page = page.Norm()
	for i := page.Offset; i < len(hits) && i < page.Offset+page.Limit; i++ {
		ids = append(ids, int64(hits[i]))
	}
	return ids, len(hits), true
}
