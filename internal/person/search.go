package person

import (
	"container/heap"
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
	sortedN  map[string]int     // how much of each posting list is sorted by area path (the rest is newer)
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
	return &NameIndex{db: d, postings: map[string][]int32{}, sortedN: map[string]int{}, paths: map[string]string{}}
}

// Ready reports whether the index has loaded.
func (ix *NameIndex) Ready() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.ready
}

// Refresh loads the people written since the index's revision. While the
// first load is running elsewhere it returns at once (searches use SQL
// until the index is ready); later refreshes wait for each other, since a
// search must see every write made before it.
func (ix *NameIndex) Refresh(ctx context.Context) error {
	if !ix.refresh.TryLock() {
		if !ix.Ready() {
			return nil
		}
		ix.refresh.Lock()
	}
	defer ix.refresh.Unlock()
	cur, err := db.Revision(ctx, ix.db.Read(), "people")
	if err != nil {
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
	ix.resort()
	ix.rev, ix.ready = cur, true
	return nil
}

// resort sorts by area path every posting list whose unsorted tail has
// grown past a quarter of it, so an area-scoped search reads only its own
// slice of a list. Moves between areas (transfers) leave a sorted list
// slightly out of order; search checks every hit's scope anyway, and the
// next resort of that list repairs the order.
func (ix *NameIndex) resort() {
	for g, list := range ix.postings {
		n := ix.sortedN[g]
		if tail := len(list) - n; tail == 0 || (n > 0 && tail < max(64, n/4)) {
			continue
		}
		sort.Slice(list, func(i, j int) bool {
			a, b := ix.entries[list[i]].area, ix.entries[list[j]].area
			if a != b {
				return a < b
			}
			return list[i] < list[j]
		})
		ix.sortedN[g] = len(list)
	}
}

// candidates returns the parts of a posting list that can hold people of
// the scope: for an area scope, the slices of the sorted part whose area
// path lies in each of the scope's subtrees, plus the unsorted tail;
// otherwise the whole list.
func (ix *NameIndex) candidates(g string, sc scope.Scope) [][]int32 {
	list := ix.postings[g]
	if sc.All || len(sc.AreaPaths) == 0 {
		return [][]int32{list}
	}
	n := ix.sortedN[g]
	sortedPart, tail := list[:n], list[n:]
	var out [][]int32
	for i, p := range sc.AreaPaths {
		nested := false
		for _, q := range sc.AreaPaths[:i] {
			nested = nested || strings.HasPrefix(p, q)
		}
		if nested {
			continue
		}
		lo := sort.Search(len(sortedPart), func(k int) bool { return ix.entries[sortedPart[k]].area >= p })
		hi := lo + sort.Search(len(sortedPart)-lo, func(k int) bool { return !strings.HasPrefix(ix.entries[sortedPart[lo+k]].area, p) })
		out = append(out, sortedPart[lo:hi])
	}
	return append(out, tail)
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
	best := grams[0]
	for _, g := range grams[1:] {
		if len(ix.postings[g]) < len(ix.postings[best]) {
			best = g
		}
	}
	// Count every hit, but keep only the first offset+limit in the lists'
	// order (a bounded max-heap), so a common name costs a pass over its
	// candidates and no full sort.
	page = page.Norm()
	byOrg := sc.OrgOnly()
	less := func(x, y int32) bool {
		a, b := &ix.entries[x], &ix.entries[y]
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
		return x < y
	}
	k := page.Offset + page.Limit
	top := &topK{less: less, k: k}
	for _, part := range ix.candidates(best, sc) {
		for _, id := range part {
			e := &ix.entries[id]
			if !e.live || (st != "" && e.status != st) || !strings.Contains(e.name, qn) || !sc.HasRow(e.area, e.org) {
				continue
			}
			total++
			top.offer(id)
		}
	}
	sorted := top.sorted()
	for i := page.Offset; i < len(sorted); i++ {
		ids = append(ids, int64(sorted[i]))
	}
	return ids, total, true
}

// topK keeps the k smallest ids by less in a max-heap.
type topK struct {
	less func(a, b int32) bool
	k    int
	h    []int32
}

func (t *topK) Len() int           { return len(t.h) }
func (t *topK) Less(i, j int) bool { return t.less(t.h[j], t.h[i]) } // max-heap
func (t *topK) Swap(i, j int)      { t.h[i], t.h[j] = t.h[j], t.h[i] }
func (t *topK) Push(x any)         { t.h = append(t.h, x.(int32)) }
func (t *topK) Pop() any           { x := t.h[len(t.h)-1]; t.h = t.h[:len(t.h)-1]; return x }

func (t *topK) offer(id int32) {
	if len(t.h) < t.k {
		heap.Push(t, id)
	} else if t.less(id, t.h[0]) {
		t.h[0] = id
		heap.Fix(t, 0)
	}
}

func (t *topK) sorted() []int32 {
	out := append([]int32(nil), t.h...)
	sort.Slice(out, func(i, j int) bool { return t.less(out[i], out[j]) })
	return out
}
