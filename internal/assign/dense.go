package assign

import (
	"fmt"
	"math"
)

// Dense solves the minimum-cost linear assignment problem for a full cost
// matrix, with the semantics of scipy.optimize.linear_sum_assignment
// (minimize): every row is matched to a distinct column when rows <= cols,
// rowToCol[i] is row i's column and total the sum of the matched costs.
// With more rows than columns the matrix is solved transposed, every column
// is matched, and unmatched rows get -1. An empty matrix gives an empty
// assignment.
//
// The matrix must be rectangular (all rows of equal length) and finite;
// unlike scipy, +Inf ("forbidden") entries are rejected rather than
// supported. The error wraps ErrInvalid.
//
// Square matrices are solved with LAPJV (Jonker and Volgenant, 1987):
// column reduction, reduction transfer and two rounds of augmenting row
// reduction assign most rows cheaply, and shortest augmenting paths over
// dense arrays assign the rest. Rectangular ones skip the three
// initialisation phases, which assume a square matrix, and run the shortest
// augmenting paths from zero column prices, as scipy does.
func Dense(cost [][]float64) (rowToCol []int, total float64, err error) {
	n := len(cost)
	if n == 0 {
		return []int{}, 0, nil
	}
	m := len(cost[0])
	for i, row := range cost {
		if len(row) != m {
			return nil, 0, fmt.Errorf("%w: cost row %d has %d entries, row 0 has %d", ErrInvalid, i, len(row), m)
		}
		for j, x := range row {
			if x-x != 0 { // NaN or ±Inf
				return nil, 0, fmt.Errorf("%w: cost[%d][%d] is %v, want a finite number", ErrInvalid, i, j, x)
			}
		}
	}
	rowToCol = make([]int, n)
	if n > m {
		for i := range rowToCol {
			rowToCol[i] = -1
		}
		if m == 0 {
			return rowToCol, 0, nil
		}
		flat := make([]float64, m*n)
		t := make([][]float64, m)
		for j := range t {
			t[j] = flat[j*n : j*n+n]
		}
		for i, row := range cost {
			for j, x := range row {
				t[j][i] = x
			}
		}
		for j, i := range solveRows(t) {
			rowToCol[i] = j
		}
	} else {
		for i, j := range solveRows(cost) {
			rowToCol[i] = int(j)
		}
	}
	for i, j := range rowToCol {
		if j >= 0 {
			total += cost[i][j]
		}
	}
	return rowToCol, total, nil
}

// lap is the state of one LAPJV run on an n x m matrix, n <= m, which it
// only reads.
type lap struct {
	n, m    int
	c       [][]float64
	v       []float64 // column prices
	rowsol  []int32   // column of each row (stale while the row is free)
	colsol  []int32   // row of each column, -1: free
	d       []float64 // shortest path lengths of one augmentation
	pred    []int32
	collist []int32
}

// solveRows returns the column of each row of c, which has at least as
// many columns as rows.
func solveRows(c [][]float64) []int32 {
	n, m := len(c), len(c[0])
	l := &lap{
		n: n, m: m, c: c,
		v: make([]float64, m), rowsol: make([]int32, n), colsol: make([]int32, m),
		d: make([]float64, m), pred: make([]int32, m), collist: make([]int32, m),
	}
	for j := range l.colsol {
		l.colsol[j] = -1
	}
	var free []int32
	switch {
	case n == 1:
		free = []int32{0}
	case n == m:
		free = l.reduceColumns()
		for range 2 {
			free = l.augmentingRowReduction(free)
		}
	default:
		free = make([]int32, n)
		for i := range free {
			free[i] = int32(i)
		}
	}
	for _, i := range free {
		l.augment(i)
	}
	return l.rowsol
}

