package coveragebench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Row is a group of homes covered by exactly the same candidates, with the
// people in them: one y variable of the ILP.
type Row struct {
	Cands  []int32 // ascending
	People int
}

// Aggregate inverts cover sets (candidate → homes) into rows (homes with the
// same set of covering candidates, merged), in order of first home.
func Aggregate(sets [][]int32, people func(home int32) int) []Row {
	by := map[int32][]int32{}
	var order []int32
	for c, hs := range sets {
		for _, h := range hs {
			if by[h] == nil {
				order = append(order, h)
			}
			by[h] = append(by[h], int32(c))
		}
	}
	index := map[string]int{}
	var rows []Row
	key := make([]byte, 0, 64)
	for _, h := range order {
		cs := by[h]
		key = key[:0]
		for _, c := range cs {
			key = strconv.AppendInt(append(key, ','), int64(c), 10)
		}
		if i, ok := index[string(key)]; ok {
			rows[i].People += people(h)
			continue
		}
		index[string(key)] = len(rows)
		rows = append(rows, Row{Cands: cs, People: people(h)})
	}
	return rows
}

// Value is the people in rows covered by the chosen candidates.
func Value(rows []Row, chosen []int) int {
	in := map[int32]bool{}
	for _, c := range chosen {
		in[int32(c)] = true
	}
	v := 0
	for _, r := range rows {
		for _, c := range r.Cands {
			if in[c] {
				v += r.People
				break
			}
		}
	}
	return v
}

// WriteLP writes the maximal covering location problem in CPLEX LP format:
// maximize Σ people_r y_r subject to y_r ≤ Σ_{c covers r} x_c, Σ x_c = k,
// x binary, 0 ≤ y ≤ 1. Candidate c is x<c>, row r is y<r>.
func WriteLP(w io.Writer, rows []Row, cands, k int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	line := func(i int) {
		if i > 0 && i%8 == 0 {
			bw.WriteString("\n   ")
		}
	}
	bw.WriteString("\\ MCLP from internal/coverage/coveragebench\nMaximize\n obj:")
	for r, row := range rows {
		line(r)
		fmt.Fprintf(bw, " + %d y%d", row.People, r)
	}
	bw.WriteString("\nSubject To\n")
	for r, row := range rows {
		fmt.Fprintf(bw, " r%d: y%d", r, r)
		for i, c := range row.Cands {
			line(i + 1)
			fmt.Fprintf(bw, " - x%d", c)
		}
		bw.WriteString(" <= 0\n")
	}
	bw.WriteString(" k:")
	for c := range cands {
		line(c)
		fmt.Fprintf(bw, " + x%d", c)
	}
	fmt.Fprintf(bw, " = %d\nBounds\n", k)
	for r := range rows {
		fmt.Fprintf(bw, " 0 <= y%d <= 1\n", r)
	}
	bw.WriteString("Binary\n")
	for c := range cands {
		line(c)
		fmt.Fprintf(bw, " x%d", c)
	}
	bw.WriteString("\nEnd\n")
	return bw.Flush()
}

// Solver is an ILP solver on this machine.
type Solver struct {
	Name string // "cbc" or "glpsol"
	Path string
}

// ErrNoSolver means neither cbc nor glpsol is on PATH.
var ErrNoSolver = errors.New("coveragebench: neither cbc (coinor-cbc) nor glpsol (glpk-utils) is installed")

// FindSolver returns cbc if it is installed, else glpsol.
func FindSolver() (Solver, error) {
	for _, name := range []string{"cbc", "glpsol"} {
		if p, err := exec.LookPath(name); err == nil {
			return Solver{Name: name, Path: p}, nil
		}
	}
	return Solver{}, ErrNoSolver
}

// Result is a solver run: its status line, whether it proved optimality,
// the chosen candidates and the wall time.
type Result struct {
	Status  string
	Optimal bool
	Chosen  []int
	Time    time.Duration
}

// Solve writes the LP to dir, runs the solver with a time limit and reads
// its solution.
func (s Solver) Solve(ctx context.Context, dir string, rows []Row, cands, k int, limit time.Duration) (Result, error) {
	lp := filepath.Join(dir, "mclp.lp")
	sol := filepath.Join(dir, "mclp.sol")
	f, err := os.Create(lp)
	if err != nil {
		return Result{}, err
	}
	if err = WriteLP(f, rows, cands, k); err == nil {
		err = f.Close()
	}
	if err != nil {
		return Result{}, err
	}
	os.Remove(sol)
	secs := strconv.Itoa(max(int(limit.Seconds()), 1))
	var cmd *exec.Cmd
	if s.Name == "cbc" {
		cmd = exec.CommandContext(ctx, s.Path, lp, "sec", secs, "solve", "solution", sol)
	} else {
		cmd = exec.CommandContext(ctx, s.Path, "--lp", lp, "--tmlim", secs, "-o", sol)
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	res := Result{Time: time.Since(start)}
	if err != nil {
		return res, fmt.Errorf("%s: %w\n%s", s.Name, err, lastLines(out, 10))
	}
	b, err := os.ReadFile(sol)
	if err != nil {
		return res, fmt.Errorf("%s wrote no solution: %w\n%s", s.Name, err, lastLines(out, 10))
	}
	if s.Name == "cbc" {
		err = parseCBC(string(b), &res)
	} else {
		err = parseGLPK(string(b), &res)
	}
	return res, err
}

// parseCBC reads CBC's solution file: a status line ("Optimal - objective
// value …"), then one line per nonzero column: index, name, value, cost.
func parseCBC(s string, res *Result) error {
	first, rest, _ := strings.Cut(s, "\n")
	res.Status = strings.TrimSpace(first)
	res.Optimal = strings.HasPrefix(res.Status, "Optimal")
	for l := range strings.Lines(rest) {
		f := strings.Fields(l)
		if len(f) >= 3 && f[0] == "**" { // CBC marks infeasible values
			f = f[1:]
		}
		if len(f) < 3 || !strings.HasPrefix(f[1], "x") {
			continue
		}
		if err := chosen(f[1], f[2], res); err != nil {
			return err
		}
	}
	return nil
}

// parseGLPK reads glpsol's printable solution (-o): the Status line and the
// column table (No, name, *, activity, …).
func parseGLPK(s string, res *Result) error {
	for l := range strings.Lines(s) {
		f := strings.Fields(l)
		switch {
		case len(f) >= 2 && f[0] == "Status:":
			res.Status = strings.Join(f[1:], " ")
			res.Optimal = res.Status == "INTEGER OPTIMAL"
		case len(f) >= 4 && strings.HasPrefix(f[1], "x") && f[2] == "*":
			if err := chosen(f[1], f[3], res); err != nil {
				return err
			}
		}
	}
	if res.Status == "" {
		return errors.New("glpsol: no Status line in its solution")
	}
	return nil
}

// chosen records candidate name ("x12") when its value rounds to 1.
func chosen(name, value string, res *Result) error {
	c, err1 := strconv.Atoi(name[1:])
	v, err2 := strconv.ParseFloat(value, 64)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("solution line %s %s: %w", name, value, err)
	}
	if v > 0.5 {
		res.Chosen = append(res.Chosen, c)
	}
	return nil
}

func lastLines(b []byte, n int) string {
	ls := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(ls[max(0, len(ls)-n):], "\n")
}
