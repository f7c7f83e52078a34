package talent

import (
	"cmp"
	"container/heap"
	"math/bits"
	"slices"
)

// The search behind Rank, on one range of ordinals.

// skillLevel is the skills serving the wanted ones with one relation:
// each entry names the wanted skill (by position in eval.wanted) and the
// serving skill (taxonomy index).
type skillLevel struct {
	rel     float32
	entries []levelEntry
}

type levelEntry struct {
	wanted int
	skill  uint8
}

// levelsOf groups the skills serving the wanted ones by relation, best
// first.
func (ix *Index) levelsOf(wanted []wantedSkill) []skillLevel {
	var out []skillLevel
	for i, w := range wanted {
		for _, r := range ix.relByRel[w.idx] {
			j, found := slices.BinarySearchFunc(out, r.rel, func(l skillLevel, rel float32) int { return cmp.Compare(rel, l.rel) })
			if !found {
				out = slices.Insert(out, j, skillLevel{rel: r.rel})
			}
			out[j].entries = append(out[j].entries, levelEntry{i, r.skill})
		}
	}
	return out
}

// worker searches the ordinals in [lo, hi).
type worker struct {
	e      *eval
	lo, hi uint32
	h      candHeap
}

// within returns the part of a sorted posting list whose ordinals
// (posting >> shift) are in [lo, hi).
func within(list []uint32, lo, hi uint32, shift uint) []uint32 {
	cmpOrd := func(p, t uint32) int { return cmp.Compare(p>>shift, t) }
	a, _ := slices.BinarySearchFunc(list, lo, cmpOrd)
	b, _ := slices.BinarySearchFunc(list, hi, cmpOrd)
	return list[a:b]
}

// theta is the k-th best score so far (-1 until k are found).
func (w *worker) theta(k int) float64 {
	if len(w.h) < k {
		return -1
	}
	return w.h[0].score
}

// search finds the k best in the worker's range:
//
//  1. Accumulate the skill part level by level, best relation first. After
//     the top levels, evaluate the most promising candidates exactly to
//     learn a k-th best score; a lower level is read only while a talent
//     first seen there could still reach it.
//  2. Accumulate BM25 over the essential terms — only into candidates
//     already found, when a talent without a skill could not reach the
//     k-th best.
//  3. Evaluate exactly every candidate whose upper bound reaches it.
//  4. If anything unread could still enter (rare), read the rest.
func (w *worker) search(k int, common int, slack float64) {
	e := w.e
	w.h = make(candHeap, 0, k+1)
	w.clear()
	levels := e.levels
	li := 0
	for ; li < len(levels) && (li == 0 || levels[li].rel >= 0.9); li++ {
		w.accumulateLevel(levels[li])
	}
	essential := e.terms[:len(e.terms)-common]
	rare := e.ix.rareTerms(essential) // the rarest terms come first, fresh
	w.accumulateText(essential[:rare], true)
	w.seed(k)
	skipped := float32(0) // the best relation of the levels not read
	for ; li < len(levels); li++ {
		if w.theta(k) > Weights.Skill*float64(levels[li].rel)+Weights.Text+restWeight {
			skipped = levels[li].rel
			break
		}
		w.accumulateLevel(levels[li])
	}
	fresh := w.theta(k) <= Weights.Skill*float64(skipped)+Weights.Text+restWeight
	w.accumulateText(essential[rare:], fresh)
	w.evaluateBounded(k, slack, skipped)
	// A talent not read has no skill above the skipped levels' and, when
	// the essential terms were read fresh, no text beyond the common terms'
	// (when they were not, the k-th best was already out of its reach).
	if w.theta(k) <= Weights.Skill*float64(skipped)+Weights.Text*min(1, slack)+restWeight {
		w.readRest(k, li)
	}
}

// clear empties the scratch's bit sets over the worker's range.
func (w *worker) clear() {
	s := w.e.s
	s.touched.clearRange(w.lo, w.hi)
	s.done.clearRange(w.lo, w.hi)
	for _, c := range s.creditSets(len(w.e.wanted)) {
		c.clearRange(w.lo, w.hi)
	}
}

// accumulateLevel adds one level's relation to the skill part of the
// talents holding its skills (once per wanted skill: the first sighting is
// the best, levels coming best first).
func (w *worker) accumulateLevel(lv skillLevel) {
	e, ix := w.e, w.e.ix
	s := e.s
	acc, touched := s.acc, s.touched
	for _, en := range lv.entries {
		credited := s.credited[en.wanted]
		add := e.wanted[en.wanted].w / e.norm * lv.rel
		for _, o := range within(ix.skillPo[en.skill], w.lo, w.hi, 0) {
			i, bit := o>>6, uint64(1)<<(o&63)
			if credited[i]&bit != 0 {
				continue
			}
			credited[i] |= bit
			if touched[i]&bit == 0 {
				touched[i] |= bit
				acc[o] = accum{skill: add}
			} else {
				acc[o].skill += add
			}
		}
	}
}

