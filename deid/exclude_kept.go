package deid

import (
	"bytes"
	"fmt"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/idnorm"
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
// It looks in the set a wrapper unwraps to (see unwrapIDSet), as near
// matches do: a wrapper that records which listed IDs matched a record
// must not count an ID that a kept value names as matched.
func (b *binding) listen(set IDSet, field string) {
	if !nilarg.Is(set) {
		set = unwrapIDSet(set)
		b.listed, b.listedField, b.listedLens = sealed.New(&set), field, listedLengths(set)
	}
}

// listedLengths returns a bit for each length in bytes of an ID of set
// or of the folded form of one (bit 63 for 63 bytes or more), or every
// bit for a set that is not the library's, whose IDs cannot be listed:
// most tokens of kept text have a length no listed ID has, and an ASCII
// token that no fold shortens (no leading '+' or '0') is then no listed
// ID nor a near match of one without a look-up.
func listedLengths(set IDSet) uint64 {
	lens := func(m idMap) (l uint64) {
		for id := range m {
			l |= 1 << min(len(id), 63)
		}
		return l
	}
	switch s := unwrapIDSet(set).(type) {
	case idSet:
		return lens(*s.ids.Get())
	case *nearSet:
		return lens(*s.ids.Get()) | lens(*s.folded.Get())
	}
	return ^uint64(0)
}

// checkListed flags each kept field of the record (its fields those of
// rec, or in if rec is nil) that holds a listed ID.
func (k *keptValues) checkListed(pl *Plan, rec *csvrec.Parser, in [][]byte, warnTo *[]Warning) {
	set := listedSet{*pl.b.listed.Get(), pl.b.listedLens}
	for _, w := range pl.watch {
		var v []byte
		if rec != nil {
			v = rec.Field(w.step)
		} else {
			v = in[w.step]
		}
		if first, last := pl.released(w.step, v); set.holds(first) || set.holds(last) {
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

// A listedSet is an exclusion list with the lengths of its IDs (see
// listedLengths).
type listedSet struct {
	set  IDSet
	lens uint64
}

// holds reports whether v, or a token of it, is an ID of the list.
func (l listedSet) holds(v []byte) bool {
	// Most kept values are measurements or timestamps, or shorter than
	// any listed ID: none holds one (an ASCII value cannot fold to a
	// longer ID).
	if len(v) == 0 || plainNumber(v) || l.lens&(2<<min(len(v), 62)-1) == 0 && ascii(v) || plainTimestamp(v) {
		return false
	}
	_, _, ok := l.next(v, 0)
	return ok || split(v) && l.has(v) // the whole value, if separators split it
}

// split reports whether v holds a token separator.
func split(v []byte) bool {
	for _, c := range v {
		if tokenSeparator(c) {
			return true
		}
	}
	return false
}

// next returns the bounds of the first token of v at or after from that
// is an ID of the list.
func (l listedSet) next(v []byte, from int) (start, end int, ok bool) {
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
			if e > start && l.has(v[start:e]) {
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
func (b *binding) dropListed(dst []byte, from int) []byte {
	p := b.listed.Get()
	if p == nil {
		return dst
	}
	set := listedSet{*p, b.listedLens}
	s, e, ok := set.next(dst[from:], 0)
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
		s, e, ok = set.next(text, e)
	}
	return append(dst, text[at:]...)
}

// has reports whether tok, normalized, is an ID of the list or a near
// match of one; a plain number of up to six digits is neither.
func (l listedSet) has(tok []byte) bool {
	if len(tok) == 0 {
		return false
	}
	a := ascii(tok)
	if a && isAlnumByte(tok[0]) && isAlnumByte(tok[len(tok)-1]) {
		// Nothing for NormalizeID to trim: at most a zero fraction.
		tok = idnorm.WholeNumber(tok)
	} else {
		tok = NormalizeID(tok)
		a = ascii(tok)
	}
	n := len(tok)
	// The fold of near matches keeps the length of an ASCII token
	// without a leading '+' or '0' to drop.
	if n == 0 || l.lens&(1<<min(n, 63)) == 0 && a && tok[0] != '+' && tok[0] != '0' || plainNumber(tok) {
		return false
	}
	return l.set.Contains(tok) || nearMatch(l.set, tok)
}

func isAlnumByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// ascii reports whether v is ASCII.
func ascii(v []byte) bool {
	for _, c := range v {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// tokenSeparator reports whether c ends a token of a kept value: ASCII
// white space and the punctuation around IDs in text.
func tokenSeparator(c byte) bool { return separators[c] }

var separators = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\v\f,;()[]{}<>\"'!?|") {
		t[c] = true
	}
	return t
}()
