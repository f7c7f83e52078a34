package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/db"
	"dangjian/internal/demo"
	"dangjian/internal/importer"
	"dangjian/internal/org"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// cmdFlags are the flags of the subcommands beyond the config table.
type cmdFlags struct {
	scale, kind, scopeArea, scopeOrg string
	username, password, roles, name  string
	minutes, k                       int
	newKey                           string
	category                         string
}

func (c *cmdFlags) register(fs *flag.FlagSet, cmd string) {
	switch cmd {
	case "demo":
		fs.StringVar(&c.scale, "scale", "city", "demo size: tiny, city or province")
	case "import":
		fs.StringVar(&c.kind, "kind", "people", "what the file holds: orgs, units or people")
		fs.StringVar(&c.scopeArea, "scope-area", "", "area code the import is limited to (empty: the whole city)")
		fs.StringVar(&c.scopeOrg, "scope-org", "", "org code the import is limited to")
	case "coverage":
		fs.IntVar(&c.minutes, "minutes", 15, "walking minutes of the service circle (5, 10, 15, …)")
		fs.StringVar(&c.category, "category", "", "only posts offering this menu category (empty: any open post)")
		fs.IntVar(&c.k, "k", 0, "site K new posts among generated candidates instead")
	case "rekey":
		fs.StringVar(&c.newKey, "new-key", os.Getenv("DANGJIAN_NEW_SECRET_KEY"), "the new personal-data key, 16+ bytes (env DANGJIAN_NEW_SECRET_KEY)")
	case "user":
		fs.StringVar(&c.username, "username", "", "account name")
		fs.StringVar(&c.password, "password", "", "password (10+ characters, 3 of: lower, upper, digit, symbol)")
		fs.StringVar(&c.name, "name", "", "display name")
		fs.StringVar(&c.roles, "roles", "viewer", "comma-separated roles: "+strings.Join(auth.AllRoles, ","))
		fs.StringVar(&c.scopeArea, "scope-area", "", "area code of the account's scope")
		fs.StringVar(&c.scopeOrg, "scope-org", "", "org code of the account's scope")
	}
}

// bar prints a one-line progress bar to stderr.
func bar(label string) func(done, total int) {
	last := time.Time{}
	finished := false
	return func(done, total int) {
		if total <= 0 || (time.Since(last) < 200*time.Millisecond && done < total) || finished {
			return
		}
		last = time.Now()
		pct := done * 100 / total
		fmt.Fprintf(os.Stderr, "\r%-10s [%-40s] %3d%% %d/%d", label, strings.Repeat("#", pct*40/100), pct, done, total)
		if done >= total {
			finished = true
		}
	}
}

func demoIfEmpty(ctx context.Context, cfg *config.Config, d *db.DB) error {
	var n int
	if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		fmt.Println("database already has data; demo not loaded")
		return nil
	}
	return demoCmd(ctx, cfg, d, "city")
}

func demoCmd(ctx context.Context, cfg *config.Config, d *db.DB, scale string) error {
	v, err := pii.NewVault(cfg.SecretKey)
	if err != nil {
		return err
	}
	start := time.Now()
	stage := ""
	var b func(int, int)
	sum, err := demo.Generate(ctx, d, v, demo.Scale(scale), func(st string, done, total int) {
		if st != stage {
			if stage != "" {
				fmt.Fprintln(os.Stderr)
			}
			stage, b = st, bar(st)
		}
		b(done, total)
	})
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return err
	}
	if err := markDemo(ctx, d); err != nil {
		return err
	}
	fmt.Printf("demo data (%s) loaded in %s: %d areas, %d orgs, %d units, %d people, %d talents, %d demands, %d service posts, %d orders, %d homes\n", scale, time.Since(start).Round(time.Millisecond), sum.Areas, sum.Orgs, sum.Units, sum.People, sum.Talents, sum.Demands, sum.Posts, sum.Orders, sum.Homes)
	fmt.Println("demo accounts (password for all: " + demoPassword(sum) + "):")
	for _, a := range sum.Accounts {
		fmt.Printf("  %-10s %-18s %s\n", a.Username, a.Role, a.Scope)
	}
	return nil
}

func demoPassword(s demo.Summary) string {
	if len(s.Accounts) > 0 {
		return s.Accounts[0].Password
	}
	return ""
}

// cliScope resolves a scope from area and org codes (empty: everything).
func cliScope(ctx context.Context, d *db.DB, areaCode, orgCode string) (scope.Scope, error) {
	if areaCode == "" && orgCode == "" {
		return scope.Everything, nil
	}
	var sc scope.Scope
	if areaCode != "" {
		as := &area.Store{DB: d}
		a, err := as.ByCode(ctx, scope.Everything, areaCode)
		if err != nil {
			return sc, fmt.Errorf("area %s: %w", areaCode, err)
		}
		if sc.AreaPaths, err = as.ScopePaths(ctx, a.ID); err != nil {
			return sc, err
		}
	}
	if orgCode != "" {
		o, err := (&org.Store{DB: d}).ByCode(ctx, scope.Everything, orgCode)
		if err != nil {
			return sc, fmt.Errorf("org %s: %w", orgCode, err)
		}
		sc.OrgPath, sc.OrgAreaPath = o.Path, o.AreaPath
	}
	return sc, nil
}

func importCmd(ctx context.Context, cfg *config.Config, d *db.DB, c cmdFlags, files []string) error {
	if len(files) != 1 {
		return errors.New("import takes exactly one file")
	}
	v, err := pii.NewVault(cfg.SecretKey)
	if err != nil {
		return err
	}
	sc, err := cliScope(ctx, d, c.scopeArea, c.scopeOrg)
	if err != nil {
		return err
	}
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	res, err := importer.Run(ctx, d, v, sc, importer.Kind(c.kind), filepath.Base(files[0]), f, bar("import"))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return err
	}
	fmt.Printf("imported %d %s from %d rows in %s\n", res.Inserted, c.kind, res.Rows, time.Since(start).Round(time.Millisecond))
	return nil
}

func userCmd(ctx context.Context, cfg *config.Config, d *db.DB, c cmdFlags) error {
	var areaID, orgID int64
	if c.scopeArea != "" {
		a, err := (&area.Store{DB: d}).ByCode(ctx, scope.Everything, c.scopeArea)
		if err != nil {
			return fmt.Errorf("area %s: %w", c.scopeArea, err)
		}
		areaID = a.ID
	}
	if c.scopeOrg != "" {
		o, err := (&org.Store{DB: d}).ByCode(ctx, scope.Everything, c.scopeOrg)
		if err != nil {
			return fmt.Errorf("org %s: %w", c.scopeOrg, err)
		}
		orgID = o.ID
	}
	name := c.name
	if name == "" {
		name = c.username
	}
	u, err := (&auth.Store{DB: d}).CreateUser(ctx, auth.User{Username: c.username, DisplayName: name, Roles: strings.Split(c.roles, ","), ScopeAreaID: areaID, ScopeOrgID: orgID}, c.password)
	if err != nil {
		return err
	}
	fmt.Printf("account %s created (id %d)\n", u.Username, u.ID)
	return nil
}
