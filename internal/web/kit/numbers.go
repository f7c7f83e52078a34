package kit

import (
	"math"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
)

// ParseNumber reads a decimal number typed into a form or a query: a
// finite float64. strconv.ParseFloat also takes "NaN", "Inf" and, with an
// error whose text names the parser, "1e999"; a NaN slips past every range
// check (all its comparisons are false), so none of them is a number here.
// A bad value is err.param.decimal on field.
func ParseNumber(field, s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, apperr.InvalidField(field, "err.param.decimal")
	}
	return f, nil
}

// OptNumber is ParseNumber with blank read as 0.
func OptNumber(field, s string) (float64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return ParseNumber(field, s)
}
