package orglife

import (
	"context"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Months is one org's meetings of one year in summary (table
// meeting_months): the months in which each required kind was held and the
// members expected and present per quarter. Every meeting write refreshes
// its org's year in the same transaction, so readers that need every org —
// the assessment — read one row per org instead of the meeting records.
type Months struct {
	OrgID    int64
	Year     int
	Mask     int64 // bit k*12 + m-1: a meeting of Rules[k] in month m
	Meetings int
	Expected [4]int64
	Present  [4]int64
}

// Held reports the months (bit m-1) in which Rules[k] was held.
func (m Months) Held(k int) uint16 { return uint16(m.Mask>>(12*k)) & 0xfff }

// ruleIndex is the index of a kind in Rules, -1 for a kind without a rule.
func ruleIndex(k Kind) int {
	for i, r := range Rules {
		if r.Kind == k {
			return i
		}
	}
	return -1
}

// RuleIndexSQL is a SQL expression mapping a meeting kind column to its
// index in Rules, and a kind without a rule to otherwise.
func RuleIndexSQL(col, otherwise string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i, r := range Rules {
		b.WriteString(" WHEN '" + string(r.Kind) + "' THEN " + strconv.Itoa(i))
	}
	b.WriteString(" ELSE " + otherwise + " END")
	return b.String()
}

// refreshMonths recounts an org's meetings of the year of day into
// meeting_months.
func refreshMonths(ctx context.Context, tx *db.Tx, orgID int64, day string) error {
	year, err := strconv.Atoi(strings.SplitN(day, "-", 2)[0])
	if err != nil {
		return apperr.InvalidField("held_on", "err.date_format")
	}
	m := Months{OrgID: orgID, Year: year}
	y := strconv.Itoa(year)
	type row struct {
		kind, day         string
		expected, present int64
	}
	err = db.Each(ctx, tx, `SELECT kind, held_on, expected, present FROM meetings WHERE org_id = ? AND held_on >= ? AND held_on <= ?`,
		[]any{orgID, y + "-01-01", y + "-12-31"}, func(r db.Scanner) (row, error) {
			var x row
			return x, r.Scan(&x.kind, &x.day, &x.expected, &x.present)
		}, func(x row) error {
			mo, _ := strconv.Atoi(x.day[5:7])
			if mo < 1 || mo > 12 {
				return nil
			}
			if k := ruleIndex(Kind(x.kind)); k >= 0 {
				m.Mask |= 1 << (12*k + mo - 1)
			}
			m.Meetings++
			m.Expected[(mo-1)/3] += x.expected
			m.Present[(mo-1)/3] += x.present
			return nil
		})
	if err != nil {
		return apperr.Wrap(err, "meeting months")
	}
	if m.Meetings == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM meeting_months WHERE org_id = ? AND year = ?`, orgID, year)
		return apperr.Wrap(err, "meeting months delete")
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meeting_months (org_id, year, mask, meetings, e1, e2, e3, e4, p1, p2, p3, p4) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (org_id, year) DO UPDATE SET mask = excluded.mask, meetings = excluded.meetings, e1 = excluded.e1, e2 = excluded.e2, e3 = excluded.e3,
		e4 = excluded.e4, p1 = excluded.p1, p2 = excluded.p2, p3 = excluded.p3, p4 = excluded.p4`,
		orgID, year, m.Mask, m.Meetings, m.Expected[0], m.Expected[1], m.Expected[2], m.Expected[3], m.Present[0], m.Present[1], m.Present[2], m.Present[3])
	return apperr.Wrap(err, "meeting months insert")
}

// RebuildMonths recounts meeting_months from every meeting record, for
// meetings written without the store (bulk loads): one GROUP BY in the
// database.
func RebuildMonths(ctx context.Context, q db.Querier) error {
	kind := RuleIndexSQL("kind", "NULL")
	month := `CAST(substr(held_on, 6, 2) AS INTEGER)`
	quarter := func(col string, q int) string {
		return `sum(CASE WHEN (` + month + ` + 2) / 3 = ` + strconv.Itoa(q) + ` THEN ` + col + ` ELSE 0 END)`
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM meeting_months`); err != nil {
		return apperr.Wrap(err, "meeting months clear")
	}
	_, err := q.ExecContext(ctx, `INSERT INTO meeting_months (org_id, year, mask, meetings, e1, e2, e3, e4, p1, p2, p3, p4)
		SELECT org_id, CAST(substr(held_on, 1, 4) AS INTEGER), COALESCE(sum(DISTINCT CAST(1 AS BIGINT) << (`+kind+` * 12 + `+month+` - 1)), 0), count(*), `+
		quarter("expected", 1)+`, `+quarter("expected", 2)+`, `+quarter("expected", 3)+`, `+quarter("expected", 4)+`, `+
		quarter("present", 1)+`, `+quarter("present", 2)+`, `+quarter("present", 3)+`, `+quarter("present", 4)+`
		FROM meetings GROUP BY org_id, CAST(substr(held_on, 1, 4) AS INTEGER)`)
	return apperr.Wrap(err, "meeting months rebuild")
}

// YearMonths reads the summaries of a year, calling fn for each row whose
// org passes the caller's filter (a condition on o, the org, with args).
func YearMonths(ctx context.Context, q db.Querier, year int, where string, args []any, fn func(Months)) error {
	from := ` FROM meeting_months mm`
	if where != "" {
		from += ` JOIN orgs o ON o.id = mm.org_id`
		where = ` AND ` + where
	}
	rows, err := q.QueryContext(ctx, `SELECT mm.org_id, mm.mask, mm.meetings, mm.e1, mm.e2, mm.e3, mm.e4, mm.p1, mm.p2, mm.p3, mm.p4`+from+` WHERE mm.year = ?`+where,
		append([]any{year}, args...)...)
	if err != nil {
		return apperr.Wrap(err, "meeting months")
	}
	defer rows.Close()
	m := Months{Year: year}
	for rows.Next() {
		if err := rows.Scan(&m.OrgID, &m.Mask, &m.Meetings, &m.Expected[0], &m.Expected[1], &m.Expected[2], &m.Expected[3],
			&m.Present[0], &m.Present[1], &m.Present[2], &m.Present[3]); err != nil {
			return apperr.Wrap(err, "meeting months")
		}
		fn(m)
	}
	return apperr.Wrap(rows.Err(), "meeting months")
}

// MonthTotals calls fn with the meetings of orgs in scope held within
// [from, to] (YYYY-MM-DD), summed by the database per org, rule kind
// (RuleIndexSQL, -1 for none) and month: (org, kind, month, expected,
// present). It is the plain GROUP BY form of YearMonths, which the
// assessment's reference recomputation reads.
func MonthTotals(ctx context.Context, q db.Querier, sc scope.Scope, from, to string, fn func(org, kind, month, expected, present int64)) error {
	join, and, args := sc.OrgJoin("m.org_id")
	kind := RuleIndexSQL("m.kind", "-1")
	query := `SELECT m.org_id, ` + kind + `, CAST(substr(m.held_on, 6, 2) AS INTEGER), sum(m.expected), sum(m.present) FROM meetings m` + join +
		` WHERE m.held_on >= ? AND m.held_on <= ?` + and + ` GROUP BY m.org_id, ` + kind + `, CAST(substr(m.held_on, 6, 2) AS INTEGER)`
	return apperr.Wrap(db.Ints(ctx, q, query, append([]any{from, to}, args...), func(v *[5]int64) { fn(v[0], v[1], v[2], v[3], v[4]) }), "meeting month totals")
}
