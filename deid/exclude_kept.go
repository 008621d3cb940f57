package deid

import (
	"bytes"
	"fmt"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/nilarg"
	"github.com/deidkit/deidkit/internal/sealed"
)

// Exclusion drops the records of the people an exclusion list names; it
// does not remove them from the records of others. A kept column that
// refers to another person (a carer, a contact, a referrer) or a kept
// text that names one ("visited with u-42") would release the ID of a
// person who withdrew. So, in a run with an exclusion list, every kept
// value is also read as tokens, and a token that is a listed ID, or
// matches one but for case, leading zeros or Unicode forms (the list's
// own near matches, see ErrExclusionNearMatch), is a kept identifier:
// the record is refused like any other (ErrKeptIdentifier, quarantined
// when asked), and the error says a listed ID, never which.
//
// A token is the whole value, or a run of it between white space and the
// punctuation IDs do not hold (, ; ( ) [ ] { } < > " ' ! ? |), less a
// '.' or ':' at its end. Tokens that are plain numbers of up to six
// digits (a measurement, a count) are not looked up: a list of numeric
// IDs would otherwise refuse every heart rate that equals one. A numeric
// ID of up to six digits in a kept value is therefore not found.
//
// The cost is a look-up per token of the kept values, in runs with a list
// only.

// listedWhat is what a record error says of a listed ID in a kept value.
const listedWhat = "holds the ID of a person on the exclusion list, whose records must not be released"

// listen makes the binding's kept-value check look for the IDs of set
// (none if set is nil), which lists the values of the field named field.
func (b *binding) listen(set IDSet, field string) {
	if !nilarg.Is(set) {
		b.listed, b.listedField = sealed.New(&set), field
	}
}

// checkListed flags each kept field of the record (its fields those of
// rec, or in if rec is nil) that holds a listed ID.
func (k *keptValues) checkListed(pl *Plan, rec *csvrec.Parser, in [][]byte, warnTo *[]Warning) {
	set := *pl.b.listed.Get()
	for _, w := range pl.watch {
		var v []byte
		if rec != nil {
			v = rec.Field(w.step)
		} else {
			v = in[w.step]
		}
		if holdsListed(set, v) {
			k.flagListed(pl, w.step, warnTo)
		}
	}
}

// flagListed notes a listed ID in a kept value of step, and warns of it
// in warnTo, if not nil.
func (k *keptValues) flagListed(pl *Plan, step int, warnTo *[]Warning) {
	if !k.hit.found {
		k.hit = keptHit{found: true, listed: true, kind: scrub.ID, step: step}
	}
	if warnTo == nil {
		return
	}
	field := pl.steps[step].field
	*warnTo = addWarning(*warnTo, Warning{Field: field, Kind: WarnIdentifierValues, Category: CategoryOther,
		Message: fmt.Sprintf("field %q is released as it is, but some of its values hold the ID of a person on the exclusion list", field)})
}

// holdsListed reports whether v, or a token of it, is an ID of set.
func holdsListed(set IDSet, v []byte) bool {
	if len(v) == 0 {
		return false
	}
	if isListed(set, v) {
		return true
	}
	_, _, ok := nextListed(set, v, 0)
	return ok
}

// nextListed returns the bounds of the first token of v at or after from
// that is an ID of set.
func nextListed(set IDSet, v []byte, from int) (start, end int, ok bool) {
	start = -1
	for i := from; i <= len(v); i++ {
		if i < len(v) && !tokenSeparator(v[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			e := i
			for e > start && (v[e-1] == '.' || v[e-1] == ':') {
				e--
			}
			if e > start && isListed(set, v[start:e]) {
				return start, e, true
			}
			start = -1
		}
	}
	return 0, 0, false
}

// dropListed replaces, in the scrubbed text dst[from:], every token that
// is an ID of the binding's exclusion list with the tag of an ID: free
// text that a scrub rule releases must not name a withdrawn person
// either. It copies only when it finds one.
func dropListed(listed *sealed.Ref[IDSet], dst []byte, from int) []byte {
	p := listed.Get()
	if p == nil {
		return dst
	}
	set := *p
	s, e, ok := nextListed(set, dst[from:], 0)
	if !ok {
		return dst
	}
	text := bytes.Clone(dst[from:])
	dst = dst[:from]
	at := 0
	for ok {
		dst = append(dst, text[at:s]...)
		dst = append(dst, scrub.ID.Tag()...)
		at = e
		s, e, ok = nextListed(set, text, e)
	}
	return append(dst, text[at:]...)
}

// isListed reports whether tok, normalized, is an ID of set or a near
// match of one; a plain number of up to six digits is neither.
func isListed(set IDSet, tok []byte) bool {
	tok = NormalizeID(tok)
	if len(tok) == 0 || plainNumber(tok) {
		return false
	}
	return set.Contains(tok) || nearMatch(set, tok)
}

// tokenSeparator reports whether c ends a token of a kept value: ASCII
// white space and the punctuation around IDs in text.
func tokenSeparator(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', ',', ';', '(', ')', '[', ']', '{', '}', '<', '>', '"', '\'', '!', '?', '|':
		return true
	}
	return false
}
