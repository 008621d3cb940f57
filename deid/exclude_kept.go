package deid

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

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
// value is also read for the IDs of the list: the whole value, and each
// run of it that begins and ends with a letter or a digit and has none
// beside it, read as it reads (idnorm.AppendRead: fullwidth forms,
// look-alike letters, invisible characters), so that "id=u-42",
// "u-42/u-7", "«u-42»", "u-42’s" or "u-42，u-7" name u-42 as "u-42" does,
// whatever the punctuation or symbols of whatever script beside it. A
// run that is a listed ID, or matches one but for case, leading zeros or
// Unicode forms (the list's own near matches, see ErrExclusionNearMatch),
// is a kept identifier: the record is refused like any other
// (ErrKeptIdentifier, quarantined when asked), and the error says a
// listed ID, never which. A listed ID inside a longer word ("su-42",
// "u-420") is not that ID.
//
// Runs that are plain numbers of up to six digits (a measurement, a
// count) are not looked up: a list of numeric IDs would otherwise refuse
// every heart rate that equals one. A numeric ID of up to six digits in a
// kept value is therefore not found.
//
// The cost is a look-up per run of a kept value whose length a listed ID
// (or a near match of one) has, in runs with a list only.

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
// or of the folded form of one (bit 63 for 63 bytes or more), and bit 0
// if one of them may hold white space (spaced), or every bit for a set
// that is not the library's, whose IDs cannot be listed: most runs of
// kept text have a length no listed ID has, and an ASCII run that no
// fold shortens (no leading '+' or '0') is then no listed ID nor a near
// match of one without a look-up; and a run of several words is looked
// up only for a list that holds IDs of several.
func listedLengths(set IDSet) uint64 {
	lens := func(m idMap) (l uint64) {
		for id := range m {
			l |= 1 << min(len(id), 63)
			if !spaceless(id) {
				l |= spaced
			}
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

// spaced is the bit of listedLengths that says an ID may hold white
// space: no ID is empty.
const spaced = 1

// spaceless reports whether id is ASCII without white space or control
// characters (an ID that is not ASCII may hold a space of another width).
func spaceless(id string) bool {
	for i := range len(id) {
		if id[i] <= ' ' || id[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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

// holds reports whether v, or a part of it, is an ID of the list.
func (l listedSet) holds(v []byte) bool {
	// Most kept values are measurements or timestamps, or shorter than
	// any listed ID: none holds one (an ASCII value cannot fold to a
	// longer ID).
	if len(v) == 0 || plainNumber(v) || l.lens&(2<<min(len(v), 62)-1)&^spaced == 0 && ascii(v) || plainTimestamp(v) {
		return false
	}
	if l.has(v) {
		return true // the whole value, white space inside it too
	}
	text := v
	if !idnorm.ASCII(v) {
		var buf [256]byte // text stays on the stack for most values
		text = idnorm.AppendRead(buf[:0], v)
	}
	_, _, ok := l.next(text, 0)
	return ok
}

// next returns the bounds of the first part of text at or after from
// that is an ID of the list: a run that begins and ends with a letter or
// a digit, with none on either side (or one ASCII mark of punctuation
// more at either end, for an ID that holds one there: "+4420…", "#123").
// text is read as it reads (idnorm.AppendRead, a Skeleton's Text): what
// separates an ID from its neighbours is then any character that is not
// a letter or a digit, of any script, so that no choice of punctuation
// hides one.
func (l listedSet) next(text []byte, from int) (start, end int, ok bool) {
	longest := l.longest()
	// The starts of the last words (runs of letters and digits) met, the
	// oldest first: a run of up to len(words) of them is looked up.
	var words [16]int
	k := 0
	wide := -1 // the offset of the last rune that is not ASCII
	inWord := from > 0 && from <= len(text) && alnumBefore(text, from)
	for i := from; i <= len(text); {
		a, m, class := false, 1, byte(0)
		if i < len(text) {
			if class = byteClass[text[i]]; class&classWide != 0 {
				a, m = alnumAt(text, i)
			} else {
				a = class&classAlnum != 0
			}
		}
		switch {
		case a && !inWord:
			if k == len(words) {
				copy(words[:], words[1:])
				k--
			}
			words[k], k = i, k+1
		case !a && inWord:
			for _, s := range words[:k] {
				// An ASCII run that starts with a letter is looked up
				// only if a listed ID (or its fold) has its length, or
				// that of the run with the punctuation beside it: its
				// normal and folded forms keep its length. One that
				// starts with a digit can fold shorter (leading zeros,
				// a zero fraction), and one that is not ASCII, longer or
				// shorter.
				digit := '0' <= text[s] && text[s] <= '9'
				loose := digit || wide >= s
				if i-s > longest+2 && (!digit || i-s > longest+16) || !loose && l.lens>>min(i-s, 63)&7 == 0 {
					continue
				}
				if start, end, ok = l.around(text, s, i, loose, wide >= s); ok {
					return start, end, true
				}
			}
		}
		if class&classWide != 0 {
			wide = i
		} else if class&classSpace != 0 && l.lens&spaced == 0 {
			k = 0 // white space ends a run: no listed ID holds any
		}
		inWord = a
		i += m
	}
	return 0, 0, false
}

// around looks up text[s:e], a run of text that begins and ends with a
// letter or a digit and has none beside it, and the same run with the
// ASCII punctuation beside it, each if a listed ID has its length, or
// loose says the run may fold to another length (wide, with the
// punctuation too: Fold shortens only digits after a '+', and those
// are the run's own near match).
func (l listedSet) around(text []byte, s, e int, loose, wide bool) (start, end int, ok bool) {
	fits := func(n int, loose bool) bool { return loose || l.lens>>min(n, 63)&1 != 0 }
	before := s > 0 && asciiPunct(text[s-1])
	after := e < len(text) && asciiPunct(text[e])
	switch {
	case fits(e-s, loose) && l.has(text[s:e]):
		return s, e, true
	case before && fits(e-s+1, wide) && l.has(text[s-1:e]):
		return s - 1, e, true
	case after && fits(e-s+1, wide) && l.has(text[s:e+1]):
		return s, e + 1, true
	case before && after && fits(e-s+2, wide) && l.has(text[s-1:e+1]):
		return s - 1, e + 1, true
	}
	return 0, 0, false
}

// longest returns the greatest length in bytes of a run of text that can
// be a listed ID or a near match of one: that of the longest ID of the
// list, and 1024 bytes for a list that holds longer IDs or whose
// IDs are not known (its own IDSet), past which a run is not looked up
// (the whole value still is).
func (l listedSet) longest() int {
	if l.lens>>63 != 0 {
		return 1024
	}
	n := 0
	for b := l.lens; b != 0; b >>= 1 {
		n++
	}
	return n
}

// alnumAt reports whether the rune at text[i] is a letter or a digit, and
// returns its length (1 past the end of text).
func alnumAt(text []byte, i int) (bool, int) {
	if i >= len(text) {
		return false, 1
	}
	if c := text[i]; c < utf8.RuneSelf {
		return isAlnumByte(c), 1
	}
	r, n := utf8.DecodeRune(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r), n
}

// alnumBefore reports whether the rune before text[i] is a letter or a
// digit.
func alnumBefore(text []byte, i int) bool {
	if c := text[i-1]; c < utf8.RuneSelf {
		return isAlnumByte(c)
	}
	r, _ := utf8.DecodeLastRune(text[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// The classes of bytes next reads a text by.
const (
	classAlnum = 1 << iota // an ASCII letter or digit
	classSpace             // ASCII white space or a control character
	classWide              // the first byte of a rune that is not ASCII, or any byte of one
)

var byteClass = func() (t [256]byte) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = classWide
		case isAlnumByte(byte(c)):
			t[c] = classAlnum
		case c <= ' ':
			t[c] = classSpace
		}
	}
	return t
}()

// asciiPunct reports whether c is ASCII punctuation or a symbol.
func asciiPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isAlnumByte(c)
}

// dropListed replaces, in the scrubbed text dst[from:], every part that
// is an ID of the binding's exclusion list (as holds finds it) with the
// tag of an ID, the characters that read as nothing around it included:
// free text that a scrub rule releases must not name a withdrawn person
// either. It copies only when it finds one.
func (b *binding) dropListed(dst []byte, from int) []byte {
	p := b.listed.Get()
	if p == nil {
		return dst
	}
	set := listedSet{*p, b.listedLens}
	text := dst[from:]
	var sk *idnorm.Skeleton
	read := text
	if !idnorm.ASCII(text) {
		sk = new(idnorm.Skeleton)
		if sk.Read(text) {
			read = sk.Text
		} else {
			sk = nil
		}
	}
	s, e, ok := set.next(read, 0)
	if !ok {
		return dst
	}
	text = bytes.Clone(text)
	dst = dst[:from]
	at := 0
	for ok {
		ts, te := s, e
		if sk != nil {
			ts, te = sk.Span(s, e)
		}
		if ts >= at {
			dst = append(dst, text[at:ts]...)
			dst = append(dst, scrub.ID.Tag()...)
			at = te
		}
		s, e, ok = set.next(read, e)
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
