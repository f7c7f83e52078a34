// Command probe runs the finding classes of the security review against a
// running dangjian server on this machine and reports what it found. It
// sends bounded request loops to a loopback address only, and stops by
// itself. scripts/probe.sh starts a fresh demo server and runs it.
//
//	go run ./scripts/probe -base http://127.0.0.1:18080 -pid 1234
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// env is what every check gets: the server, the demo password and the
// server's process id (for its memory).
type env struct {
	base     string
	password string
	pid      int
	bin      string // the dangjian binary, for the start-up checks
	nextSrc  int
}

// src hands each visitor a loopback address of its own.
func (e *env) src() int { e.nextSrc++; return e.nextSrc }

func (e *env) client() *client { return newClient(e.base, e.src()) }

// staff returns a visitor signed in as a demo account.
func (e *env) staff(user string) (*client, error) {
	c := e.client()
	return c, c.login(user, e.password)
}

// result is one check's outcome: tries made, findings (each a sentence).
type result struct {
	tries    int
	findings []string
	err      error
}

func (r *result) try()                    { r.tries++ }
func (r *result) find(f string, a ...any) { r.findings = append(r.findings, fmt.Sprintf(f, a...)) }
func (r *result) expect(ok bool, f string, a ...any) {
	r.tries++
	if !ok {
		r.find(f, a...)
	}
}

type check struct {
	item int // the finding's number in the review
	name string
	last bool // runs after the others: it floods or locks on purpose
	run  func(e *env, r *result)
}

func main() {
	var e env
	flag.StringVar(&e.base, "base", "http://127.0.0.1:18080", "the server (loopback only)")
	flag.StringVar(&e.password, "password", "Sanya@2026demo", "the demo accounts' password")
	flag.IntVar(&e.pid, "pid", 0, "the server's process id, for its peak memory (0: not measured)")
	flag.StringVar(&e.bin, "bin", "bin/dangjian", "the dangjian binary, for the start-up checks")
	only := flag.String("only", "", "comma-separated item numbers to run (empty: all)")
	flag.Parse()
	if err := loopbackOnly(e.base); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	want := map[string]bool{}
	for _, s := range strings.Split(*only, ",") {
		if s != "" {
			want[s] = true
		}
	}
	checks := allChecks()
	sort.SliceStable(checks, func(i, j int) bool {
		if checks[i].last != checks[j].last {
			return checks[j].last
		}
		return checks[i].item < checks[j].item
	})
	var tries, findings, errs int
	fmt.Printf("%-4s %-46s %6s %8s  %s\n", "item", "class", "tries", "findings", "time")
	for _, c := range checks {
		if len(want) > 0 && !want[fmt.Sprint(c.item)] {
			continue
		}
		var r result
		t0 := time.Now()
		c.run(&e, &r)
		state := fmt.Sprint(len(r.findings))
		if r.err != nil {
			state = "error"
			errs++
		}
		fmt.Printf("%-4d %-46s %6d %8s  %.1fs\n", c.item, c.name, r.tries, state, time.Since(t0).Seconds())
		for i, f := range r.findings {
			if i == 6 {
				fmt.Printf("       … and %d more findings\n", len(r.findings)-i)
				break
			}
			fmt.Println("       finding:", f)
		}
		if r.err != nil {
			fmt.Println("       error:", r.err)
		}
		tries += r.tries
		findings += len(r.findings)
	}
	fmt.Printf("probe summary: %d classes, %d tries, %d findings, %d errors\n", len(checks), tries, findings, errs)
	if findings > 0 || errs > 0 {
		os.Exit(1)
	}
}
