package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/coverage"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// coverageCmd runs a coverage computation (or siting with -k) for the
// whole city as a stored run, shows its progress, prints the summary, and
// cancels it on Ctrl-C. With a file argument it first imports a walking
// network (.osm or .osm.pbf).
func coverageCmd(ctx context.Context, d *db.DB, c cmdFlags, files []string) error {
	st := &coverage.Store{DB: d, Locator: area.NewLocator(d)}
	actx := audit.WithActor(ctx, audit.Actor{Username: "cli"})
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		format := "xml"
		if strings.HasSuffix(f, ".pbf") {
			format = "pbf"
		}
		info, stats, err := st.ImportOSM(actx, f, raw, format)
		if err != nil {
			return err
		}
		fmt.Printf("network %q: %d nodes, %d edges, %d components (largest %.1f%%), %d missing node refs skipped\n",
			f, info.Nodes, info.Edges, info.Components, 100*info.LargestShare, stats.MissingRefs)
	}
	p := coverage.Params{Minutes: c.minutes, Category: c.category}
	if err := p.Normalize(); err != nil {
		return err
	}
	kind, params := "coverage", any(p)
	work := func(ctx context.Context, rep coverage.Progress) (any, any, error) {
		in, res, err := st.Coverage(ctx, scope.Everything, p, rep)
		return in, res, err
	}
	if c.k > 0 {
		sp := coverage.SitingParams{Params: p, K: c.k, Source: "generated"}
		kind, params = "siting", sp
		work = func(ctx context.Context, rep coverage.Progress) (any, any, error) {
			in, res, err := st.Siting(ctx, scope.Everything, sp, rep)
			return in, res, err
		}
	}
	id, err := st.Start(actx, context.Background(), scope.Everything, 0, kind, params, work)
	if err != nil {
		return err
	}
	stages := map[string]func(int, int){}
	run, err := st.Wait(ctx, scope.Everything, id, 200*time.Millisecond, func(stage string, done, total int) {
		if stages[stage] == nil {
			stages[stage] = bar(stage)
		}
		stages[stage](done, total)
	})
	if errors.Is(err, context.Canceled) {
		cerr := st.Cancel(context.Background(), scope.Everything, id)
		run, _ = st.Wait(context.Background(), scope.Everything, id, 100*time.Millisecond, nil)
		fmt.Fprintf(os.Stderr, "\nrun %d: %s (%v)\n", id, run.Status, cerr)
		return err
	} else if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr)
	return printRun(run)
}

func printRun(run coverage.Run) error {
	if run.Status != coverage.Done {
		f := run.Failure()
		return fmt.Errorf("run %d %s: %s", run.ID, run.Status, message(errorOf(f)))
	}
	if run.Kind == "siting" {
		var res coverage.SitingResult
		json.Unmarshal(run.Result, &res)
		fmt.Printf("run %d: siting (%s): coverage %.1f%% → %.1f%% with %d new posts (greedy %d, improved %d people, %d swaps)\n",
			run.ID, res.Mode, 100*res.Today, 100*res.After, len(res.Plan.Picks), res.Plan.Greedy, res.Plan.Total, res.Plan.Swaps)
		for i, pk := range res.Plan.Picks {
			c := res.Candidates[pk.Candidate]
			fmt.Printf("  %2d. %.6f,%.6f  +%d\n", i+1, c.Lat, c.Lng, pk.Gain)
		}
		return nil
	}
	var res coverage.Result
	json.Unmarshal(run.Result, &res)
	fmt.Printf("run %d: %d-minute coverage (%s): %.1f%% of %d people in %d homes; excluded: %+v\n",
		run.ID, res.Params.Minutes, res.Mode, 100*res.City.Share, res.City.People, res.City.Homes, res.Excluded)
	for _, a := range res.Areas {
		if a.Kind == "district" {
			fmt.Printf("  %-8s %6.1f%%  %d / %d\n", a.Name, 100*a.Share, a.Covered, a.People)
		}
	}
	return nil
}

// errorOf turns a stored run error back into an application error.
func errorOf(f coverage.RunError) error {
	e := apperr.New(apperr.Invalid, f.Key)
	for k, v := range f.Args {
		e = e.With(k, v)
	}
	return e
}
