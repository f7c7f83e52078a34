package talent

import (
	"cmp"
	"container/heap"
	"runtime"
	"slices"
	"sync"
)

// Query is what a talent is ranked against: a demand's skills, text,
// dates, slots, place and mode.
type Query struct {
	Required, Optional []string // skill codes
	Text               string
	Start, End         int32 // days since 1970, inclusive
	Slots              Slots
	Lat, Lng           float64
	Mode               Mode
}

// QueryOf turns a demand into a ranking query.
func QueryOf(d Demand) Query {
	a, _ := ParseDay(d.Start)
	b, _ := ParseDay(d.End)
	return Query{Required: d.Required, Optional: d.Optional, Text: d.Title + " " + d.Body,
		Start: a, End: b, Slots: d.Slots, Lat: d.Lat, Lng: d.Lng, Mode: d.Mode}
}

// Weights of the score's parts. They sum to 1, so a score is in [0,1].
// They were chosen on the development query set of internal/talent/
// rankbench (seed 20261127) and checked on a held-out one (seed 777); see
// docs/BENCHMARKS.md. Availability is also a gate: a talent who is not in
// Sanya on any of the demand's days, or never free in its slots, is not
// ranked at all.
var Weights = Parts{Skill: 0.30, Text: 0.45, Availability: 0.12, Distance: 0.07, Workload: 0.03, Rating: 0.03}

// Parts is a score taken apart: each part in [0,1] before weighting.
type Parts struct {
	Skill        float64 `json:"skill"`        // taxonomy match of the wanted skills
	Text         float64 `json:"text"`         // free-text relevance: BM25 over bigrams, relative to an average document holding every query term
	Availability float64 `json:"availability"` // share of the demand's days × slots the talent is here and free
	Distance     float64 `json:"distance"`     // 1 near, falling to 0.5 at the talent's travel limit, 0 beyond; online counts as near
	Workload     float64 `json:"workload"`     // free share of the talent's capacity
	Rating       float64 `json:"rating"`       // past ratings, smoothed towards 3.5 of 5
}

// Total is the weighted sum of the parts.
func (p Parts) Total() float64 {
	w := Weights
	return w.Skill*p.Skill + w.Text*p.Text + w.Availability*p.Availability +
		w.Distance*p.Distance + w.Workload*p.Workload + w.Rating*p.Rating
}

// Ranked is one talent in a ranking, with its explanation.
type Ranked struct {
	TalentID   int64    `json:"talent_id"`
	Score      float64  `json:"score"`
	Parts      Parts    `json:"parts"`
	DistanceKm float64  `json:"distance_km"`
	Matched    []string `json:"matched"` // the talent's skills that served the wanted ones
	Full       bool     `json:"full"`    // at capacity: cannot be invited now
}

// scratch is one ranking's working memory, reused through a pool:
// accumulators per ordinal, bit sets over ordinals that each worker clears
// over its own range when it starts (so nothing carries over from an
// earlier ranking), and the query's terms as a bit set and weights by
// term id.
type scratch struct {
	acc      []accum  // by ordinal; holds this query's sums where touched is set
	touched  bitset   // a candidate of this query: acc is reset on the first touch
	done     bitset   // evaluated in this query
	credited []bitset // one per wanted skill: its best relation has been added
	bits     []uint64
	weight   []float32
	terms    []uint32
}

// accum is one candidate's partial sums: its skill part and its BM25 over
// the terms read.
type accum struct{ skill, text float32 }

func (ix *Index) scratch() *scratch {
	s, _ := ix.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	if n := len(ix.cols.id); len(s.acc) < n {
		n += n / 4
		s.acc, s.touched, s.done, s.credited = make([]accum, n), newBitset(n), newBitset(n), nil
	}
	if n := len(ix.termPo); len(s.weight) < n {
		s.weight = make([]float32, n+n/4)
		s.bits = make([]uint64, (n+n/4)/64+1)
	}
	return s
}

// creditSets returns a bit set per wanted skill.
func (s *scratch) creditSets(wanted int) []bitset {
	for len(s.credited) < wanted {
		s.credited = append(s.credited, newBitset(len(s.acc)))
	}
	return s.credited[:wanted]
}

func (ix *Index) release(s *scratch) {
	for _, t := range s.terms {
		s.weight[t] = 0
		s.bits[t>>6] = 0
	}
	s.terms = s.terms[:0]
	ix.pool.Put(s)
}

// parallelFrom is the index size from which a ranking splits its work
// between two cores (a variable for the tests).
var parallelFrom uint32 = 50_000

// restWeight is the weight of the parts besides skill and text.
var restWeight = Weights.Availability + Weights.Distance + Weights.Workload + Weights.Rating

