package assign

// Residual arcs of the network, with reduced cost cost + pot[from] - pot[to]
// (never negative between searches):
//
//	row r -> column c   arc unused          -score + pot[r] - pot[nr+c]
//	column c -> row r   arc used            +score + pot[nr+c] - pot[r]
//	column c -> sink    load[c] < cap[c]    pot[nr+c] (always 0, see Solve)
//	row r -> sink       always              pot[r]
//
// Arcs out of the sink and into a source row are never on a shortest path
// from the source to the sink, so the search does not look at them.

// search runs Dijkstra from row src until the sink is settled, moves the
// potentials of the settled nodes, and returns the node whose arc into the
// sink ends the shortest path: a free column, or a row (possibly src) that
// leaves the unit unassigned. The pred fields hold the path back to src.
func (s *solver) search(src int32) int32 {
	s.stamp++
	st := s.stamp
	s.heap.items = s.heap.items[:0]
	s.settled = s.settled[:0]
	sn := &s.nodes[src]
	best, end := sn.pot, src // src's own arc to the sink
	sn.seen, sn.dist = st, 0
	s.heap.push(0, src)
	for len(s.heap.items) > 0 {
		d, n := s.heap.pop()
		if d >= best {
			break
		}
		nd := &s.nodes[n]
		if nd.done == st || d > nd.dist {
			continue // stale heap entry
		}
		nd.done = st
		s.settled = append(s.settled, n)
		if n < s.nr {
			best, end = s.relaxRow(n, d+nd.pot, best, end)
		} else {
			best, end = s.relaxCol(n, d+nd.pot, best, end)
		}
	}
	// Johnson's update pot += min(dist, best), less the constant best:
	// nodes not settled have dist >= best and keep their potential.
	for _, n := range s.settled {
		nd := &s.nodes[n]
		nd.pot += nd.dist - best
	}
	return end
}

// relaxRow scans the free arcs of row r, settled at distance d, with base
// = d + pot[r]. A column with spare capacity is not queued: its arc to the
// sink (reduced cost 0) is the best way on from it, so it only lowers the
// bound best.
func (s *solver) relaxRow(r int32, base, best int64, end int32) (int64, int32) {
	g := s.g
	st := s.stamp
	lo, hi := g.off[r], g.off[r+1]
	arcs, state := g.arcs[lo:hi], s.state[lo:hi]
	for i := range arcs {
		a := &arcs[i]
		// Column potentials never rise above 0, so nd >= base - score;
		// arcs come best score first, so no later arc can beat best.
		if base-a.score >= best {
			break
		}
		if state[i] != arcFree {
			continue
		}
		n := s.nr + a.col
		cn := &s.nodes[n]
		nd := base - a.score - cn.pot
		if nd >= best {
			continue
		}
		if cn.spare > 0 {
			if t := nd + cn.pot; t < best {
				best, end = t, n
				cn.pred = lo + int32(i)
			}
			continue
		}
		if cn.seen == st && nd >= cn.dist {
			continue
		}
		cn.seen, cn.dist, cn.pred = st, nd, lo+int32(i)
		s.heap.push(nd, n)
	}
	return best, end
}

// relaxCol follows the used arcs of full column node n, settled with base
// = dist + pot, back to the rows holding them. Reaching a row also offers
// that row's arc to the sink: the row gives up this column and leaves the
// unit unassigned.
func (s *solver) relaxCol(n int32, base, best int64, end int32) (int64, int32) {
	g := s.g
	st := s.stamp
	c := n - s.nr
	for _, k := range s.slots[s.colOff[c] : s.colOff[c+1]-s.nodes[n].spare] {
		r := g.row[k]
		rn := &s.nodes[r]
		nd := base + g.arcs[k].score - rn.pot
		if nd >= best || (rn.seen == st && nd >= rn.dist) {
			continue
		}
		rn.seen, rn.dist, rn.pred = st, nd, k
		if t := nd + rn.pot; t < best {
			best, end = t, r
		}
		if nd < best {
			s.heap.push(nd, r)
		}
	}
	return best, end
}

// augment moves one unit along the path search left in pred, from src to
// end and on to the sink: forward arcs (row to column) start carrying
// flow, backward ones (column to row) stop.
func (s *solver) augment(src, end int32) {
	g := s.g
	n := end
	out := int32(-1) // the used arc by which the path leaves column n; -1: to the sink
	for {
		if n < s.nr {
			if n == src {
				return
			}
			k := s.nodes[n].pred
			s.state[k] = arcFree
			out = k
			n = s.nr + g.arcs[k].col
			continue
		}
		c := n - s.nr
		cn := &s.nodes[n]
		k := cn.pred
		s.state[k] = arcUsed
		if out < 0 {
			cn.spare--
			s.slots[s.colOff[c+1]-cn.spare-1] = k
		} else {
			slots := s.slots[s.colOff[c] : s.colOff[c+1]-cn.spare]
			for i, x := range slots {
				if x == out {
					slots[i] = k
					break
				}
			}
		}
		n = g.row[k]
	}
}

// minHeap is a binary heap of (distance, node) with lazy deletion.
type minHeap struct {
	items []heapItem
}

// heapItem is one queued node.
type heapItem struct {
	d int64
	n int32
}

// push adds node n at distance d.
func (h *minHeap) push(d int64, n int32) {
	h.items = append(h.items, heapItem{d, n})
	it := h.items
	i := len(it) - 1
	for i > 0 {
		p := (i - 1) / 2
		if it[p].d <= d {
			break
		}
		it[i] = it[p]
		i = p
	}
	it[i] = heapItem{d, n}
}

// pop removes and returns the nearest node.
func (h *minHeap) pop() (int64, int32) {
	it := h.items
	top := it[0]
	last := it[len(it)-1]
	it = it[:len(it)-1]
	h.items = it
	i, m := 0, len(it)
	for {
		c := 2*i + 1
		if c >= m {
			break
		}
		if c+1 < m && it[c+1].d < it[c].d {
			c++
		}
		if last.d <= it[c].d {
			break
		}
		it[i] = it[c]
		i = c
	}
	if m > 0 {
		it[i] = last
	}
	return top.d, top.n
}
