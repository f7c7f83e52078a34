package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"dangjian/internal/config"
	"dangjian/internal/db"
)

// The personal-data key. There is no default: a key set by flag or
// DANGJIAN_SECRET_KEY is used as it is; otherwise `run` and `demo`
// generate a random one into a file beside the database (mode 0600) and
// reuse it, and `serve` and the other commands use that file only when
// the database is a demo database (loaded by `run` or `demo`), with a
// warning. A real database without a key is refused.

// keyFile is where the generated key of a database lives: beside a SQLite
// file, or dangjian.key in the working directory for PostgreSQL.
func keyFile(dsn string) string {
	if strings.HasPrefix(dsn, "postgres") {
		return "dangjian.key"
	}
	return strings.TrimPrefix(dsn, "sqlite:") + ".key"
}

// needsKey lists the commands that seal or open personal data.
func needsKey(cmd string) bool {
	switch cmd {
	case "serve", "run", "demo", "import", "user", "rekey":
		return true
	}
	return false
}

// resolveKey fills cfg.SecretKey for cmd, or says why it cannot.
func resolveKey(ctx context.Context, cmd string, cfg *config.Config, d *db.DB) error {
	if cfg.SecretKey != "" || !needsKey(cmd) {
		return nil
	}
	path := keyFile(cfg.DB)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		key := strings.TrimSpace(string(b))
		if len(key) < 16 {
			return fmt.Errorf("the key file %s is too short (16 bytes at least)", path)
		}
		demo, err := db.Setting(ctx, d.Read(), "demo")
		if err != nil {
			return err
		}
		if demo == "" && cmd != "run" && cmd != "demo" {
			return fmt.Errorf("no personal-data key set: this is not a demo database, so set --secret-key or DANGJIAN_SECRET_KEY (the generated key in %s is only used for demo databases)", path)
		}
		cfg.SecretKey = key
		if demo != "" {
			fmt.Fprintf(os.Stderr, "warning: demo database: personal data is sealed with the generated key in %s; set DANGJIAN_SECRET_KEY for real data\n", path)
		}
		return nil
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("key file %s: %w", path, err)
	}
	if cmd != "run" && cmd != "demo" {
		return errors.New("no personal-data key set: set --secret-key or DANGJIAN_SECRET_KEY (16+ bytes; keep it secret and keep a copy: without it the sealed ID and phone numbers cannot be read)")
	}
	if n, err := peopleCount(ctx, d); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("the database holds people but no key is set and %s does not exist: set --secret-key or DANGJIAN_SECRET_KEY to the key it was sealed with", path)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	key := hex.EncodeToString(raw)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("key file %s: %w", path, err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	cfg.SecretKey = key
	fmt.Fprintf(os.Stderr, "generated a random personal-data key in %s (mode 0600); keep it with the database\n", path)
	return nil
}

func peopleCount(ctx context.Context, d *db.DB) (int, error) {
	var n int
	err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM people`).Scan(&n)
	return n, err
}

// markDemo records that the demo generator loaded this database.
func markDemo(ctx context.Context, d *db.DB) error {
	return d.InTx(ctx, func(tx *db.Tx) error { return db.SetSetting(ctx, tx, "demo", "1") })
}
