// Package fieldname holds what every package of the module that reads
// field or column names needs before an error message repeats one: whether
// the name looks like a value (a CSV file without a header row turns its
// first record into the "names"), and which known names a misspelled one
// was most likely meant to be. Names that pass LooksLikeData may be shown;
// values never are.
package fieldname

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid/scrub"
)

// minNameDigits is the number of digits in one key from which a name is
// read as a value: IDs, phone numbers, timestamps and ZIP+4 codes have
// this many, field names hardly ever.
const minNameDigits = 6

// LooksLikeData reports whether a field name, or a key of a path, looks
// like a value rather than a name, and what it looks like (never what it
// holds): an e-mail address, a telephone number, an IP or MAC address, a
// URL, a Social Security or card number or a date, as package deid/scrub
// finds them anywhere in the name; a key that is a number; or a key with
// minNameDigits digits or more.
//
// Two kinds of match are names: a handle, since JSON-LD and log formats
// name keys with an '@' ("@context", "@timestamp"), and a month and a
// year ("March 2024"), the column of a table by month.
func LooksLikeData(sc *scrub.Scrubber, name string) (string, bool) {
	for m := range sc.Matches([]byte(name)) {
		if m.Kind == scrub.Handle || m.Kind == scrub.Date && monthYear(name[m.Start:m.End]) {
			continue
		}
		return Article(m.Kind), true
	}
	for _, key := range strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		key = strings.TrimSpace(key)
		switch {
		case isNumberText(key):
			return "a number", true
		case digitCount(key) >= minNameDigits:
			return fmt.Sprintf("an identifier (%d or more digits)", minNameDigits), true
		}
	}
	return "", false
}

// Article names a kind of value with its article, for messages.
func Article(k scrub.Kind) string {
	switch k {
	case scrub.Email:
		return "an e-mail address"
	case scrub.Phone:
		return "a telephone number"
	case scrub.IP:
		return "an IP address"
	case scrub.MAC:
		return "a MAC address"
	case scrub.URL:
		return "a URL"
	case scrub.SSN:
		return "a Social Security number"
	case scrub.Card:
		return "a card number"
	case scrub.Date:
		return "a date"
	case scrub.Address:
		return "a street address"
	case scrub.Name:
		return "a name"
	case scrub.ID:
		return "an identifier"
	case scrub.Number:
		return "a labelled identifying number"
	case scrub.Coordinates:
		return "geographic coordinates"
	case scrub.Handle:
		return "a social media handle"
	}
	return "a " + k.String()
}

// isNumberText reports whether s is a decimal number: an optional sign,
// digits, and at most one decimal point or comma among them.
func isNumberText(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	digits, points := 0, 0
	for _, c := range []byte(s) {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == ',':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

func digitCount(s string) int {
	n := 0
	for _, c := range []byte(s) {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

// valueKinds are the kinds of value that package deid/scrub finds by their
// shape alone, with no context: what a field name or a kept value must not
// look like.
var valueKinds = []scrub.Kind{scrub.Email, scrub.Phone, scrub.IP, scrub.MAC, scrub.URL, scrub.SSN, scrub.Card, scrub.Date, scrub.Address,
	scrub.Number, scrub.Coordinates, scrub.Handle}

// NewValueScrubber returns a scrubber of valueKinds, for finding values, not
// replacing them.
func NewValueScrubber() *scrub.Scrubber {
	sc, err := scrub.New(scrub.WithKinds(valueKinds...))
	if err != nil {
		panic("fieldname: " + err.Error()) // valueKinds are valid kinds
	}
	return sc
}

// Closest returns up to n of names that are near name, nearest first
// (ties in the order of names): an edit distance, ignoring case, '_', '-'
// and '.', of at most a third of the longer name (and at least 1), or one
// name (of 3 runes or more) inside the other.
func Closest(name string, names []string, n int) []string {
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
		if d <= limit || contains(k, key) || contains(key, k) {
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

// contains reports whether key is inside k and long enough (3 runes or
// more) for that to mean something: every name holds some letter.
func contains(k, key string) bool {
	return utf8.RuneCountInString(key) >= 3 && strings.Contains(k, key)
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

// monthYear reports whether a date match is a month name and a year
// alone: letters, perhaps a dot, one space and four digits.
func monthYear(s string) bool {
	word, year, ok := strings.Cut(s, " ")
	if !ok || len(year) != 4 || !isNumberText(year) || strings.ContainsAny(year, ".,") {
		return false
	}
	word = strings.TrimSuffix(word, ".")
	for _, r := range word {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return word != ""
}
