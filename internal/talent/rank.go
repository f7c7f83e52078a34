package talent

import (
	"container/heap"
	"math"
	"sort"
	"sync/atomic"

	"dangjian/internal/text"
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

const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// scratch is one ranking's working memory, reused through a pool.
type scratch struct {
	skill, text []float32
	stamp, seen []uint32
	touched     []uint32
}

var stampSeq atomic.Uint32

func (ix *Index) scratch(n int) *scratch {
	s, _ := ix.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	if len(s.skill) < n {
		s.skill, s.text = make([]float32, n+n/4), make([]float32, n+n/4)
		s.stamp, s.seen = make([]uint32, n+n/4), make([]uint32, n+n/4)
	}
	return s
}

func (ix *Index) release(s *scratch) {
	for _, o := range s.touched {
		s.skill[o], s.text[o] = 0, 0
	}
	s.touched = s.touched[:0]
	ix.pool.Put(s)
}

// Rank returns the k best verified talents for a query, best first. Only
// talents that match a wanted skill or a term of the text, and are here
// and free for some of the demand's days and slots, are candidates.
func (ix *Index) Rank(q Query, k int) []Ranked {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if k <= 0 || ix.live == 0 {
		return nil
	}
	s := ix.scratch(len(ix.cols.id))
	defer ix.release(s)
	epoch := stampSeq.Add(1)
	ix.scoreSkills(q, s, epoch)
	denom := ix.scoreText(q, s, epoch)
	h := ix.best(q, s, k, denom)
	out := make([]Ranked, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		c := heap.Pop(&h).(cand)
		out[i] = ix.explain(q, c.o, c.parts)
	}
	return out
}

// scoreSkills adds each candidate's taxonomy match into s.skill: for every
// wanted skill, the best relation among the talent's skills, required
// skills counting 1 and optional ones 0.5, divided by the total weight.
func (ix *Index) scoreSkills(q Query, s *scratch, epoch uint32) {
	wanted, norm := ix.wanted(q)
	for _, w := range wanted {
		wstamp := stampSeq.Add(1)
		for _, rel := range ix.tax.Related(w.Code) {
			add := w.W * rel.W / norm
			for _, o := range ix.skillPo[ix.tax.byCode[rel.Code]] {
				if s.stamp[o] == wstamp {
					continue // already counted with a better relation
				}
				s.stamp[o] = wstamp
				if s.seen[o] != epoch {
					s.seen[o] = epoch
					s.touched = append(s.touched, o)
				}
				s.skill[o] += add
			}
		}
	}
}

func (ix *Index) wanted(q Query) ([]Weighted, float32) {
	var out []Weighted
	var norm float32
	for _, c := range q.Required {
		out = append(out, Weighted{Code: c, W: 1})
		norm++
	}
	for _, c := range q.Optional {
		out = append(out, Weighted{Code: c, W: 0.5})
		norm += 0.5
	}
	return out, max(norm, 1)
}

// qterm is a query term known to the index, with its weight.
type qterm struct {
	id  uint32
	idf float32 // idf × the term's count in the query
}

// queryTerms returns the query's terms that live talents hold, and the
// text part's denominator: the BM25 of a document of average length that
// holds every query term once. Dividing by it (and capping at 1) makes the
// text part independent of the other candidates, so it means the same in
// both ranking directions.
func (ix *Index) queryTerms(q Query) ([]qterm, float32) {
	n := float64(ix.live)
	var out []qterm
	var denom float32
	for term, qtf := range text.Terms(q.Text) {
		id, ok := ix.termID[term]
		if !ok || ix.termDF[id] == 0 {
			continue
		}
		df := float64(ix.termDF[id])
		w := float32(math.Log(1+(n-df+0.5)/(df+0.5))) * float32(qtf)
		out = append(out, qterm{id, w})
		denom += w
	}
	return out, denom
}

func (ix *Index) bm25(w float32, tf float32, o uint32, avg float64) float32 {
	norm := float32(bm25K1 * (1 - bm25B + bm25B*float64(ix.cols.docLen[o])/avg))
	return w * tf * (bm25K1 + 1) / (tf + norm)
}

// scoreText adds BM25 over the query's terms into s.text and returns the
// denominator that turns it into the text part.
func (ix *Index) scoreText(q Query, s *scratch, epoch uint32) float32 {
	avg := float64(ix.lenSum) / max(float64(ix.live), 1)
	terms, denom := ix.queryTerms(q)
	for _, t := range terms {
		for _, p := range ix.termPo[t.id] {
			o := p >> 4
			if ix.cols.dead[o] {
				continue
			}
			s.text[o] += ix.bm25(t.idf, float32(p&15), o, avg)
			if s.seen[o] != epoch {
				s.seen[o] = epoch
				s.touched = append(s.touched, o)
			}
		}
	}
	return denom
}

// ScoreOne scores one talent for a query exactly as Rank does. ok is false
// for an unknown, unverified or superseded talent.
func (ix *Index) ScoreOne(q Query, id int64) (Ranked, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	o, ok := ix.byID[id]
	if !ok || !ix.cols.verified[o] {
		return Ranked{}, false
	}
	c := &ix.cols
	var p Parts
	wanted, norm := ix.wanted(q)
	for _, w := range wanted {
		var best float32
		for _, si := range c.skills[c.skillOff[o]:c.skillOff[o+1]] {
			best = max(best, ix.tax.Relation(w.Code, ix.tax.Skills[si].Code))
		}
		p.Skill += float64(w.W * best / norm)
	}
	terms, denom := ix.queryTerms(q)
	avg := float64(ix.lenSum) / max(float64(ix.live), 1)
	var bm float32
	for _, t := range terms {
		for i := c.termOff[o]; i < c.termOff[o+1]; i++ {
			if c.terms[i] == t.id {
				bm += ix.bm25(t.idf, float32(c.termTF[i]), o, avg)
			}
		}
	}
	if denom > 0 {
		p.Text = math.Min(1, float64(bm/denom))
	}
	ix.restParts(q, o, &p)
	return ix.explain(q, o, p), true
}

type cand struct {
	o     uint32
	score float64
	parts Parts
}

type candHeap []cand // a min-heap on score, ties broken by lower id first out

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

// best keeps the k best live, verified candidates. The parts that need no
// lookup (availability, distance, workload, rating) are computed only for
// candidates whose skill and text parts could still reach the heap.
func (ix *Index) best(q Query, s *scratch, k int, denom float32) candHeap {
	c := &ix.cols
	h := make(candHeap, 0, k+1)
	rest := Weights.Availability + Weights.Distance + Weights.Workload + Weights.Rating
	inv := float32(0)
	if denom > 0 {
		inv = 1 / denom
	}
	for _, o := range s.touched {
		if c.dead[o] || !c.verified[o] {
			continue
		}
		p := Parts{Skill: float64(s.skill[o]), Text: math.Min(1, float64(s.text[o]*inv))}
		upper := Weights.Skill*p.Skill + Weights.Text*p.Text + rest
		if len(h) == k && upper < h[0].score {
			continue
		}
		ix.restParts(q, o, &p)
		if p.Availability == 0 {
			continue // not in Sanya (or never free) when the demand needs them
		}
		sc := p.Total()
		x := cand{o, sc, p}
		if len(h) < k {
			heap.Push(&h, x)
		} else if !(candHeap{x, h[0]}).Less(0, 1) {
			h[0] = x
			heap.Fix(&h, 0)
		}
	}
	return h
}

// restParts fills availability, distance, workload and rating.
func (ix *Index) restParts(q Query, o uint32, p *Parts) {
	c := &ix.cols
	p.Availability = availability(q, c.stays[c.stayOff[o]:c.stayOff[o+1]])
	p.Distance, _ = distance(q, c.mode[o], float64(c.lat[o]), float64(c.lng[o]), float64(c.travel[o]))
	if cp := c.capacity[o]; cp > 0 && c.load[o] < cp {
		p.Workload = 1 - float64(c.load[o])/float64(cp)
	}
	p.Rating = (float64(c.ratingSum[o]) + 3.5*2) / (float64(c.ratingN[o]) + 2) / 5
}

// availability is the share of the query's days × slots that fall in one
// of the stays, on a slot the stay offers.
func availability(q Query, stays []dayStay) float64 {
	days := float64(q.End - q.Start + 1)
	want := q.Slots.Count()
	if days <= 0 || want == 0 {
		return 0
	}
	var got float64
	for _, st := range stays {
		a, b := max(st.a, q.Start), min(st.b, q.End)
		if a > b {
			continue
		}
		got += float64(b-a+1) * float64((st.slots & q.Slots).Count())
	}
	return math.Min(1, got/(days*float64(want)))
}

// distance scores how near the talent is (1 at the door, 0.5 at the
// travel limit, 0 beyond), or 1 for online service when both sides allow
// it. It also returns the distance in km.
func distance(q Query, m Mode, lat, lng, travel float64) (float64, float64) {
	km := KmBetween(q.Lat, q.Lng, lat, lng)
	var onsite, online float64
	if q.Mode != Online && m != Online && km <= travel {
		onsite = 1 - 0.5*km/math.Max(travel, 0.1)
	}
	if q.Mode != Onsite && m != Onsite {
		online = 1
	}
	return math.Max(onsite, online), km
}

// KmBetween is the distance in km between two points (equirectangular,
// exact enough within a city).
func KmBetween(lat1, lng1, lat2, lng2 float64) float64 {
	dy := (lat2 - lat1) * 110.574
	dx := (lng2 - lng1) * 111.320 * math.Cos((lat1+lat2)/2*math.Pi/180)
	return math.Sqrt(dx*dx + dy*dy)
}

// explain builds the Ranked entry of an ordinal: the matched skills and
// the distance.
func (ix *Index) explain(q Query, o uint32, p Parts) Ranked {
	c := &ix.cols
	r := Ranked{TalentID: c.id[o], Score: p.Total(), Parts: p}
	_, r.DistanceKm = distance(q, c.mode[o], float64(c.lat[o]), float64(c.lng[o]), float64(c.travel[o]))
	r.Full = c.load[o] >= c.capacity[o]
	seen := map[string]bool{}
	for _, w := range append(append([]string{}, q.Required...), q.Optional...) {
		var bestCode string
		var bestRel float32
		for _, si := range c.skills[c.skillOff[o]:c.skillOff[o+1]] {
			code := ix.tax.Skills[si].Code
			if rel := ix.tax.Relation(w, code); rel > bestRel {
				bestRel, bestCode = rel, code
			}
		}
		if bestCode != "" && !seen[bestCode] {
			seen[bestCode] = true
			r.Matched = append(r.Matched, bestCode)
		}
	}
	sort.Strings(r.Matched)
	return r
}
