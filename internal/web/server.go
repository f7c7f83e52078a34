// Package web is the HTTP layer: server-rendered pages (html/template with
// htmx), the JSON API under /api/v1 and its OpenAPI document. It calls the
// feature packages and owns nothing but request handling: every route is
// one row in the route table (routes.go), which also drives the access
// scope test matrix and the OpenAPI completeness test.
package web

import (
	"context"
	"dangjian/internal/alliance"
	"dangjian/internal/app"
	"dangjian/internal/assess"
	"dangjian/internal/cultivation"
	"dangjian/internal/gap"
	"dangjian/internal/project"
	"dangjian/internal/weak"
	accountweb "dangjian/internal/web/account"
	allianceweb "dangjian/internal/web/alliance"
	assessweb "dangjian/internal/web/assess"
	coverageweb "dangjian/internal/web/coverage"
	cultivationweb "dangjian/internal/web/cultivation"
	declarationweb "dangjian/internal/web/declaration"
	gapweb "dangjian/internal/web/gap"
	importsweb "dangjian/internal/web/imports"
	open311web "dangjian/internal/web/open311"
	orglifeweb "dangjian/internal/web/orglife"
	projectweb "dangjian/internal/web/project"
	registryweb "dangjian/internal/web/registry"
	serviceweb "dangjian/internal/web/service"
	talentweb "dangjian/internal/web/talent"
	vanguardweb "dangjian/internal/web/vanguard"
	weakweb "dangjian/internal/web/weak"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/coverage"
	"dangjian/internal/db"
	"dangjian/internal/importer"
	"dangjian/internal/order"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/pii"
	"dangjian/internal/post"
	"dangjian/internal/talent"
	"dangjian/internal/transfer"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

//go:embed static
var staticFS embed.FS

// Server holds the features the handlers call.
type Server struct {
	*kit.Kit
	DB        *db.DB
	Vault     *pii.Vault
	Auth      *auth.Store
	Areas     *area.Store
	Orgs      *org.Store
	Units     *unit.Store
	People    *person.Store
	Transfers *transfer.Store
	Talents   *talent.Store
	Posts     *post.Store
	Orders    *order.Store
	Locator   *area.Locator
	Coverage  *coverage.Store
	abuse     abuse
	// modules are the feature modules under internal/web/, each with its
	// routes and exports.
	modules []module
	exports map[string]kit.Export
	// bg is the context long-running jobs (imports) run under.
	bg context.Context
}

//go:embed templates/*.html
var templateFS embed.FS

// New wires a server on an open, migrated database.
func New(ctx context.Context, cfg *config.Config, d *db.DB, log *slog.Logger) (*Server, error) {
	v, err := pii.NewVault(cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	if n, err := person.SealBirthDates(ctx, d, v); err != nil {
		return nil, err
	} else if n > 0 {
		log.Info("sealed birth dates left in clear by an older version", "people", n)
	}
	k, err := kit.New(cfg, log, templateFS, serviceweb.Templates, coverageweb.Templates, orglifeweb.Templates, gapweb.Templates, accountweb.Templates, importsweb.Templates, talentweb.Templates, registryweb.Templates)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Kit: k, DB: d, Vault: v, bg: ctx,
		Auth: &auth.Store{DB: d, LockoutAfter: cfg.LockoutAfter, LockoutFor: cfg.LockoutFor, SessionIdle: cfg.SessionIdle, SessionMax: cfg.SessionMax,
			DelayAfter: cfg.LoginDelayAfter, DelayMax: cfg.LoginDelayMax},
		Areas:     &area.Store{DB: d},
		Orgs:      &org.Store{DB: d},
		Units:     &unit.Store{DB: d},
		People:    &person.Store{DB: d, Vault: v, Names: person.NewNameIndex(d)},
		Transfers: &transfer.Store{DB: d},
	}
	s.abuse = newAbuse(cfg, nil)
	s.Posts = &post.Store{DB: d}
	s.Locator = area.NewLocator(d)
	s.Orders = &order.Store{DB: d, Vault: v, Posts: s.Posts, Locator: s.Locator}
	s.Coverage = &coverage.Store{DB: d, Locator: s.Locator}
	if err := order.SeedHolidays(ctx, d); err != nil {
		return nil, err
	}
	// Overdue orders escalate one level up; every server checks each
	// minute, and an order moves once however many servers run.
	go s.Orders.RunEscalator(ctx, time.Minute)
	// Import jobs left running by a process that died end as failed.
	if n, err := importer.FailStale(ctx, d); err != nil {
		log.Warn("stale import jobs", "err", err)
	} else if n > 0 {
		log.Info("stale import jobs failed", "jobs", n)
	}
	tax, err := talent.LoadTaxonomy(ctx, d)
	if err != nil {
		return nil, err
	}
	live := talent.NewLive(d, tax)
	s.Talents = &talent.Store{DB: d, Vault: v, Tax: tax, Live: live}
	s.addModules(featureModules(k, d, v, s)...)
	// The talent ranking index follows other servers' writes (PostgreSQL)
	// and loads in the background; rankings wait for it.
	go live.Listen(ctx)
	go func() {
		if err := live.Refresh(ctx); err != nil {
			log.Warn("talent index", "err", err)
		}
	}()
	// Load the name index in the background; until it is ready, searches
	// run in SQL.
	go func() {
		if err := s.People.Names.Refresh(ctx); err != nil {
			log.Warn("name index", "err", err)
		}
	}()
	return s, nil
}

// Handler returns the HTTP handler with every route and middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.DB.R.PingContext(r.Context()); err != nil {
			http.Error(w, "db down", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	})
	return s.recoverer(securityHeaders(mux))
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// module is a feature module: its rows of the route table and its kinds
// of export.
type module interface {
	Routes() []kit.Route
	Exports() map[string]kit.Export
}

