package person

import (
	"context"
	"errors"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/db"
)

// InsertBatch writes sealed people whose paths are already resolved, many
// rows per statement. Bulk loaders (import, demo) use it inside their own
// transaction; it does not audit (the loader records one entry). It stamps
// the rows with the wall clock; InsertBatchAt stamps them with now.
func InsertBatch(ctx context.Context, tx *db.Tx, ps []*Person) error {
	return InsertBatchAt(ctx, tx, ps, clock.Func(nil).Stamp())
}

// InsertBatchAt is InsertBatch with created_at and updated_at now, for a
// store that stamps with its own Clock.
func InsertBatchAt(ctx context.Context, tx *db.Tx, ps []*Person, now time.Time) error {
	const perStmt = 500 // 500 × 25 parameters stays under both backends' limits
	rev, err := Touch(ctx, tx)
	if err != nil {
		return err
	}
	if tx.Dialect() == db.Postgres {
		return insertUnnest(ctx, tx, ps, rev, now)
	}
	for len(ps) > 0 {
		n := min(perStmt, len(ps))
		var b strings.Builder
		b.WriteString(`INSERT INTO people (` + insertCols + `) VALUES `)
		args := make([]any, 0, n*nInsertCols)
		ph := "(" + strings.TrimSuffix(strings.Repeat("?,", nInsertCols), ",") + ")"
		for i, p := range ps[:n] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(ph)
			args = append(args, p.row(rev, now)...)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return apperr.InvalidField("id_number", "err.person.id_taken")
			}
			return apperr.Wrap(err, "person batch insert")
		}
		ps = ps[n:]
	}
	return nil
}

// unnestChunk is how many people one PostgreSQL statement inserts.
const unnestChunk = 5000

// insertUnnest inserts on PostgreSQL with one statement per chunk that
// unnests one array per column: 25 parameters however many rows, so the
// statement is parsed once and sent in few round trips.
func insertUnnest(ctx context.Context, tx *db.Tx, ps []*Person, rev int64, now time.Time) error {
	const q = `INSERT INTO people (` + insertCols + `) SELECT * FROM unnest(
		?::text[], ?::text[], ?::bytea[], ?::int[], ?::bytea[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::text[],
		?::text[], ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[],
		?::bool[], ?::bool[], ?::int[], ?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])`
	for len(ps) > 0 {
		n := min(unnestChunk, len(ps))
		var c columns
		for _, p := range ps[:n] {
			c.add(p, rev, now)
		}
		if _, err := tx.ExecContext(ctx, q, c.args()...); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return apperr.InvalidField("id_number", "err.person.id_taken")
			}
			return apperr.Wrap(err, "person unnest insert")
		}
		ps = ps[n:]
	}
	return nil
}

// columns holds a chunk of people column by column, in insertCols order.
type columns struct {
	name, gender, idMask, phoneMask, status, joined, areaPath, roles, tags []string
	idHash, phoneHash, orgPath                                             []*string
	idEnc, phoneEnc, birthEnc                                              [][]byte
	orgID, unitID                                                          []*int64
	areaID, rev                                                            []int64
	mobile, pocket                                                         []bool
	months, birthYear                                                      []int32
	at                                                                     []time.Time
}

func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (c *columns) add(p *Person, rev int64, now time.Time) {
	c.name = append(c.name, p.Name)
	c.gender = append(c.gender, p.Gender)
	c.birthEnc = append(c.birthEnc, p.birthEnc)
	c.birthYear = append(c.birthYear, int32(p.BirthYear))
	c.idEnc = append(c.idEnc, p.idEnc)
	c.idHash = append(c.idHash, optStr(p.idHash))
	c.idMask = append(c.idMask, p.IDMask)
	c.phoneEnc = append(c.phoneEnc, p.phoneEnc)
	c.phoneHash = append(c.phoneHash, optStr(p.phoneHash))
	c.phoneMask = append(c.phoneMask, p.PhoneMask)
	c.status = append(c.status, string(p.Status))
	c.joined = append(c.joined, p.JoinedOn)
	c.orgID = append(c.orgID, optID(p.OrgID))
	c.orgPath = append(c.orgPath, optStr(p.OrgPath))
	c.areaID = append(c.areaID, p.AreaID)
	c.areaPath = append(c.areaPath, p.AreaPath)
	c.unitID = append(c.unitID, optID(p.UnitID))
	c.mobile = append(c.mobile, p.Mobile)
	c.pocket = append(c.pocket, p.Pocket)
	c.months = append(c.months, int32(MonthsMask(p.SeasonalMonths)))
	c.roles = append(c.roles, strings.Join(p.CadreRoles, ","))
	c.tags = append(c.tags, strings.Join(p.Tags, ","))
	c.rev = append(c.rev, rev)
	c.at = append(c.at, now)
}

func (c *columns) args() []any {
	return []any{c.name, c.gender, c.birthEnc, c.birthYear, c.idEnc, c.idHash, c.idMask, c.phoneEnc, c.phoneHash, c.phoneMask,
		c.status, c.joined, c.orgID, c.orgPath, c.areaID, c.areaPath, c.unitID,
		c.mobile, c.pocket, c.months, c.roles, c.tags, c.rev, c.at, c.at}
}

// Sealed is a sealed person in the form it is written: the ciphertexts,
// hashes and masks, never the plain numbers. Bulk loaders spool it to
// disk between their passes instead of holding a million people in memory.
type Sealed struct {
	Name, Gender          string
	BirthEnc              []byte
	BirthYear             int
	IDEnc                 []byte
	IDHash, IDMask        string
	PhoneEnc              []byte
	PhoneHash, PhoneMask  string
	Status                Status
	JoinedOn              string
	OrgID, AreaID, UnitID int64
	OrgPath, AreaPath     string
	Mobile, Pocket        bool
	SeasonalMonths        []int
	CadreRoles, Tags      []string
}

// Sealed returns the sealed form of a person that Seal has processed.
func (p *Person) Sealed() Sealed {
	return Sealed{Name: p.Name, Gender: p.Gender, BirthEnc: p.birthEnc, BirthYear: p.BirthYear, IDEnc: p.idEnc, IDHash: p.idHash, IDMask: p.IDMask,
		PhoneEnc: p.phoneEnc, PhoneHash: p.phoneHash, PhoneMask: p.PhoneMask, Status: p.Status, JoinedOn: p.JoinedOn,
		OrgID: p.OrgID, AreaID: p.AreaID, UnitID: p.UnitID, OrgPath: p.OrgPath, AreaPath: p.AreaPath,
		Mobile: p.Mobile, Pocket: p.Pocket, SeasonalMonths: p.SeasonalMonths, CadreRoles: p.CadreRoles, Tags: p.Tags}
}

// Person turns a sealed form back into a person InsertBatch can write.
func (s Sealed) Person() *Person {
	return &Person{Name: s.Name, Gender: s.Gender, birthEnc: s.BirthEnc, BirthYear: s.BirthYear, idEnc: s.IDEnc, idHash: s.IDHash, IDMask: s.IDMask,
		phoneEnc: s.PhoneEnc, phoneHash: s.PhoneHash, PhoneMask: s.PhoneMask, Status: s.Status, JoinedOn: s.JoinedOn,
		OrgID: s.OrgID, AreaID: s.AreaID, UnitID: s.UnitID, OrgPath: s.OrgPath, AreaPath: s.AreaPath,
		Mobile: s.Mobile, Pocket: s.Pocket, SeasonalMonths: s.SeasonalMonths, CadreRoles: s.CadreRoles, Tags: s.Tags}
}
