package deid

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Suggestions in errors: the names a misspelled one was most likely meant
// to be. They are names (of policy members, actions, fields), never
// values; field names are checked not to look like values before any
// error repeats them (see checkFieldNames).

// closest returns up to n of names that are near name, nearest first
// (ties in the order of names): an edit distance, ignoring case, '_', '-'
// and '.', of at most a third of the longer name (and at least 1), or one
// name inside the other.
func closest(name string, names []string, n int) []string {
	type near struct {
		name string
		d    int
	}
	key := nameKey(name)
	var found []near
	for _, cand := range names {
		k := nameKey(cand)
		if cand == name || k == "" || key == "" {
			continue
		}
		d := editDistance(key, k)
		limit := max(1, max(utf8.RuneCountInString(key), utf8.RuneCountInString(k))/3)
		if d <= limit || strings.Contains(k, key) || strings.Contains(key, k) {
			found = append(found, near{cand, d})
		}
	}
	slices.SortStableFunc(found, func(a, b near) int { return cmp.Compare(a.d, b.d) })
	out := make([]string, 0, min(n, len(found)))
	for _, f := range found[:min(n, len(found))] {
		out = append(out, f.name)
	}
	return out
}

// nameKey folds the differences that do not make another name: case and
// the separators of words.
func nameKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', ' ':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// didYouMean is "; did you mean "x"?" for the nearest of names, or "".
func didYouMean(name string, names []string) string {
	if c := closest(name, names, 1); len(c) > 0 {
		return fmt.Sprintf("; did you mean %q?", c[0])
	}
	return ""
}

// nearFields completes the message of a rule naming a field that the
// input, whose fields index holds by position, does not have: with the
// nearest names the input has.
func nearFields(name string, index map[string]int) string {
	names := make([]string, 0, len(index))
	for n := range index {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(index[a], index[b]) })
	near := closest(name, names, 3)
	if len(near) == 0 {
		return fmt.Sprintf(" (none of its %d fields has a similar name)", len(names))
	}
	quoted := make([]string, len(near))
	for i, n := range near {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return "; its closest fields are " + strings.Join(quoted, ", ")
}