// featureModules are the feature modules, given their stores (the
// server's own, where it has them).
func featureModules(k *kit.Kit, d *db.DB, v *pii.Vault, s *Server) []module {
	return []module{
		&weakweb.Module{Kit: k, Weak: &weak.Store{DB: d}},
		&serviceweb.Module{Kit: k, DB: d, Vault: v, Auth: s.Auth, Areas: s.Areas, Posts: s.Posts, Orders: s.Orders},
		&open311web.Module{Kit: k, DB: d, Posts: s.Posts, Orders: s.Orders, Limit: s.limit},
		&coverageweb.Module{Kit: k, Coverage: s.Coverage, Areas: s.Areas, BG: s.bg},
		&gapweb.Module{Kit: k, Gaps: &gap.Store{DB: d}, Orgs: s.Orgs, Users: s.Auth},
		&declarationweb.Module{Kit: k, Declarations: app.Declarations(d, v), Areas: s.Areas, PoW: s.checkPoW, PoWAsked: func() bool { return s.abuse.pow != nil }},
		&cultivationweb.Module{Kit: k, Cultivation: &cultivation.Store{DB: d, People: s.People}},
		&orglifeweb.Module{Kit: k, Orglife: app.Orglife(d), Orgs: s.Orgs},
		&allianceweb.Module{Kit: k, Alliances: &alliance.Store{DB: d}},
		&projectweb.Module{Kit: k, Projects: &project.Store{DB: d}},
		&assessweb.Module{Kit: k, Assess: &assess.Store{DB: d}},
		&vanguardweb.Module{Kit: k, Vanguard: app.Vanguard(d), Declarations: app.Declarations(d, v), Orgs: &org.Store{DB: d}},
		&accountweb.Module{Kit: k, Auth: s.Auth},
		&importsweb.Module{Kit: k, DB: d, Vault: v},
		&registryweb.Module{Kit: k, DB: d, Areas: s.Areas, Orgs: s.Orgs, Units: s.Units, People: s.People, Transfers: s.Transfers},
		&talentweb.Module{Kit: k, Talents: s.Talents, Auth: s.Auth, Areas: s.Areas, Orgs: s.Orgs, PoW: s.abuse.pow, Optional: s.withOptionalPrincipal},
	}
}

func (s *Server) addModules(ms ...module) {
	if s.exports == nil {
		s.exports = map[string]kit.Export{}
	}
	for _, m := range ms {
		s.modules = append(s.modules, m)
		for kind, ex := range m.Exports() {
			s.exports[kind] = ex
		}
	}
}
