package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"dangjian/internal/config"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/rekey"
)

// rekeyCmd re-seals every sealed value under -new-key. Stop the servers
// first; start them with the new key afterwards. A run cut short (Ctrl-C,
// a crash) continues where it stopped when run again with the same keys.
func rekeyCmd(ctx context.Context, cfg *config.Config, d *db.DB, c cmdFlags) error {
	if len(c.newKey) < 16 {
		return errors.New("rekey needs -new-key (or DANGJIAN_NEW_SECRET_KEY) of 16+ bytes")
	}
	if c.newKey == cfg.SecretKey {
		return errors.New("the new key is the current key")
	}
	oldV, err := pii.NewVault(cfg.SecretKey)
	if err != nil {
		return err
	}
	newV, err := pii.NewVault(c.newKey)
	if err != nil {
		return err
	}
	n, err := rekey.Run(ctx, d, oldV, newV, func(table string, last int64, rows int) {
		fmt.Fprintf(os.Stderr, "\r%s: up to id %d", table, last)
	}, 0)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return fmt.Errorf("rekey stopped (run it again with the same keys to continue): %w", err)
	}
	fmt.Printf("re-sealed %d rows under the new key; start the servers with it", n)
	if path := keyFile(cfg.DB); fileExists(path) {
		if err := os.WriteFile(path, []byte(c.newKey+"\n"), 0o600); err != nil {
			return err
		}
		fmt.Printf(" (written to %s)", path)
	}
	fmt.Println()
	return nil
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
