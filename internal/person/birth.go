package person

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/pii"
)

// BirthDate opens a person's sealed birth date ("" when unknown) for a
// rule that needs the day, such as the recruitment pipeline's age check.
// It is never shown: pages and exports show the age (AgeIn).
func (s *Store) BirthDate(ctx context.Context, q db.Querier, id int64) (string, error) {
	var enc []byte
	if err := q.QueryRowContext(ctx, `SELECT birth_enc FROM people WHERE id = ?`, id).Scan(&enc); err != nil {
		return "", apperr.Wrap(err, "person birth")
	}
	b, err := s.Vault.Open(enc)
	return b, apperr.Wrap(err, "person birth open")
}

// SealBirthDates moves birth dates still stored in clear (databases from
// before migration 023) into birth_enc under the vault's key and empties
// the clear column, 1,000 rows per transaction. It is idempotent and
// returns how many rows it sealed.
func SealBirthDates(ctx context.Context, d *db.DB, v *pii.Vault) (int, error) {
	total := 0
	for {
		type row struct {
			id    int64
			birth string
		}
		var batch []row
		rows, err := d.Read().QueryContext(ctx, `SELECT id, birth_date FROM people WHERE birth_date <> '' ORDER BY id LIMIT 1000`)
		if err != nil {
			return total, apperr.Wrap(err, "seal birth dates")
		}
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.birth); err != nil {
				rows.Close()
				return total, apperr.Wrap(err, "seal birth dates scan")
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(batch) == 0 {
			return total, apperr.Wrap(err, "seal birth dates rows")
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			for _, r := range batch {
				year := 0
				if len(r.birth) >= 4 {
					year = atoi(r.birth[:4])
				}
				if _, err := tx.ExecContext(ctx, `UPDATE people SET birth_enc = ?, birth_year = ?, birth_date = '' WHERE id = ?`, v.Seal(r.birth), year, r.id); err != nil {
					return apperr.Wrap(err, "seal birth date")
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += len(batch)
	}
}
