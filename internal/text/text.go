// Package text prepares Chinese (and mixed) text for search: it normalizes
// width and case and cuts text into character unigrams and bigrams, which
// is how Chinese names are searched without a word segmenter ("马亮" finds
// 马亮村, "张伟" finds 张伟 and 张伟明).
package text

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Normalize folds full-width forms to half-width, lower-cases letters and
// trims and collapses white space.
func Normalize(s string) string {
	s = width.Fold.String(s)
	s = strings.ToLower(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Grams returns the distinct unigrams and bigrams of the runes of a
// normalized string, skipping white space.
func Grams(s string) []string {
	rs := []rune(s)
	seen := make(map[string]bool, 2*len(rs))
	var out []string
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for i, r := range rs {
		if unicode.IsSpace(r) {
			continue
		}
		add(string(r))
		if i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			add(string(rs[i : i+2]))
		}
	}
	return out
}

// QueryGrams returns the grams a query must match: its bigrams, or the
// single rune of a one-rune query. Every name containing the query holds
// all of them.
func QueryGrams(q string) []string {
	rs := []rune(q)
	if len(rs) == 1 {
		return []string{q}
	}
	var out []string
	seen := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		if unicode.IsSpace(rs[i]) || unicode.IsSpace(rs[i+1]) {
			continue
		}
		g := string(rs[i : i+2])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}
