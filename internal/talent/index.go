package talent

import (
	"sort"
	"sync"

	"dangjian/internal/text"
)

// Index ranks talents for a demand from memory. It is a cache: Live builds
// it from the database and keeps it current; benchmarks build it directly.
//
// Layout: every version of a talent gets an ordinal, and its fields sit in
// columns indexed by that ordinal. A skill's posting list and a text term's
// posting list hold ordinals in ascending order. An edit gives the talent a
// new ordinal and marks the old one dead, so posting lists are append-only
// and never rewritten; term document frequencies count live versions only,
// so scores are exact, not just eventually right. Compact rebuilds the
// columns once dead versions pile up.
type Index struct {
	tax      *Taxonomy
	rel      [][]float32  // taxonomy index × taxonomy index → Relation(wanted, held)
	relByRel [][]relSkill // wanted taxonomy index → the skills that serve it, best relation first

	mu      sync.RWMutex
	byID    map[int64]uint32 // talent id → live ordinal
	live    int              // live versions
	cols    columns
	skillPo [][]uint32        // taxonomy index → ordinals
	termID  map[string]uint32 // term → id
	termPo  [][]uint32        // term id → ordinal<<4 | min(tf,15)
	termDF  []int32           // term id → live documents holding it
	termTF  []uint8           // term id → the largest count in any document (a bound)
	termLen []uint16          // term id → the shortest document holding it (a bound)
	lenSum  int64             // sum of live document lengths (terms)
	pool    sync.Pool         // *scratch
}

// columns are the per-ordinal fields.
type columns struct {
	id       []int64
	card     []card
	docLen   []uint16
	stayOff  []uint32 // stays of ordinal o: stays[stayOff[o]:stayOff[o+1]]
	stays    []dayStay
	skillOff []uint32 // skills of ordinal o: skills[skillOff[o]:skillOff[o+1]]
	skills   []uint8  // taxonomy indexes
	termOff  []uint32 // terms of ordinal o (forward index, for exact DF)
	terms    []uint32
	termTF   []uint8
}

// card is what scoring reads of one ordinal besides its skills and terms,
// in one place (one or two cache lines): the search bounds a candidate's
// parts besides skill and text from it before scoring it.
type card struct {
	lat, lng           float32
	ratingSum, ratingN uint32
	a, b               int32 // the first and the last day of any stay (b < a: none)
	slots              Slots // every slot of any stay
	travel             uint16
	capacity, load     uint8
	mode               uint8 // modeCode
	stays              uint8 // how many stays (at most 255 counted)
	ok                 bool  // verified and current (not superseded)
}

// modeCode packs a Mode: scoring only tells online and onsite from the
// rest.
func modeCode(m Mode) uint8 {
	switch m {
	case Online:
		return 1
	case Onsite:
		return 2
	}
	return 0
}

var modeOf = [3]Mode{Both, Online, Onsite}

// relSkill is a skill (taxonomy index) serving a wanted one, and how well.
type relSkill struct {
	skill uint8
	rel   float32
}

type dayStay struct {
	a, b  int32
	slots Slots
}

// Doc is what the index holds of one talent.
type Doc struct {
	ID        int64
	Status    Status
	Skills    []string // codes
	Text      string   // title, expertise and experience
	Lat, Lng  float64
	TravelKm  int
	Mode      Mode
	Capacity  int
	Load      int
	RatingSum int
	RatingN   int
	Stays     []Stay
}

// NewIndex returns an empty index over a taxonomy.
func NewIndex(tax *Taxonomy) *Index {
	ix := &Index{tax: tax, byID: map[int64]uint32{}, termID: map[string]uint32{}}
	ix.rel = make([][]float32, len(tax.Skills))
	ix.relByRel = make([][]relSkill, len(tax.Skills))
	for i, w := range tax.Skills {
		ix.rel[i] = make([]float32, len(tax.Skills))
		for j, h := range tax.Skills {
			if r := tax.Relation(w.Code, h.Code); r > 0 {
				ix.rel[i][j] = r
				ix.relByRel[i] = append(ix.relByRel[i], relSkill{uint8(j), r})
			}
		}
		sort.SliceStable(ix.relByRel[i], func(a, b int) bool { return ix.relByRel[i][a].rel > ix.relByRel[i][b].rel })
	}
	ix.skillPo = make([][]uint32, len(tax.Skills))
	ix.cols.stayOff = []uint32{0}
	ix.cols.skillOff = []uint32{0}
	ix.cols.termOff = []uint32{0}
	return ix
}

