package kit

import (
	"net/url"
	"strings"
)

// LocalPath returns raw if it is a path on this site, else "/". It is the
// one gate for every redirect target taken from input (a next= field, a
// Referer): a browser follows "//host", "/\host" and "/\t/host" to another
// host, so control characters are refused, backslashes count as slashes,
// and percent-encoded forms of those (%2F%2F, %5C, %09) are checked after
// decoding as well.
func LocalPath(raw string) string {
	if raw == "" || len(raw) > 2048 || !strings.HasPrefix(raw, "/") {
		return "/"
	}
	s := strings.ReplaceAll(raw, `\`, "/")
	// Check the text as sent and each decoded form of it.
	for cur, i := s, 0; i < 4; i++ {
		if hasControl(cur) || strings.HasPrefix(cur, "//") {
			return "/"
		}
		next, err := url.PathUnescape(cur)
		if err != nil {
			return "/"
		}
		next = strings.ReplaceAll(next, `\`, "/")
		if next == cur {
			break
		}
		cur = next
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return s
}

// hasControl reports whether s holds an ASCII control character or a
// Unicode one that browsers strip (C1 controls).
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}

// RefererPath is the local path (with query) of the request's Referer, or
// "/" when there is none or it is not local.
func RefererPath(ref string) string {
	if ref == "" {
		return "/"
	}
	u, err := url.Parse(ref)
	if err != nil || hasControl(ref) {
		return "/"
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return LocalPath(p)
}
