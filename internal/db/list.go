package db

import (
	"context"
	"slices"
	"strings"

	"dangjian/internal/apperr"
)

// Page is one page of a list.
type Page struct {
	Limit  int
	Offset int
}

// MaxPage is the largest page a list returns; exports stream instead.
const MaxPage = 500

// DefaultPage is the page size when none is asked for.
const DefaultPage = 20

// Norm clamps a page to sane bounds.
func (p Page) Norm() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPage
	}
	if p.Limit > MaxPage {
		p.Limit = MaxPage
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// CountCap bounds list counts: past it a list says "1000+" instead of
// counting a whole district on every page view (dashboards count exactly).
const CountCap = 1000

// CountCapped counts rows of "FROM … WHERE …" up to CountCap+1.
func CountCapped(ctx context.Context, q Querier, fromWhere string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 `+fromWhere+` LIMIT `+itoa(CountCap+1)+`) t`, args...).Scan(&n)
	return n, Normalize(err)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// LikeEscape escapes % _ and \ for a LIKE pattern used with ESCAPE '\'.
func LikeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Contains returns a "col LIKE ? ESCAPE '\'" condition and its argument
// matching s anywhere in col.
func Contains(col, s string) (string, any) {
	return col + ` LIKE ? ESCAPE '\'`, "%" + LikeEscape(s) + "%"
}

// OrderBy picks an ORDER BY clause from a whitelist by key; a leading "-"
// means descending. Unknown keys get def. idCol (the row's qualified id
// column) is always the tie-breaker, so pages are stable.
func OrderBy(key string, allowed map[string]string, def, idCol string) string {
	desc := strings.HasPrefix(key, "-")
	col, ok := allowed[strings.TrimPrefix(key, "-")]
	if !ok {
		return " ORDER BY " + def
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	return " ORDER BY " + col + dir + ", " + idCol + dir
}

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Each runs query and calls fn with every row scanned by scan, stopping at
// the first error. Stores use it for their lists and exports.
func Each[T any](ctx context.Context, q Querier, query string, args []any, scan func(Scanner) (T, error), fn func(T) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// NullID stores 0 as NULL (an optional reference).
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// NullStr stores "" as NULL (an optional unique or path value).
func NullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CheckSort refuses a sort key that is not in allowed (with or without a
// leading "-"), naming the keys that are; "" is the default order. Lists
// call it before OrderBy, so ?sort=bogus is an error and not silently the
// default order.
func CheckSort(key string, allowed map[string]string) error {
	if _, ok := allowed[strings.TrimPrefix(key, "-")]; ok || key == "" {
		return nil
	}
	keys := make([]string, 0, len(allowed))
	for k := range allowed {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return apperr.InvalidField("sort", "err.param.sort").With("allowed", strings.Join(keys, ", "))
}
