package kit

import (
	"net/http"
	"strings"
)

// Query is a free-text query parameter, trimmed and cut to 100
// characters.
func Query(r *http.Request, name string) string {
	q := strings.TrimSpace(r.URL.Query().Get(name))
	if len([]rune(q)) > 100 {
		q = string([]rune(q)[:100])
	}
	return q
}