// Rank returns the k best verified talents for a query, best first, with
// the scores an exhaustive evaluation gives (TestRankIsExact). Only
// talents that match a wanted skill or a term of the text, and are here
// and free for some of the demand's days and slots, are candidates.
//
// It is a top-k search with bounds, in the manner of MaxScore:
//
//  1. Accumulate, from the postings, every candidate's exact skill part
//     and its BM25 over the query's essential terms. The commonest terms
//     (held by more than 2% of talents) are left out while the most they
//     could add together keeps the text part within 0.06 of the truth.
//  2. Bound each candidate from above: its skill part, its text with the
//     common terms' maximum added, and the other parts at their weights
//     or, tighter, as the talent's card (its columns besides skills and
//     terms, in one place) bounds them.
//  3. Evaluate exactly (score) the candidates with the best partial
//     scores to learn a k-th best score, then every candidate whose bound
//     reaches it.
//  4. A talent in no posting read has a bound too (no skill, only the
//     common terms); only if that could reach the top k are the common
//     terms' postings read.
//
// On a large index the ordinals are split in two halves searched at once
// on two cores (posting lists are sorted by ordinal), and the two top-k
// lists are merged.
func (ix *Index) Rank(q Query, k int) []Ranked {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if k <= 0 || ix.live == 0 {
		return nil
	}
	s := ix.scratch()
	defer ix.release(s)
	return ix.rank(q, k, s)
}

// rank is Rank with the read lock held, in the working memory s (whatever
// an earlier ranking left in it).
func (ix *Index) rank(q Query, k int, s *scratch) []Ranked {
	e := ix.newEval(q, s)
	common, slack := ix.splitTerms(e)
	n := uint32(len(ix.cols.id))
	parts := []*worker{{e: e, lo: 0, hi: n}}
	if n >= parallelFrom && runtime.GOMAXPROCS(0) > 1 {
		mid := n / 2 &^ 63 // whole words of the bit sets to each worker
		parts = []*worker{{e: e, lo: 0, hi: mid}, {e: e, lo: mid, hi: n}}
	}
	// The workers share s: grow its per-skill credit sets here, before
	// they start, so that each only clears and sets bits in its own range.
	s.creditSets(len(e.wanted))
	var wg sync.WaitGroup
	for _, w := range parts[1:] {
		wg.Add(1)
		go func() { defer wg.Done(); w.search(k, common, slack) }()
	}
	parts[0].search(k, common, slack)
	wg.Wait()
	var all []cand
	for _, w := range parts {
		all = append(all, w.h...)
	}
	slices.SortFunc(all, func(a, b cand) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.o, b.o)
	})
	out := make([]Ranked, min(k, len(all)))
	for i := range out {
		out[i] = ix.explain(q, all[i].o, all[i].parts)
	}
	return out
}

// splitTerms decides how many of the commonest terms (at the end of
// e.terms, which runs from rare to common) are left out of the
// accumulation, and returns that count and the most they could add to the
// text part together.
func (ix *Index) splitTerms(e *eval) (int, float64) {
	if e.denom <= 0 {
		return 0, 0
	}
	limit := int32(ix.live / 50)
	var sum float64
	n := 0
	for i := len(e.terms) - 1; i >= 0; i-- {
		t := e.terms[i]
		if ix.termDF[t.id] <= limit {
			break
		}
		b := float64(ix.termBound(t, e.avg))
		if Weights.Text*(sum+b)/float64(e.denom) > 0.06 {
			break
		}
		sum += b
		n++
	}
	return n, sum / float64(e.denom)
}

// termBound is the most a term can add to any document's BM25: its largest
// count in the shortest document holding it.
func (ix *Index) termBound(t qterm, avg float32) float32 {
	tf := float32(ix.termTF[t.id])
	norm := bm25K1 * (1 - bm25B + bm25B*float32(ix.termLen[t.id])/avg)
	return t.idf * tf * (bm25K1 + 1) / (tf + norm)
}

// offer evaluates ordinal o exactly and keeps it if it is among the k best.
func (h *candHeap) offer(e *eval, o uint32, k int, textUB float64) {
	theta := -1.0
	if len(*h) == k {
		theta = (*h)[0].score
	}
	p, ok := e.score(o, theta, textUB)
	if !ok {
		return
	}
	x := cand{o, p.Total(), p}
	if len(*h) < k {
		heap.Push(h, x)
	} else if !(candHeap{x, (*h)[0]}).Less(0, 1) {
		(*h)[0] = x
		heap.Fix(h, 0)
	}
}

type scored struct {
	o uint32
	v float32
}

type partialHeap []scored // a min-heap on v

func (h partialHeap) Len() int           { return len(h) }
func (h partialHeap) Less(i, j int) bool { return h[i].v < h[j].v }
func (h partialHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *partialHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *partialHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

type cand struct {
	o     uint32
	score float64
	parts Parts
}

type candHeap []cand // a min-heap on score, ties broken by lower ordinal first out

func (h candHeap) Len() int { return len(h) }
func (h candHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].o > h[j].o
}
func (h candHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)   { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// ScoreOne scores one talent for a query exactly as Rank does. ok is false
// for an unknown, unverified or superseded talent, and for one that is not
// here and free at the demand's times.
func (ix *Index) ScoreOne(q Query, id int64) (Ranked, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	o, ok := ix.byID[id]
	if !ok {
		return Ranked{}, false
	}
	s := ix.scratch()
	defer ix.release(s)
	p, ok := ix.newEval(q, s).score(o, -1, 1)
	if !ok {
		return Ranked{}, false
	}
	return ix.explain(q, o, p), true
}
