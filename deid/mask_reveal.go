package deid

import (
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/idnorm"
)

// What a mask reveals (keep_first, keep_last) is released as it is, and
// is checked as a kept value is (see the package doc, "Kept
// identifiers"): a mask that keeps the first 30 characters of a note
// would otherwise release the e-mail address in them, which no check
// read. Each end is checked on its own, as it is written: the mask
// characters between them join nothing. And the two ends together are
// checked against the whole value: the detectors read the value being
// masked, and a mask that reveals, of an identifier found in it, more
// than four letters and digits (the common "last four") both ends
// together is refused like a kept identifier: keep_first 5 and
// keep_last 6 on "555-201-3344" write "555-2*1-3344", nine of its ten
// digits, and neither end is a phone number.

// maskHint says how to release a masked field whose revealed ends hold an
// identifier.
const maskHint = "reveal fewer characters (keep_first, keep_last), drop or transform the field, or allow kept identifiers (deid.Options.AllowKeptIdentifiers; deid.AllowKeptIdentifiers() for an Applier)"

// reveals reports whether m releases any character of a value.
func (m *mask) reveals() bool { return m.first+m.last > 0 }

// revealed returns the first and last characters of v that m keeps, and
// the number of characters of v; both ends are empty if m masks v whole,
// as it does a value too short to hide anything between its kept ends.
func (m *mask) revealed(v []byte) (first, last []byte, n int) {
	n = utf8.RuneCount(v)
	if n <= m.first+m.last {
		return nil, nil, n
	}
	i := 0
	for k := 0; k < m.first; k++ {
		_, size := utf8.DecodeRune(v[i:])
		i += size
	}
	j := len(v)
	for k := 0; k < m.last; k++ {
		_, size := utf8.DecodeLastRune(v[:j])
		j -= size
	}
	return v[:i], v[j:], n
}

// screenRevealed is screen of a value of a masked step: its revealed
// ends, each a kept value of the step; and the whole value, if the ends
// together reveal too much of an identifier in it (revealsTooMuch).
func (k *keptValues) screenRevealed(pl *Plan, step int, dates bool, v []byte) {
	first, last, _ := pl.steps[step].t.(*mask).revealed(v)
	k.revealing = true
	k.screen(pl, step, dates, first)
	k.screen(pl, step, dates, last)
	k.revealing = false
	if len(first)+len(last) > maxRevealed && revealsTooMuch(pl.b.values, v, len(first), len(v)-len(last), dates) {
		// The detectors find the identifier again in the whole value,
		// which check then flags like any other.
		pushSuspect(&k.suspects, step, dates, v)
	}
}

// maxRevealed is how many letters and digits of an identifier a mask may
// reveal, both ends together: the last four digits of a telephone or
// Social Security number, which a receipt shows too.
const maxRevealed = 4

// revealsTooMuch reports whether a mask that keeps v[:first] and
// v[last:] reveals more than maxRevealed letters and digits of one of
// the identifiers the detectors of sc find in v (of a date, only if
// dates are worth a warning): "555-2**-*344" is nine of the ten digits of
// a phone number, although neither end is one.
func revealsTooMuch(sc *scrub.Scrubber, v []byte, first, last int, dates bool) bool {
	for m := range sc.Matches(v) {
		if m.Kind == scrub.Date && !dates {
			continue
		}
		n := 0
		if m.Start < first {
			n += alnumCount(v[m.Start:min(m.End, first)])
		}
		if m.End > last {
			n += alnumCount(v[max(m.Start, last):m.End])
		}
		if n > maxRevealed {
			return true
		}
	}
	return false
}

// alnumCount returns the number of letters and digits in v (as it reads,
// so that a fullwidth digit counts as the digit it stands for).
func alnumCount(v []byte) int {
	n := 0
	for _, r := range string(v) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		} else if read, many := idnorm.ReadAs(r); many != "" || read >= 0 && (unicode.IsLetter(read) || unicode.IsDigit(read)) {
			n += max(len(many), 1)
		}
	}
	return n
}

// released returns what the output holds of v, the value of watched
// step: v itself if the step keeps it, what its mask reveals if it masks
// it (two ends, either or both empty).
func (pl *Plan) released(step int, v []byte) (first, last []byte) {
	if m, ok := pl.steps[step].t.(*mask); ok {
		first, last, _ = m.revealed(v)
		return first, last
	}
	return v, nil
}
