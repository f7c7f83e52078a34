// Package rekey re-seals every sealed personal value under a new key.
//
// It is the one place that writes the sealed columns of several features'
// tables, because a key change must cover all of them in one resumable
// pass; Columns is the inventory, and TestColumnsCoverSchema fails when a
// migration adds a sealed column that is not in it. Each table is read in
// id order 500 rows a batch; a batch re-seals its rows, recomputes the
// keyed hashes used for exact lookup and uniqueness, and records the last
// id in rekey_progress in the same transaction, so a run cut short
// continues where it stopped. A value is opened with the new key first and
// then the old, so rows already done are not harmed by a second pass.
// Servers should be stopped while it runs and started with the new key.
package rekey

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/pii"
)

// Sealed is one sealed column and, when it has one, the column of its
// keyed hash.
type Sealed struct{ Enc, Hash string }

// Table is a table with sealed columns, keyed by an integer id.
type Table struct {
	Name    string
	Columns []Sealed
}

// Columns is every sealed column of the schema.
var Columns = []Table{
	{"people", []Sealed{{"id_enc", "id_hash"}, {"phone_enc", "phone_hash"}, {"birth_enc", ""}}},
	{"talents", []Sealed{{"phone_enc", "phone_hash"}}},
	{"orders", []Sealed{{"contact_enc", ""}}},
	{"grid_workers", []Sealed{{"phone_enc", ""}}},
	{"declarations", []Sealed{{"id_enc", "id_hash"}, {"phone_enc", ""}}},
}

const batch = 500

// Progress is called after each committed batch.
type Progress func(table string, lastID int64, rows int)

// Run re-seals every table from where an earlier run stopped. stopAfter > 0
// ends the run after that many batches (tests use it to cut a run short).
func Run(ctx context.Context, d *db.DB, oldV, newV *pii.Vault, progress Progress, stopAfter int) (int, error) {
	done, batches := 0, 0
	for _, t := range Columns {
		last, err := lastID(ctx, d, t.Name)
		if err != nil {
			return done, err
		}
		for {
			if stopAfter > 0 && batches >= stopAfter {
				return done, errors.New("rekey: stopped early")
			}
			n, next, err := step(ctx, d, t, last, oldV, newV)
			if err != nil {
				return done, err
			}
			batches++
			if n == 0 {
				break
			}
			done += n
			last = next
			if progress != nil {
				progress(t.Name, last, n)
			}
		}
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM rekey_progress`); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "pii.rekey", "database", 0, map[string]any{"rows": done})
	})
	return done, err
}

func lastID(ctx context.Context, d *db.DB, table string) (int64, error) {
	var last int64
	err := d.Read().QueryRowContext(ctx, `SELECT last_id FROM rekey_progress WHERE tbl = ?`, table).Scan(&last)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return 0, nil
	}
	return last, err
}

// step re-seals the next batch of a table after id last.
func step(ctx context.Context, d *db.DB, t Table, last int64, oldV, newV *pii.Vault) (int, int64, error) {
	encs := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		encs[i] = c.Enc
	}
	n := 0
	err := d.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, `+strings.Join(encs, ", ")+` FROM `+t.Name+` WHERE id > ? ORDER BY id LIMIT ?`, last, batch)
		if err != nil {
			return err
		}
		type row struct {
			id   int64
			vals [][]byte
		}
		var rs []row
		for rows.Next() {
			r := row{vals: make([][]byte, len(encs))}
			dst := []any{&r.id}
			for i := range r.vals {
				dst = append(dst, &r.vals[i])
			}
			if err := rows.Scan(dst...); err != nil {
				rows.Close()
				return err
			}
			rs = append(rs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range rs {
			var sets []string
			var args []any
			for i, c := range t.Columns {
				plain, err := open(r.vals[i], newV, oldV)
				if err != nil {
					return fmt.Errorf("rekey %s %d %s: %w", t.Name, r.id, c.Enc, err)
				}
				sets, args = append(sets, c.Enc+" = ?"), append(args, newV.Seal(plain))
				if c.Hash != "" {
					sets, args = append(sets, c.Hash+" = ?"), append(args, hashValue(t.Name, c.Hash, newV.Hash(plain)))
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+t.Name+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, r.id)...); err != nil {
				return err
			}
			last = r.id
		}
		n = len(rs)
		if n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rekey_progress WHERE tbl = ?`, t.Name); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rekey_progress (tbl, last_id) VALUES (?, ?)`, t.Name, last)
		return err
	})
	return n, last, err
}

// hashValue keeps an empty hash as the stores write it: NULL where the
// column is nullable (people, talents), "" where it is not.
func hashValue(table, col, h string) any {
	if h == "" && table != "declarations" {
		return nil
	}
	return h
}

// open tries the new key, then the old one.
func open(sealed []byte, newV, oldV *pii.Vault) (string, error) {
	if p, err := newV.Open(sealed); err == nil {
		return p, nil
	}
	return oldV.Open(sealed)
}
