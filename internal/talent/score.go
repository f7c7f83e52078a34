package talent

import (
	"math"
	"sort"

	"dangjian/internal/text"
)

// One talent's score for a query, exactly: the parts Rank and ScoreOne
// share.

const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// wantedSkill is a wanted skill by taxonomy index, with its weight
// (required 1, optional 0.5).
type wantedSkill struct {
	idx int
	w   float32
}

// qterm is a query term known to the index, with its weight.
type qterm struct {
	id  uint32
	idf float32 // idf × the term's count in the query
}

// eval is one query, prepared: its wanted skills, its terms (also marked in
// the scratch bit set), the text denominator and the corpus statistics.
type eval struct {
	ix     *Index
	q      Query
	s      *scratch
	wanted []wantedSkill
	levels []skillLevel
	norm   float32
	terms  []qterm
	denom  float32
	avg    float32
	lenTab []float32 // BM25's term-frequency part for tf 1, by document length
}

// lenTabSize covers the document lengths the table holds; longer
// documents are computed directly.
const lenTabSize = 256

func (ix *Index) newEval(q Query, s *scratch) *eval {
	e := &eval{ix: ix, q: q, s: s}
	e.wanted, e.norm = ix.wanted(q)
	e.terms, e.denom = ix.queryTerms(q)
	e.avg = float32(float64(ix.lenSum) / max(float64(ix.live), 1))
	e.levels = ix.levelsOf(e.wanted)
	e.lenTab = make([]float32, lenTabSize)
	for l := range e.lenTab {
		e.lenTab[l] = e.tfPart(1, uint16(l))
	}
	for _, t := range e.terms {
		s.weight[t.id] = t.idf
		s.bits[t.id>>6] |= 1 << (t.id & 63)
		s.terms = append(s.terms, t.id)
	}
	// Rare terms first: the postings Rank reads last are the longest.
	sort.Slice(e.terms, func(i, j int) bool { return e.terms[i].idf > e.terms[j].idf })
	return e
}

func (ix *Index) wanted(q Query) ([]wantedSkill, float32) {
	var out []wantedSkill
	var norm float32
	for _, set := range []struct {
		codes []string
		w     float32
	}{{q.Required, 1}, {q.Optional, 0.5}} {
		for _, c := range set.codes {
			if i, ok := ix.tax.byCode[c]; ok {
				out = append(out, wantedSkill{i, set.w})
			}
			norm += set.w
		}
	}
	return out, max(norm, 1)
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
	}
	// A fixed order, so the float sum (and every score) is the same on
	// every call: the terms come from a map.
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	for _, t := range out {
		denom += t.idf
	}
	return out, denom
}

// tfPart is BM25's factor for a term counted tf times in a document of
// length l (multiplied by the term's idf).
func (e *eval) tfPart(tf float32, l uint16) float32 {
	norm := bm25K1 * (1 - bm25B + bm25B*float32(l)/e.avg)
	return tf * (bm25K1 + 1) / (tf + norm)
}

// score evaluates ordinal o. It gives up (ok false) on a dead, unverified
// or unavailable talent, and on one whose score cannot reach theta even
// with a text part of textUB (an upper bound of it: 1 when nothing better
// is known).
func (e *eval) score(o uint32, theta, textUB float64) (Parts, bool) {
	ix := e.ix
	c := &ix.cols
	if !c.card[o].ok {
		return Parts{}, false
	}
	var p Parts
	held := c.skills[c.skillOff[o]:c.skillOff[o+1]]
	var sk float32
	for _, w := range e.wanted {
		var best float32
		for _, h := range held {
			best = max(best, ix.rel[w.idx][h])
		}
		sk += w.w * best
	}
	p.Skill = float64(sk / e.norm)
	ix.restParts(e.q, o, &p)
	if p.Availability == 0 {
		return Parts{}, false // not in Sanya (or never free) when the demand needs them
	}
	rest := Weights.Availability*p.Availability + Weights.Distance*p.Distance + Weights.Workload*p.Workload + Weights.Rating*p.Rating
	if Weights.Skill*p.Skill+Weights.Text*textUB+rest < theta {
		return Parts{}, false // even the best text it could have would not reach the k best
	}
	if e.denom > 0 {
		var bm float32
		for i := c.termOff[o]; i < c.termOff[o+1]; i++ {
			t := c.terms[i]
			if e.s.bits[t>>6]&(1<<(t&63)) != 0 {
				bm += e.s.weight[t] * e.tfPart(float32(c.termTF[i]), c.docLen[o])
			}
		}
		p.Text = math.Min(1, float64(bm/e.denom))
	}
	return p, true
}

// restParts fills availability, distance, workload and rating.
func (ix *Index) restParts(q Query, o uint32, p *Parts) {
	c := &ix.cols
	cd := &c.card[o]
	if cd.stays == 1 {
		p.Availability = availability(q, []dayStay{{cd.a, cd.b, cd.slots}})
	} else {
		p.Availability = availability(q, c.stays[c.stayOff[o]:c.stayOff[o+1]])
	}
	cardParts(q, cd, p)
}

// cardParts fills distance, workload and rating from a card.
func cardParts(q Query, cd *card, p *Parts) {
	p.Distance, _ = distance(q, modeOf[cd.mode], float64(cd.lat), float64(cd.lng), float64(cd.travel))
	if cp := cd.capacity; cp > 0 && cd.load < cp {
		p.Workload = 1 - float64(cd.load)/float64(cp)
	}
	p.Rating = (float64(cd.ratingSum) + 3.5*2) / (float64(cd.ratingN) + 2) / 5
}

// restBound bounds the weighted parts besides skill and text of ordinal o
// from its card alone: exact for a talent with one stay, with availability
// at most 1 for one with more. ok is false where score would give up: a
// talent not current and verified, or not here and free at the demand's
// times.
func (e *eval) restBound(o uint32) (float64, bool) {
	cd := &e.ix.cols.card[o]
	q := e.q
	if !cd.ok || cd.b < q.Start || cd.a > q.End || cd.slots&q.Slots == 0 {
		return 0, false
	}
	avail := 1.0
	if cd.stays == 1 {
		avail = availability(q, []dayStay{{cd.a, cd.b, cd.slots}})
	}
	p := Parts{Availability: avail}
	cardParts(q, cd, &p)
	return Weights.Availability*p.Availability + Weights.Distance*p.Distance + Weights.Workload*p.Workload + Weights.Rating*p.Rating, avail > 0
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
	cd := &c.card[o]
	_, r.DistanceKm = distance(q, modeOf[cd.mode], float64(cd.lat), float64(cd.lng), float64(cd.travel))
	r.Full = cd.load >= cd.capacity
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