// Len is the number of live talents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Put adds a talent or replaces its current version.
func (ix *Index) Put(d Doc) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.put(d)
}

// Remove drops a talent.
func (ix *Index) Remove(id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.kill(id)
}

func (ix *Index) kill(id int64) {
	o, ok := ix.byID[id]
	if !ok {
		return
	}
	c := &ix.cols
	c.card[o].ok = false
	for _, t := range c.terms[c.termOff[o]:c.termOff[o+1]] {
		ix.termDF[t]--
	}
	ix.lenSum -= int64(c.docLen[o])
	ix.live--
	delete(ix.byID, id)
}

func (ix *Index) put(d Doc) {
	ix.kill(d.ID)
	c := &ix.cols
	o := uint32(len(c.id))
	c.id = append(c.id, d.ID)
	cd := card{lat: float32(d.Lat), lng: float32(d.Lng), travel: uint16(min(max(d.TravelKm, 0), 65535)),
		mode: modeCode(d.Mode), capacity: uint8(min(max(d.Capacity, 0), 255)), load: uint8(min(max(d.Load, 0), 255)),
		ratingSum: uint32(max(d.RatingSum, 0)), ratingN: uint32(max(d.RatingN, 0)), ok: d.Status == Verified, a: 1, b: 0}
	for _, s := range d.Stays {
		a, errA := ParseDay(s.Start)
		b, errB := ParseDay(s.End)
		if errA == nil && errB == nil {
			c.stays = append(c.stays, dayStay{a, b, s.Slots})
			if cd.stays == 0 {
				cd.a, cd.b = a, b
			}
			cd.a, cd.b, cd.slots, cd.stays = min(cd.a, a), max(cd.b, b), cd.slots|s.Slots, cd.stays+min(1, 255-cd.stays)
		}
	}
	c.stayOff = append(c.stayOff, uint32(len(c.stays)))
	c.card = append(c.card, cd)
	for _, code := range d.Skills {
		if i, ok := ix.tax.byCode[code]; ok {
			c.skills = append(c.skills, uint8(i))
			ix.skillPo[i] = append(ix.skillPo[i], o)
		}
	}
	c.skillOff = append(c.skillOff, uint32(len(c.skills)))
	n := 0
	for term, tf := range text.Terms(d.Text) {
		id, ok := ix.termID[term]
		if !ok {
			id = uint32(len(ix.termPo))
			ix.termID[term] = id
			ix.termPo = append(ix.termPo, nil)
			ix.termDF = append(ix.termDF, 0)
			ix.termTF = append(ix.termTF, 0)
			ix.termLen = append(ix.termLen, 65535)
		}
		ix.termPo[id] = append(ix.termPo[id], o<<4|uint32(min(tf, 15)))
		ix.termDF[id]++
		c.terms = append(c.terms, id)
		c.termTF = append(c.termTF, uint8(min(tf, 15)))
		ix.termTF[id] = max(ix.termTF[id], uint8(min(tf, 15)))
		n += tf
	}
	c.termOff = append(c.termOff, uint32(len(c.terms)))
	c.docLen = append(c.docLen, uint16(min(n, 65535)))
	for _, id := range c.terms[c.termOff[o]:] {
		ix.termLen[id] = min(ix.termLen[id], uint16(min(n, 65535)))
	}
	ix.lenSum += int64(n)
	ix.byID[d.ID] = o
	ix.live++
}

// Dead is the share of ordinals that are superseded versions.
func (ix *Index) Dead() float64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if len(ix.cols.id) == 0 {
		return 0
	}
	return 1 - float64(ix.live)/float64(len(ix.cols.id))
}