// reduceColumns prices each column at its smallest cost and gives it to
// that row if the row has no cheaper column yet (column reduction), then
// lowers the price of each singly matched row's column by the row's second
// smallest reduced cost (reduction transfer). It returns the free rows.
func (l *lap) reduceColumns() []int32 {
	n, c, v := l.n, l.c, l.v
	imin := make([]int32, n)
	for j := range v {
		v[j] = math.Inf(1)
	}
	for i := range n {
		row := c[i][:n]
		for j, x := range row {
			if x < v[j] {
				v[j], imin[j] = x, int32(i)
			}
		}
	}
	matches := make([]int32, n)
	for j := n - 1; j >= 0; j-- {
		i := imin[j]
		matches[i]++
		switch {
		case matches[i] == 1:
			l.rowsol[i], l.colsol[j] = int32(j), i
		case v[j] < v[l.rowsol[i]]:
			j1 := l.rowsol[i]
			l.rowsol[i], l.colsol[j], l.colsol[j1] = int32(j), i, -1
		default:
			l.colsol[j] = -1
		}
	}
	var free []int32
	for i := range n {
		switch matches[i] {
		case 0:
			free = append(free, int32(i))
		case 1:
			j1 := int(l.rowsol[i])
			row := c[i][:n]
			h := math.Inf(1)
			for j := range j1 {
				h = min(h, row[j]-v[j])
			}
			for j := j1 + 1; j < n; j++ {
				h = min(h, row[j]-v[j])
			}
			v[j1] -= h
		}
	}
	return free
}

// augmentingRowReduction gives each free row its cheapest column, lowering
// the price so the row still prefers it (an auction step), and displaces
// the column's owner, which is reprocessed at once when the price fell and
// left for the next round when it did not. A budget bounds the immediate
// reprocessing, so price wars over near-equal floats cannot run long. It
// returns the rows still free.
func (l *lap) augmentingRowReduction(free []int32) []int32 {
	n, c, v := l.n, l.c, l.v
	budget := 4 * n
	k, nf := 0, 0
	for k < len(free) {
		i := free[k]
		k++
		row := c[i][:n]
		umin, usub := row[0]-v[0], math.Inf(1)
		j1, j2 := 0, -1
		for j := 1; j < n; j++ {
			h := row[j] - v[j]
			if h < usub {
				if h >= umin {
					usub, j2 = h, j
				} else {
					usub, umin, j2, j1 = umin, h, j1, j
				}
			}
		}
		i0 := l.colsol[j1]
		lowered := umin < usub
		if lowered {
			v[j1] -= usub - umin
		} else if i0 >= 0 {
			j1, i0 = j2, l.colsol[j2]
		}
		l.rowsol[i], l.colsol[j1] = int32(j1), i
		if i0 < 0 {
			continue
		}
		if lowered && budget > 0 {
			budget--
			k--
			free[k] = i0
		} else {
			free[nf] = i0
			nf++
		}
	}
	return free[:nf]
}

// augment assigns free row f along a shortest augmenting path in reduced
// costs (Dijkstra over dense arrays: collist[:low] are scanned columns,
// collist[low:up] those at the current minimum distance, the rest are
// unreached), then moves the prices of the scanned columns so that every
// assigned row keeps its column at zero reduced cost.
func (l *lap) augment(f int32) {
	m, c, v, d, pred, cl, colsol := l.m, l.c, l.v, l.d, l.pred, l.collist, l.colsol
	row := c[f][:m]
	for j := range m {
		d[j] = row[j] - v[j]
		pred[j] = f
		cl[j] = int32(j)
	}
	low, up, last := 0, 0, 0
	var dmin float64
	end := int32(-1)
	for end < 0 {
		if up == low {
			last = low - 1
			dmin = d[cl[up]]
			up++
			for k := up; k < m; k++ {
				j := cl[k]
				if h := d[j]; h <= dmin {
					if h < dmin {
						up, dmin = low, h
					}
					cl[k], cl[up] = cl[up], j
					up++
				}
			}
			for _, j := range cl[low:up] {
				if colsol[j] < 0 {
					end = j
					break
				}
			}
			if end >= 0 {
				break
			}
		}
		j1 := cl[low]
		low++
		i := colsol[j1]
		ri := c[i][:m]
		h := ri[j1] - v[j1] - dmin
		for k := up; k < m; k++ {
			j := cl[k]
			v2 := ri[j] - v[j] - h
			if v2 < d[j] {
				pred[j] = i
				if v2 == dmin {
					if colsol[j] < 0 {
						end = j
						break
					}
					cl[k], cl[up] = cl[up], j
					up++
				}
				d[j] = v2
			}
		}
	}
	for _, j := range cl[:last+1] {
		v[j] += d[j] - dmin
	}
	for {
		i := pred[end]
		colsol[end] = i
		end, l.rowsol[i] = l.rowsol[i], end
		if i == f {
			return
		}
	}
}