// seed evaluates the seedFactor×k candidates with the best partial score
// so far (skill and rare terms), for a first k-th best score.
func (w *worker) seed(k int) {
	s := w.e.s
	var inv float32
	if w.e.denom > 0 {
		inv = 1 / w.e.denom
	}
	ws, wt := float32(Weights.Skill), float32(Weights.Text)
	best := make(partialHeap, 0, seedFactor*k+1)
	// floor is the least partial score in best, once it is full.
	floor := float32(-1)
	for i := w.lo >> 6; i < (w.hi+63)>>6; i++ { // in order: the accumulators are read sequentially
		for word := s.touched[i]; word != 0; word &= word - 1 {
			o := i<<6 | uint32(bits.TrailingZeros64(word))
			a := s.acc[o]
			v := ws*a.skill + wt*min(1, a.text*inv)
			if len(best) < seedFactor*k {
				heap.Push(&best, scored{o, v})
				if len(best) == seedFactor*k {
					floor = best[0].v
				}
			} else if v > floor {
				best[0] = scored{o, v}
				heap.Fix(&best, 0)
				floor = best[0].v
			}
		}
	}
	for _, x := range best {
		w.evaluate(x.o, k, 1)
	}
}

// evaluate scores ordinal o exactly, once, and keeps it if it is among the
// k best.
func (w *worker) evaluate(o uint32, k int, textUB float64) {
	s := w.e.s
	if s.done.has(o) {
		return
	}
	s.done.set(o)
	w.h.offer(w.e, o, k, textUB)
}

// accumulateText adds BM25 over terms into s.text: to every talent when
// fresh (text alone could lift a new talent into the k best), else only to
// the candidates already found.
func (w *worker) accumulateText(terms []qterm, fresh bool) {
	e, ix := w.e, w.e.ix
	s, c := e.s, &ix.cols
	acc, touched, docLen, lenTab := s.acc, s.touched, c.docLen, e.lenTab
	for _, t := range terms {
		for _, p := range within(ix.termPo[t.id], w.lo, w.hi, 4) {
			o := p >> 4
			i, bit := o>>6, uint64(1)<<(o&63)
			if touched[i]&bit == 0 {
				if !fresh {
					continue
				}
				touched[i] |= bit
				acc[o] = accum{}
			}
			if l := docLen[o]; p&15 == 1 && int(l) < len(lenTab) {
				acc[o].text += t.idf * lenTab[l]
			} else {
				acc[o].text += t.idf * e.tfPart(float32(p&15), l)
			}
		}
	}
}

// evaluateBounded evaluates exactly every candidate whose upper bound
// reaches the k-th best: its skill part (plus what unread levels could
// add), its text with the common terms' maximum added, and the other
// parts: first at their weights, then as its card bounds them (restBound,
// which also drops a talent score would refuse). The bound is kept in
// float64 (and 1e-5 wide) so that rounding never cuts a talent tying the
// k-th best. Candidates are visited in ordinal order through the touched
// bit set, so the accumulators are read sequentially.
func (w *worker) evaluateBounded(k int, slack float64, skipped float32) {
	e := w.e
	s := e.s
	inv := 0.0
	if e.denom > 0 {
		inv = 1 / float64(e.denom)
	}
	// A quick filter first, in float32 without the caps at 1 (which only
	// loosens it): skip o when ws·skill + wt·text < cut, where cut follows
	// the k-th best as it rises. Candidates that pass get the exact bound.
	ws, wt := float32(Weights.Skill), float32(Weights.Text*inv)
	cut := float32(-1)
	setCut := func() {
		if len(w.h) == k {
			cut = float32(w.h[0].score-Weights.Skill*float64(skipped)-Weights.Text*slack-restWeight) - 1e-4
		}
	}
	setCut()
	for i := w.lo >> 6; i < (w.hi+63)>>6; i++ {
		for word := s.touched[i] &^ s.done[i]; word != 0; word &= word - 1 {
			o := i<<6 | uint32(bits.TrailingZeros64(word))
			a := s.acc[o]
			if ws*a.skill+wt*a.text < cut {
				continue
			}
			textUB := min(1, float64(a.text)*inv+slack)
			ub := Weights.Skill*min(1, float64(a.skill+skipped)) + Weights.Text*textUB
			if len(w.h) == k && ub+restWeight+1e-5 < w.h[0].score {
				continue
			}
			rest, ok := e.restBound(o)
			if !ok || len(w.h) == k && ub+rest+1e-5 < w.h[0].score {
				continue
			}
			w.evaluate(o, k, textUB+1e-5)
			setCut()
		}
	}
}

// readRest evaluates every talent of the range that holds a skill of an
// unread level or any query term and has not been evaluated: the
// exhaustive end of the search, for queries whose k-th best stays low.
func (w *worker) readRest(k int, fromLevel int) {
	e, ix := w.e, w.e.ix
	for _, lv := range e.levels[fromLevel:] {
		for _, en := range lv.entries {
			for _, o := range within(ix.skillPo[en.skill], w.lo, w.hi, 0) {
				w.evaluate(o, k, 1)
			}
		}
	}
	for _, t := range e.terms {
		for _, p := range within(ix.termPo[t.id], w.lo, w.hi, 4) {
			w.evaluate(p>>4, k, 1)
		}
	}
}

// rareTerms is how many of the rarest terms (at the front of terms) are
// read before the seed: as many as fit in a budget of postings of 5% of
// the talents, and at least one.
func (ix *Index) rareTerms(terms []qterm) int {
	budget := ix.live / 20
	n := 0
	for n < len(terms) {
		df := int(ix.termDF[terms[n].id])
		if n > 0 && df > budget {
			break
		}
		budget -= df
		n++
	}
	return n
}

// seedFactor × k candidates are evaluated for the first k-th best.
const seedFactor = 16
