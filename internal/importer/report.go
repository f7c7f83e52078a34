package importer

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
)

// A report echoes values from the file (a bad code, a header cell) so the
// user can find them; a file chooses how long they are. Every echoed value
// is clipped to maxEcho characters, a stored report holds at most
// MaxProblems problems and maxReportBytes of JSON, and a report cut short
// ends with err.import.more saying how many problems were left out.
const (
	maxEcho        = 60
	maxReportBytes = 256 << 10
)

// clip shortens s to maxEcho characters, marking the cut with "…".
func clip(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	n := 0
	for i := range s {
		if n == maxEcho {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// clipArgs returns args with every string clipped (a copy when any is).
func clipArgs(args map[string]any) map[string]any {
	var out map[string]any
	for k, v := range args {
		if s, ok := v.(string); ok && (len(s) > maxEcho || !utf8.ValidString(s)) {
			if out == nil {
				out = make(map[string]any, len(args))
				for k2, v2 := range args {
					out[k2] = v2
				}
			}
			// Invalid UTF-8 is replaced so the report stays storable
			// (PostgreSQL text is UTF-8); refusing it is the validation
			// rules' business.
			out[k] = clip(strings.ToValidUTF8(s, "\uFFFD"))
		}
	}
	if out == nil {
		return args
	}
	return out
}

func clipProblem(p apperr.Problem) apperr.Problem {
	p.Args = clipArgs(p.Args)
	p.Field = clip(p.Field)
	return p
}

// jobProblems is what a finished job stores for err: its row problems, or
// one problem for a failure of the file or the import as a whole, clipped
// and capped; nil for success.
func jobProblems(err error) []apperr.Problem {
	if err == nil {
		return nil
	}
	ae := apperr.As(err)
	var probs []apperr.Problem
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return []apperr.Problem{{Key: "err.import.cancelled"}}
	case len(ae.Problems) > 0:
		probs = ae.Problems
	case ae.Code == apperr.Internal:
		return []apperr.Problem{{Key: "err.import.internal"}}
	default:
		probs = []apperr.Problem{{Field: ae.Field, Key: ae.Key, Args: ae.Args}}
	}
	total := len(probs)
	if c, ok := ae.Args["count"].(int); ok && ae.Key == "err.import.rows" && c > total {
		total = c
	}
	out := make([]apperr.Problem, 0, min(len(probs), MaxProblems)+1)
	size := 0
	for _, p := range probs {
		p = clipProblem(p)
		b, _ := json.Marshal(p)
		if len(out) == MaxProblems || size+len(b) > maxReportBytes {
			break
		}
		size += len(b) + 1
		out = append(out, p)
	}
	if left := total - len(out); left > 0 {
		out = append(out, apperr.Problem{Key: "err.import.more", Args: map[string]any{"n": left}})
	}
	return out
}
