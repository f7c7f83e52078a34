package assign

import "context"

// Solve returns a maximum-score assignment: no demand gets more talents
// than its headcount, no talent more demands than its capacity, no pair is
// used twice, and no other such assignment scores more. An invalid Problem
// gives the Validate error; a cancelled ctx (checked on entry and every few
// hundred augmentations) gives ctx.Err().
//
// The method is successive shortest paths on the min-cost-flow network
//
//	demand r --(cap 1, cost -score)--> talent c --(cap Cols[c])--> sink
//	demand r --(cap Rows[r], cost 0)----------------------------> sink
//
// where every demand supplies Rows[r] units. The second arc is the "stay
// unassigned" option, so every unit can always be routed and the minimum
// cost of the full supply is minus the best total score. Units are routed
// one at a time, each along a shortest path from its demand, found by
// Dijkstra on reduced costs (Johnson potentials). Routing a unit along a
// shortest path keeps the residual network free of negative cycles, so the
// flow is of minimum cost for the supply routed so far; after the last unit
// it is an optimum, exactly, since all costs are integers.
//
// Initial potentials are the best score of each demand and 0 for every
// talent and the sink. A talent's load never falls, so free talents keep
// potential 0: the sink is reached the moment a free talent is found, and
// the search stops there; only the nodes it settled get new potentials.
// Arcs are kept best score first and a row's scan stops once no remaining
// arc can beat the bound, so a demand whose favourite talent is still free
// is routed after looking at one arc. The worst case is O(units * edges *
// log nodes); on the benchmark instances most searches settle a handful of
// nodes (see bench_test.go).
func Solve(ctx context.Context, p Problem) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	g, err := compile(p)
	if err != nil {
		return Result{}, err
	}
	s := newSolver(g)
	if err := s.run(ctx); err != nil {
		return Result{}, err
	}
	return s.result(), nil
}

// run routes every unit of every row, a row's units one after another
// (which settles fewer nodes than taking the rows round-robin), checking
// ctx every 256 units.
func (s *solver) run(ctx context.Context) error {
	n := 0
	for _, r := range s.initialRows() {
		for nd := &s.nodes[r]; nd.spare > 0; nd.spare-- {
			if n++; n&255 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if !s.route(r) {
				break // every later unit of r stays unassigned too
			}
		}
	}
	return nil
}

// solver is the state of one Solve. Nodes are numbered rows first, then
// columns (column c is node nr+c); the sink has potential 0 throughout.
type solver struct {
	g      *graph
	nr     int32
	nodes  []node
	state  []uint8 // per arc: arcFree, arcUsed or arcDead
	colOff []int32 // column c's used arcs are slots[colOff[c]:colOff[c+1]-nodes[nr+c].spare]
	slots  []int32

	stamp   uint32
	heap    minHeap
	settled []int32
}

// node keeps together what the search reads about one row or column, so
// that visiting it touches a single cache line.
type node struct {
	pot   int64  // potential
	dist  int64  // tentative distance in the current search
	seen  uint32 // stamp of the last search that reached the node
	done  uint32 // stamp of the last search that settled it
	pred  int32  // arc by which the current search reached the node
	spare int32  // column: capacity still free; row: units still to route
}

// Arc states.
const (
	arcFree uint8 = iota // may carry flow
	arcUsed              // carries flow: the pair is chosen
	arcDead              // leads to a side of capacity 0
)

// newSolver allocates the state for g, sets each column's spare capacity
// to min(capacity, degree) and marks arcs touching capacity 0 dead.
func newSolver(g *graph) *solver {
	nr, nc := len(g.rowCap), len(g.colCap)
	s := &solver{
		g: g, nr: int32(nr), nodes: make([]node, nr+nc),
		state: make([]uint8, len(g.arcs)), colOff: make([]int32, nc+1),
	}
	for k, a := range g.arcs {
		if g.colCap[a.col] == 0 || g.rowCap[g.row[k]] == 0 {
			s.state[k] = arcDead
			continue
		}
		s.colOff[a.col+1]++
	}
	for c := range nc {
		n := min(s.colOff[c+1], g.colCap[c])
		s.nodes[nr+c].spare = n
		s.colOff[c+1] = s.colOff[c] + n
	}
	s.slots = make([]int32, s.colOff[nc])
	return s
}

// initialRows sets each row's potential to its best live score and its
// units to route to min(headcount, live arcs), and returns the rows that
// have units to route.
func (s *solver) initialRows() []int32 {
	g := s.g
	var queue []int32
	for r := range s.nr {
		var best int64
		var deg int32
		for k := g.off[r]; k < g.off[r+1]; k++ {
			if s.state[k] == arcFree {
				best = max(best, g.arcs[k].score)
				deg++
			}
		}
		nd := &s.nodes[r]
		nd.pot = best
		nd.spare = min(g.rowCap[r], deg)
		if nd.spare > 0 {
			queue = append(queue, r)
		}
	}
	return queue
}

// route sends one unit from row src along a shortest path, updates the
// potentials, and reports whether the unit reached a talent (false: it
// took src's own "unassigned" arc, and so will every later unit of src).
func (s *solver) route(src int32) bool {
	end := s.search(src)
	if end == src {
		return false
	}
	s.augment(src, end)
	return true
}

// result collects the arcs carrying flow, in (Row, Col) order.
func (s *solver) result() Result {
	g := s.g
	var res Result
	for r := range s.nr {
		for k := g.off[r]; k < g.off[r+1]; k++ {
			if s.state[k] == arcUsed {
				a := g.arcs[k]
				res.Pairs = append(res.Pairs, Pair{Row: r, Col: a.col, Score: a.score})
				res.Total += a.score
			}
		}
	}
	sortPairs(res.Pairs)
	return res
}
