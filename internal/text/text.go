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

// Terms cuts free text into the terms a relevance score counts, with their
// frequencies: overlapping bigrams of each run of Chinese characters (a
// one-character run is kept whole) and whole words of letters and digits.
// Punctuation and spaces break runs. This is the usual bigram treatment of
// Chinese for search, the same cut a CJK analyzer makes.
func Terms(s string) map[string]int {
	out := map[string]int{}
	var run []rune // current Han run
	var word []rune
	flushRun := func() {
		if len(run) == 1 {
			out[string(run)]++
		}
		for i := 0; i+1 < len(run); i++ {
			out[string(run[i:i+2])]++
		}
		run = run[:0]
	}
	flushWord := func() {
		if len(word) > 0 {
			out[string(word)]++
			word = word[:0]
		}
	}
	for _, r := range Normalize(s) {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushRun()
			word = append(word, r)
		default:
			flushRun()
			flushWord()
		}
	}
	flushRun()
	flushWord()
	return out
}
