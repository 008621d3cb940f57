package deid

import (
	"errors"
	"fmt"
	"strings"

	"github.com/deidkit/deidkit/deid/scrub"
)

// ErrHeaderLooksLikeData is the cause of field names that look like
// values: most often a CSV file without a header row, whose first record
// would otherwise be read as field names and end up in reports and error
// messages. The error says which fields and why, never what they hold.
var ErrHeaderLooksLikeData = errors.New("deid: field names look like data (is the header row missing?)")

// minNameDigits is the number of digits in one key from which a name is
// read as a value: IDs, phone numbers, timestamps and ZIP+4 codes have
// this many, field names hardly ever.
const minNameDigits = 6

// looksLikeData reports whether a field name, or a key of a path, looks
// like a value rather than a name, and what it looks like (never what it
// holds): an e-mail address, a telephone number, an IP or MAC address, a
// URL, a Social Security or card number or a date, as package deid/scrub
// finds them anywhere in the name; a key that is a number; or a key with
// minNameDigits digits or more.
func looksLikeData(sc *scrub.Scrubber, name string) (string, bool) {
	for m := range sc.Matches([]byte(name)) {
		return kindArticle(m.Kind), true
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

// kindArticle names a kind of value with its article, for messages.
func kindArticle(k scrub.Kind) string {
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

// checkFieldNames refuses field names that look like values (see
// looksLikeData), naming them by position: the first record of a CSV file
// without a header must not become the names every report and error
// message repeats.
func checkFieldNames(fields []string) error {
	sc := valueScrubber()
	var bad []string
	for i, f := range fields {
		if what, ok := looksLikeData(sc, f); ok {
			if len(bad) == 5 {
				bad = append(bad, "...")
				break
			}
			bad = append(bad, fmt.Sprintf("field %d looks like %s", i+1, what))
		}
	}
	if bad == nil {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrHeaderLooksLikeData, strings.Join(bad, ", "))
}

// checkKeys is checkFieldNames for the paths of a JSON record: a key that
// looks like a value (an object keyed by user, e-mail or date) makes the
// record an error, and neither the error nor the report repeats the key.
func checkKeys(paths []string) error {
	sc := valueScrubber()
	for _, f := range paths {
		if what, ok := looksLikeData(sc, f); ok {
			return &FieldError{Field: "(record)", Action: "parse",
				Err: fmt.Errorf("%w: a key looks like %s", ErrHeaderLooksLikeData, what)}
		}
	}
	return nil
}

// valueKinds are the kinds of value that package deid/scrub finds by their
// shape alone, with no context: what a field name or a kept value must not
// look like.
var valueKinds = []scrub.Kind{scrub.Email, scrub.Phone, scrub.IP, scrub.MAC, scrub.URL, scrub.SSN, scrub.Card, scrub.Date}

// valueScrubber returns a scrubber of valueKinds, for finding values, not
// replacing them.
func valueScrubber() *scrub.Scrubber {
	sc, err := scrub.New(scrub.WithKinds(valueKinds...))
	if err != nil {
		panic("deid: " + err.Error()) // valueKinds are valid kinds
	}
	return sc
}
