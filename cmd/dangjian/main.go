// Command dangjian is the whole product in one binary: the web server, the
// JSON and Open311 APIs, and the command line (serve, migrate, demo, import,
// user, coverage, config).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/config"
	"dangjian/internal/db"
	"dangjian/internal/i18n"
	"dangjian/internal/web"
)

const usage = `dangjian — Party-building-led grassroots governance for Sanya

Usage:
  dangjian serve    [flags]                 start the web server (migrates first)
  dangjian run      [flags]                 migrate, load the city demo data if the database is empty, serve
  dangjian migrate  [flags]                 apply database migrations
  dangjian demo     [flags] [-scale city]   load deterministic demo data (tiny|city|province)
  dangjian import   [flags] -kind people -scope-area CODE FILE   import a .csv or .xlsx file
  dangjian user     [flags] -username U -password P -roles admin [-scope-area CODE] [-scope-org CODE]
  dangjian coverage [flags] [-minutes 15] [-category health] [-k 10] [NETWORK.osm|.osm.pbf]
                                            15-minute coverage (or siting with -k) with progress; Ctrl-C cancels
  dangjian rekey    [flags] -new-key K      re-seal every personal value under a new key (resumable)
  dangjian config   [flags]                 print the effective configuration (secrets masked)

Flags common to all commands (each also read from its DANGJIAN_* variable):
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "error:", message(err))
		os.Exit(1)
	}
}

// message renders an error for the terminal in the default locale, with
// per-row problems.
func message(err error) string {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return err.Error()
	}
	if ae.Code == apperr.Internal {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(i18n.T("zh-CN", ae.Key, ae.Args))
	if ae.Field != "" {
		b.WriteString(" (" + ae.Field + ")")
	}
	for _, p := range ae.Problems {
		b.WriteString("\n  " + i18n.T("zh-CN", "err.import.row", map[string]any{"row": p.Row, "msg": i18n.T("zh-CN", p.Key, p.Args)}))
	}
	return b.String()
}

func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, usage); fs.PrintDefaults() }
	build := config.Register(fs)
	var extra cmdFlags
	extra.register(fs, cmd)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := build()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if cmd == "config" {
		fmt.Print(cfg.Describe())
		return nil
	}
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return err
	}
	if ok, err := area.Seeded(ctx, d.Read()); err != nil {
		return err
	} else if !ok {
		if err := area.Seed(ctx, d); err != nil {
			return err
		}
	}
	if err := resolveKey(ctx, cmd, cfg, d); err != nil {
		return err
	}
	switch cmd {
	case "rekey":
		return rekeyCmd(ctx, cfg, d, extra)
	case "migrate":
		fmt.Println("migrations applied")
		return nil
	case "serve":
		return serve(ctx, cfg, d, log)
	case "run":
		if err := demoIfEmpty(ctx, cfg, d); err != nil {
			return err
		}
		return serve(ctx, cfg, d, log)
	case "demo":
		return demoCmd(ctx, cfg, d, extra.scale)
	case "import":
		return importCmd(ctx, cfg, d, extra, fs.Args())
	case "user":
		return userCmd(ctx, cfg, d, extra)
	case "coverage":
		return coverageCmd(ctx, d, extra, fs.Args())
	}
	fs.Usage()
	return fmt.Errorf("unknown command %q", cmd)
}

func serve(ctx context.Context, cfg *config.Config, d *db.DB, log *slog.Logger) error {
	s, err := web.New(ctx, cfg, d, log)
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: cfg.Listen, Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Printf("dangjian is listening on http://%s (database: %s)\n", cfg.Listen, describeDB(cfg.DB))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}

func describeDB(dsn string) string {
	if strings.HasPrefix(dsn, "postgres") {
		return "PostgreSQL"
	}
	if abs, err := filepath.Abs(strings.TrimPrefix(dsn, "sqlite:")); err == nil {
		return "SQLite file " + abs
	}
	return "SQLite file " + dsn
}
