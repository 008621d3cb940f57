package deid

import "unicode/utf8"

// What a mask reveals (keep_first, keep_last) is released as it is, and
// is checked as a kept value is (see the package doc, "Kept
// identifiers"): a mask that keeps the first 30 characters of a note
// would otherwise release the e-mail address in them, which no check
// read. Each end is checked on its own, as it is written: the mask
// characters between them join nothing.

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
// ends, each a kept value of the step.
func (k *keptValues) screenRevealed(pl *Plan, step int, dates bool, v []byte) {
	first, last, _ := pl.steps[step].t.(*mask).revealed(v)
	k.revealing = true
	k.screen(pl, step, dates, first)
	k.screen(pl, step, dates, last)
	k.revealing = false
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
