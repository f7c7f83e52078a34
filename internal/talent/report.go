package talent

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
)

// Report is supply against demand for a season: verified talents present
// (supply) and places wanted by demands (demand), by skill field, by
// district and by month.
type Report struct {
	Months    []string    `json:"months"` // YYYY-MM
	Supply    []int       `json:"supply"` // talents present, by month
	Demand    []int       `json:"demand"` // places wanted, by month
	Fields    []ReportRow `json:"fields"`
	Districts []ReportRow `json:"districts"`
}

// ReportRow is one skill field or district over the whole season.
type ReportRow struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Supply int    `json:"supply"` // distinct talents present in the season
	Demand int    `json:"demand"` // places wanted in the season
}

// SeasonStart is the first month of the winter season holding day d:
// October of the same year from July on, else October of the year before.
func SeasonStart(d time.Time) time.Time {
	y := d.Year()
	if d.Month() < time.July {
		y--
	}
	return time.Date(y, time.October, 1, 0, 0, 0, 0, time.UTC)
}

// Report computes the report for the months months from start.
func (s *Store) Report(ctx context.Context, start time.Time, months int) (Report, error) {
	if months < 1 || months > 24 {
		return Report{}, apperr.InvalidField("months", "err.talent.report_months")
	}
	r := Report{Supply: make([]int, months), Demand: make([]int, months)}
	bounds := make([][2]string, months)
	for i := range months {
		m := start.AddDate(0, i, 0)
		r.Months = append(r.Months, m.Format("2006-01"))
		bounds[i] = [2]string{m.Format(dateLayout), m.AddDate(0, 1, -1).Format(dateLayout)}
	}
	first, last := bounds[0][0], bounds[months-1][1]
	districts, order, err := s.districtNames(ctx)
	if err != nil {
		return Report{}, err
	}
	fieldIdx, distIdx := map[string]int{}, map[string]int{}
	for _, f := range s.Tax.Fields() {
		fieldIdx[f.Code] = len(r.Fields)
		r.Fields = append(r.Fields, ReportRow{Key: f.Code, Name: f.Name})
	}
	for _, p := range order {
		distIdx[p] = len(r.Districts)
		r.Districts = append(r.Districts, ReportRow{Key: p, Name: districts[p]})
	}
	// Supply: each verified talent with a stay in the season.
	type row struct {
		id         int64
		area, a, b string
		fields     string
	}
	seen := map[int64]bool{}
	err = db.Each(ctx, s.DB.Read(), `SELECT t.id, t.area_path, st.start_on, st.end_on,
		(SELECT `+groupConcat(s.DB.Dialect, "DISTINCT k.field_code")+` FROM talent_skills ts JOIN skills k ON k.id = ts.skill_id WHERE ts.talent_id = t.id)
		FROM talents t JOIN talent_stays st ON st.talent_id = t.id
		WHERE t.status = ? AND st.start_on <= ? AND st.end_on >= ? ORDER BY t.id`, []any{Verified, last, first},
		func(sc db.Scanner) (row, error) {
			var x row
			var f *string
			err := sc.Scan(&x.id, &x.area, &x.a, &x.b, &f)
			if f != nil {
				x.fields = *f
			}
			return x, err
		}, func(x row) error {
			for i, b := range bounds {
				if x.a <= b[1] && x.b >= b[0] {
					r.Supply[i]++
				}
			}
			if seen[x.id] {
				return nil
			}
			seen[x.id] = true
			for _, f := range strings.Split(x.fields, ",") {
				if i, ok := fieldIdx[f]; ok {
					r.Fields[i].Supply++
				}
			}
			if i, ok := distIdx[districtOf(x.area)]; ok {
				r.Districts[i].Supply++
			}
			return nil
		})
	if err != nil {
		return Report{}, apperr.Wrap(err, "report supply")
	}
	// Demand: places wanted by demands overlapping the season.
	err = db.Each(ctx, s.DB.Read(), `SELECT d.id, d.area_path, d.start_on, d.end_on,
		(SELECT `+groupConcat(s.DB.Dialect, "DISTINCT k.field_code")+` FROM demand_skills ds JOIN skills k ON k.id = ds.skill_id WHERE ds.demand_id = d.id AND ds.required), d.headcount
		FROM demands d WHERE d.status <> ? AND d.start_on <= ? AND d.end_on >= ?`, []any{DemandCancelled, last, first},
		func(sc db.Scanner) (struct {
			row
			n int
		}, error) {
			var x struct {
				row
				n int
			}
			var f *string
			err := sc.Scan(&x.id, &x.area, &x.a, &x.b, &f, &x.n)
			if f != nil {
				x.fields = *f
			}
			return x, err
		}, func(x struct {
			row
			n int
		}) error {
			for i, b := range bounds {
				if x.a <= b[1] && x.b >= b[0] {
					r.Demand[i] += x.n
				}
			}
			for _, f := range strings.Split(x.fields, ",") {
				if i, ok := fieldIdx[f]; ok {
					r.Fields[i].Demand += x.n
				}
			}
			if i, ok := distIdx[districtOf(x.area)]; ok {
				r.Districts[i].Demand += x.n
			}
			return nil
		})
	return r, apperr.Wrap(err, "report demand")
}

func groupConcat(d db.Dialect, expr string) string {
	if d == db.Postgres {
		return "string_agg(" + expr + ", ',')"
	}
	return "group_concat(" + expr + ")"
}

// districtOf returns the path of the district (depth 1) holding a path.
func districtOf(path string) string {
	parts := strings.SplitN(strings.Trim(path, "/"), "/", 3)
	if len(parts) < 2 {
		return path
	}
	return "/" + parts[0] + "/" + parts[1] + "/"
}

// districtNames maps the paths of the depth-1 areas (districts and zones)
// to their names, in path order.
func (s *Store) districtNames(ctx context.Context) (map[string]string, []string, error) {
	names := map[string]string{}
	var order []string
	err := db.Each(ctx, s.DB.Read(), `SELECT path, name FROM areas WHERE kind = 'district' ORDER BY code`, nil,
		func(r db.Scanner) ([2]string, error) {
			var x [2]string
			return x, r.Scan(&x[0], &x[1])
		}, func(x [2]string) error { names[x[0]] = x[1]; order = append(order, x[0]); return nil })
	return names, order, apperr.Wrap(err, "district names")
}
