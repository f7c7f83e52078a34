package assign

import (
	"context"
	"math/rand/v2"
	"testing"
)

// bruteForce is the best total over all subsets of p's edges that respect
// the capacities (pairs are distinct since edges are).
func bruteForce(p Problem) int64 {
	var best int64
	rowUse := make([]int32, len(p.Rows))
	colUse := make([]int32, len(p.Cols))
	for mask := 0; mask < 1<<len(p.Edges); mask++ {
		clear(rowUse)
		clear(colUse)
		var sum int64
		ok := true
		for i, e := range p.Edges {
			if mask&(1<<i) == 0 {
				continue
			}
			rowUse[e.Row]++
			colUse[e.Col]++
			if rowUse[e.Row] > p.Rows[e.Row] || colUse[e.Col] > p.Cols[e.Col] {
				ok = false
				break
			}
			sum += e.Score
		}
		if ok {
			best = max(best, sum)
		}
	}
	return best
}

func TestSolveBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	shapes := []struct {
		rows, cols, maxCap int
		maxScore           int64
	}{
		{2, 2, 1, 10}, {3, 3, 2, 5}, {4, 3, 3, 100}, {3, 5, 2, 3}, {5, 5, 1, 1_000_000}, {2, 6, 3, 4}, {6, 2, 3, 4},
	}
	n := 0
	for _, sh := range shapes {
		for range 60 {
			p := smallInstance(rng, sh.rows, sh.cols, 10, sh.maxCap, sh.maxScore)
			res, err := Solve(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			checkFeasible(t, p, res)
			if want := bruteForce(p); res.Total != want {
				t.Fatalf("instance %d %+v: Solve total %d, brute force %d", n, p, res.Total, want)
			}
			if g := Greedy(p); g.Total > res.Total {
				t.Fatalf("instance %d: Greedy %d beats Solve %d", n, g.Total, res.Total)
			}
			n++
		}
	}
	if n < 300 {
		t.Fatalf("only %d instances", n)
	}
}

// referenceMCF solves p by textbook successive shortest paths with
// Bellman-Ford on an explicit residual network (source -> rows -> columns
// -> sink), augmenting while the shortest path has negative cost. It shares
// no code with Solve.
func referenceMCF(p Problem) int64 {
	nr, nc := len(p.Rows), len(p.Cols)
	src, sink := nr+nc, nr+nc+1
	type edge struct {
		to, cap int
		cost    int64
	}
	var es []edge
	adj := make([][]int, nr+nc+2)
	add := func(u, v, cp int, cost int64) {
		adj[u] = append(adj[u], len(es))
		es = append(es, edge{v, cp, cost})
		adj[v] = append(adj[v], len(es))
		es = append(es, edge{u, 0, -cost})
	}
	for r, h := range p.Rows {
		add(src, r, int(h), 0)
	}
	for c, h := range p.Cols {
		add(nr+c, sink, int(h), 0)
	}
	for _, e := range p.Edges {
		add(int(e.Row), nr+int(e.Col), 1, -e.Score)
	}
	var total int64
	const inf = int64(1) << 62
	dist := make([]int64, len(adj))
	via := make([]int, len(adj))
	for {
		for i := range dist {
			dist[i], via[i] = inf, -1
		}
		dist[src] = 0
		for changed := true; changed; {
			changed = false
			for u := range adj {
				if dist[u] == inf {
					continue
				}
				for _, k := range adj[u] {
					if e := es[k]; e.cap > 0 && dist[u]+e.cost < dist[e.to] {
						dist[e.to], via[e.to], changed = dist[u]+e.cost, k, true
					}
				}
			}
		}
		if dist[sink] >= 0 {
			return total
		}
		for v := sink; v != src; v = es[via[v]^1].to {
			es[via[v]].cap--
			es[via[v]^1].cap++
		}
		total -= dist[sink]
	}
}

func TestSolveReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 150 {
		rows, cols := 1+rng.IntN(25), 1+rng.IntN(25)
		maxScore := []int64{3, 50, 1_000_000}[i%3]
		p := smallInstance(rng, rows, cols, rng.IntN(rows*cols+1), 1+rng.IntN(4), maxScore)
		res, err := Solve(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		checkFeasible(t, p, res)
		if want := referenceMCF(p); res.Total != want {
			t.Fatalf("instance %d (%dx%d, %d edges): Solve %d, reference %d", i, rows, cols, len(p.Edges), res.Total, want)
		}
		if g := Greedy(p); g.Total > res.Total {
			t.Fatalf("instance %d: Greedy %d beats Solve %d", i, g.Total, res.Total)
		}
	}
}

func TestSolveStructured(t *testing.T) {
	// A scaled-down benchmark instance, checked against the reference.
	p := sparseInstance(3, 60, 300, 12)
	res, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	checkFeasible(t, p, res)
	if want := referenceMCF(p); res.Total != want {
		t.Fatalf("Solve %d, reference %d", res.Total, want)
	}
	if g := Greedy(p); g.Total > res.Total {
		t.Fatalf("Greedy %d beats Solve %d", g.Total, res.Total)
	}
}

func TestSolveEdgeOrderIrrelevant(t *testing.T) {
	p := sparseInstance(5, 200, 1000, 15)
	a, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	rev := p
	rev.Edges = make([]Edge, len(p.Edges))
	for i, e := range p.Edges {
		rev.Edges[len(p.Edges)-1-i] = e
	}
	b, err := Solve(context.Background(), rev)
	if err != nil {
		t.Fatal(err)
	}
	checkFeasible(t, rev, b)
	if a.Total != b.Total {
		t.Fatalf("reversed edges: total %d, forward %d", b.Total, a.Total)
	}
}

// certify fails t unless the solver's final potentials, read as LP duals
// (row price pot[r], column price -pot[column node], and for each edge the
// excess max(0, score - row price - column price)), are feasible and their
// objective equals the primal total. By weak duality that proves the total
// optimal, independently of how the solver got there. Capacities are taken
// as min(capacity, usable degree), which changes no feasible solution; a
// side of capacity 0 gets price MaxScore, which costs nothing.
func certify(t *testing.T, p Problem) Result {
	t.Helper()
	g, err := compile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := newSolver(g)
	if err := s.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	res := s.result()
	rowDeg := make([]int64, len(p.Rows))
	colDeg := make([]int64, len(p.Cols))
	for _, e := range p.Edges {
		if p.Rows[e.Row] > 0 && p.Cols[e.Col] > 0 {
			rowDeg[e.Row]++
			colDeg[e.Col]++
		}
	}
	price := func(node, capacity int32, sign int64) int64 {
		if capacity == 0 {
			return MaxScore
		}
		x := sign * s.nodes[node].pot
		if x < 0 {
			t.Fatalf("node %d has negative dual price %d", node, x)
		}
		return x
	}
	var dual int64
	for r, h := range p.Rows {
		dual += min(int64(h), rowDeg[r]) * price(int32(r), h, 1)
	}
	for c, h := range p.Cols {
		dual += min(int64(h), colDeg[c]) * price(s.nr+int32(c), h, -1)
	}
	for _, e := range p.Edges {
		u := price(e.Row, p.Rows[e.Row], 1)
		v := price(s.nr+e.Col, p.Cols[e.Col], -1)
		dual += max(0, e.Score-u-v)
	}
	if dual != res.Total {
		t.Fatalf("dual objective %d != primal total %d: potentials do not certify optimality", dual, res.Total)
	}
	return res
}

func TestSolveCertificate(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for range 100 {
		p := smallInstance(rng, 1+rng.IntN(30), 1+rng.IntN(30), 200, 3, 20)
		checkFeasible(t, p, certify(t, p))
	}
	for _, p := range []Problem{sparseInstance(2, 1000, 10_000, 30), bigInstance()} {
		res := certify(t, p)
		checkFeasible(t, p, res)
		if g := Greedy(p); g.Total > res.Total {
			t.Fatalf("Greedy %d beats Solve %d", g.Total, res.Total)
		}
	}
}
