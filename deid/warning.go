package deid

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/fieldname"
	"github.com/deidkit/deidkit/internal/idnorm"
)

// A Warning is a risk that checking a policy against its input found: a
// default that releases every field no rule names, or, in a run that
// allows kept identifiers ([Options].AllowKeptIdentifiers), a field
// released as it is (kept) whose name or values look like a direct
// identifier (without that option, such a field or value is refused: see
// the package doc, "Kept identifiers"). The run goes on; print the
// warnings where the person who owns the policy reads them. A Warning
// names fields, categories and kinds of values, never a value.
type Warning struct {
	// Field is the field (a column name or a path), or empty for a
	// warning about the whole policy.
	Field string      `json:"field,omitempty"`
	Kind  WarningKind `json:"kind"`
	// Category is what the field's name reads as or its values look like.
	Category Category `json:"category,omitempty"`
	// Message says the above in words.
	Message string `json:"message"`
}

func (w Warning) String() string { return w.Message }

// WarningKind says what a [Warning] is about.
type WarningKind string

// The kinds of warning.
const (
	// WarnDefaultKeep: the policy's default is keep, and some field that
	// no rule names is released as it is.
	WarnDefaultKeep WarningKind = "default-keep"
	// WarnIdentifierName: a kept field's name reads as a direct
	// identifier (by the profiles' reading of names, see [SafeHarbor]):
	// names, contact details, addresses, coordinates, IDs, free text,
	// dates of birth or death, ages.
	WarnIdentifierName WarningKind = "identifier-name"
	// WarnIdentifierValues: values of a kept field look like identifiers
	// (package deid/scrub found an e-mail, telephone number, IP or MAC
	// address, URL, SSN, card number, date or US street address in them),
	// or hold the record's own identifiers: the value of a field of the
	// same record that the policy drops or transforms and whose name reads
	// as a name, contact detail, address or ID, found as record-aware
	// scrubbing finds it (see [scrub.Known]: whole words, any case, not
	// the shortest values). The transformer looks at every kept value of
	// every record it writes.
	WarnIdentifierValues WarningKind = "identifier-values"
)

// maxWarnings bounds the warnings of a report: input whose keys are data
// could otherwise grow them with the input.
const maxWarnings = 256

// warnByName reports whether a field released as it is with this reading
// of its name deserves a warning: the kinds no profile keeps. Event dates
// and timestamps are not among them: the AI-engine profile keeps them.
func warnByName(k fieldKind) bool {
	switch k {
	case kindIdentifier, kindPersonID, kindZIP, kindFreeText, kindBirthDate, kindDeathDate, kindDateElement, kindAge:
		return true
	}
	return false
}

// valueCategory is the Safe Harbor category of a kind of value.
func valueCategory(k scrub.Kind) Category {
	switch k {
	case scrub.Email:
		return CategoryEmail
	case scrub.Phone:
		return CategoryPhone
	case scrub.IP:
		return CategoryIP
	case scrub.MAC:
		return CategoryDevice
	case scrub.URL:
		return CategoryURL
	case scrub.SSN:
		return CategorySSN
	case scrub.Card:
		return CategoryAccount
	case scrub.Date:
		return CategoryDates
	case scrub.Address:
		return CategoryGeographic
	case scrub.Name:
		return CategoryNames
	}
	return CategoryOther
}

// A watch is a field of a plan released as it is, whose values the
// transformer checks.
type watch struct {
	step  int
	dates bool // whether a date among its values is worth a warning
}

// planWarnings lists the warnings of a plan's fields and the fields whose
// values to check; classes caches the reading of names across the
// fields of a record (the elements of an array share a path).
func (pl *Plan) planWarnings() {
	classes := map[string]fieldClass{}
	byDefault := false
	for i := range pl.steps {
		st := &pl.steps[i]
		// What a mask reveals is released as it is (mask_reveal.go).
		masked := st.action == Mask && st.t.(*mask).reveals()
		if st.action != Keep && !masked {
			continue
		}
		c, ok := classes[st.field]
		if !ok {
			c = classifyField(st.field)
			classes[st.field] = c
		}
		// Every element of an array is watched, not only the first: an
		// identifier in the second is as much released as in the first.
		pl.watch = append(pl.watch, watch{step: i, dates: c.kind != kindEventDate})
		if masked {
			continue // masking is what a field named as an identifier needs
		}
		byDefault = byDefault || st.rule < 0
		if ok {
			continue // warned at its first element
		}
		if warnByName(c.kind) {
			pl.warnings = append(pl.warnings, Warning{Field: st.field, Kind: WarnIdentifierName, Category: c.cat,
				Message: fmt.Sprintf("field %q is released as it is, but its name reads as %s", st.field, c.cat)})
		}
	}
	if byDefault {
		pl.warnings = append(pl.warnings, Warning{Kind: WarnDefaultKeep,
			Message: "the policy's default is keep: fields that no rule names are released as they are"})
	}
	if len(pl.watch) > 0 {
		pl.ownIDs = pl.ownIdentifiers(nil, nil)
	}
}

// Warnings returns what checking the policy against the plan's fields
// found: kept fields whose names read as direct identifiers, and a
// default that keeps fields no rule names. A [Transformer] adds them to
// its [Report], with the warnings of the values it sees.
func (pl *Plan) Warnings() []Warning { return slices.Clone(pl.warnings) }

// keptValues screens the kept values of the record being written for the
// identifier check: the values no detector could find anything in (empty,
// a plain number, a timestamp where dates are no warning, a value found
// clean before) are let through as they are met, during the pass that
// writes the record; the others wait in suspects for checkKept, once the
// record is known to be written. Every kept value of every written record
// is thus looked at: a sample let an e-mail address in the 150th record of
// a kept column through while the run succeeded.
//
// The values that can hold text or an ID (all but the empty ones, plain
// numbers of fewer than four characters, timestamps and single bytes)
// also wait in texts, clean or not, to be
// looked at for the record's own identifiers (Plan.ownIDs), which no
// memo can vouch for: "Ambrose Vantablack" is a clean device name but in
// the record of Ambrose it releases his name.
type keptValues struct {
	clean    *valueMemo
	suspects []suspect
	texts    []suspect
	known    scrub.Known // the record's own identifiers, while checked
	// hit is the first identifier the last check found
	hit keptHit
	// revealing says that the values screened are what a mask reveals
	revealing bool
}

// reset forgets the values set aside for the record before.
func (k *keptValues) reset() {
	k.suspects, k.texts = k.suspects[:0], k.texts[:0]
}

// A suspect is a kept value for the detectors: of step, a sub-slice of the
// record being written (valid until the next record).
type suspect struct {
	step  int
	dates bool // whether a date in it is worth a warning
	num   bool // a plain number, looked for among the record's IDs only
	v     []byte
	runs  runList // v's runs, if its memo entry had them
}

// screen sets v, the value of kept step of the record being written,
// aside for the detectors unless it is plainly clean; of a masked step,
// what the mask reveals of it (mask_reveal.go). The steps watched are
// those kept, which have no transform, and those masked: the test for a
// mask comes after those for plainly clean values, which reveal nothing
// either, so that kept values pay for it only when they are text.
func (k *keptValues) screen(pl *Plan, step int, dates bool, v []byte) {
	if len(v) == 0 {
		return
	}
	if plainNumber(v) {
		// No detector finds anything in a plain number, but it can be
		// the record's own ID (an MRN of four digits or more, which is
		// what Known looks for); not what a mask reveals of one, which
		// is a part of it.
		if len(pl.ownIDs) > 0 && mayBeID(v) && pl.steps[step].t == nil {
			pushSuspect(&k.texts, step, dates, v).num = true
		}
		return
	}
	if !dates && plainTimestamp(v) {
		return
	}
	if pl.steps[step].t != nil && !k.revealing {
		k.screenRevealed(pl, step, dates, v)
		return
	}
	// A value of one byte holds no identifier value Known looks for (two
	// letters at least), and a timestamp where dates are worth a warning
	// holds no text either.
	var e *memoEntry
	if k.clean == nil {
		k.clean = new(valueMemo)
	} else {
		e = k.clean.find(pl, step, v)
	}
	if len(pl.ownIDs) > 0 && len(v) > 1 && (!dates || !plainTimestamp(v)) {
		sv := pushSuspect(&k.texts, step, dates, v)
		if e != nil {
			sv.runs = e.runs // a copy: the entry may change before checkOwn
		}
	}
	if e != nil {
		return
	}
	pushSuspect(&k.suspects, step, dates, v)
}

// screenAll screens every kept value of a record, in, given as its fields
// in the order of [Plan.Fields] (the paths of records that are not
// written by appendCSV, which screens its values as it writes them).
func (k *keptValues) screenAll(pl *Plan, in [][]byte) {
	k.reset()
	for _, w := range pl.watch {
		k.screen(pl, w.step, w.dates, in[w.step])
	}
}

// pushSuspect appends a suspect of v to *list and returns it. It sets the
// fields one by one: a suspect appended as a literal was built on the
// stack and copied with wide loads of the narrower stores just made,
// which stall the processor (a third of screen's samples).
func pushSuspect(list *[]suspect, step int, dates bool, v []byte) *suspect {
	l := *list
	n := len(l)
	if n < cap(l) {
		l = l[:n+1]
	} else {
		l = append(l, suspect{})
	}
	*list = l
	sv := &l[n]
	sv.step, sv.dates, sv.num, sv.v, sv.runs = step, dates, false, v, runList{}
	return sv
}

// check runs the scrub detectors on the values k set aside for a record,
// then looks for the record's own identifiers in the values that can
// hold text, and reports whether it found an identifier: k.hit is then
// the first. The record's fields are those of rec, or in if rec is nil.
// With warnTo, it adds a warning there for each field where it finds one
// (the first of each kind and field).
//
// Every kept value of every record is checked, with the same code
// whatever the entry point (the transformer's CSV and NDJSON paths,
// Applier.Apply, Struct.Copy): what it finds is an identifier about to be
// released, refused unless the caller allows kept identifiers.
func (k *keptValues) check(pl *Plan, rec *csvrec.Parser, in [][]byte, warnTo *[]Warning) bool {
	// warnTo is passed down, not kept in k: a pointer stored in k per
	// record costs a write barrier while the collector marks.
	k.hit.found = false
	sc := pl.b.values
	for _, sv := range k.suspects {
		found := false
		for m := range sc.Matches(sv.v) {
			found = true
			if m.Kind == scrub.Date && !sv.dates {
				continue
			}
			k.flag(pl, sv.step, m.Kind, false, warnTo)
		}
		if !found {
			k.clean.add(pl, sv.step, sv.v)
		}
	}
	if len(k.texts) > 0 {
		k.checkOwn(pl, rec, in, warnTo)
	}
	if pl.b.listed.Get() != nil {
		k.checkListed(pl, rec, in, warnTo)
	}
	k.reset()
	return k.hit.found
}

// flag notes an identifier of kind in a kept value of step: a value that
// looks like one, or (own) one of the record's own identifiers; and warns
// of it in warnTo, if not nil.
func (k *keptValues) flag(pl *Plan, step int, kind scrub.Kind, own bool, warnTo *[]Warning) {
	if !k.hit.found {
		k.hit = keptHit{found: true, own: own, kind: kind, step: step}
	}
	if warnTo == nil {
		return
	}
	field := pl.steps[step].field
	released := "is released as it is, but some of its values"
	if pl.steps[step].action == Mask {
		released = "is masked, but what the mask reveals of some of its values"
	}
	msg := fmt.Sprintf("field %q %s look like %s", field, released, fieldname.Article(kind))
	if own {
		msg = fmt.Sprintf("field %q %s hold %s of their own record, which a field the policy drops or transforms holds", field, released, fieldname.Article(kind))
	}
	*warnTo = addWarning(*warnTo, Warning{Field: field, Kind: WarnIdentifierValues, Category: valueCategory(kind), Message: msg})
}

// checkKept is check adding its warnings to s (Struct.Copy's, which
// refuses on the first).
func (s *chunkStats) checkKept(pl *Plan, k *keptValues, rec *csvrec.Parser, in [][]byte) {
	k.check(pl, rec, in, &s.warnings)
}

// checkOwn looks for the record's own identifiers in the kept values of
// k.texts, and flags each field that holds one with the kind of
// identifier.
//
// Filling a Known set with every identifier of every record costs
// several times the rest of the transformer, and most identifiers cannot
// be in the values, which are few and short: a field is added only if
// mayHold says its values may be found in them. The property test checks
// the result equal to that of a Known set of every field.
func (k *keptValues) checkOwn(pl *Plan, rec *csvrec.Parser, in [][]byte, warnTo *[]Warning) {
	var want runSet
	nums, texts, zips := false, false, false
	for i := range k.texts {
		sv := &k.texts[i]
		if sv.num {
			nums = true
			// A ZIP code has five digits, in a field that does not
			// expect measurements (checkOwnZIP).
			zips = zips || len(sv.v) == 5 && pl.steps[sv.step].expect != expectNumber
			continue
		}
		texts = true
		if !sv.runs.addTo(&want) {
			noteReadings(&want, sv.v)
		}
	}
	for _, f := range pl.ownIDs {
		if !texts && f.kind != scrub.ID && !(zips && f.kind == scrub.Address) {
			continue // only IDs and ZIP codes can be among plain numbers: not fetched
		}
		var v []byte
		if rec != nil {
			v = rec.Field(f.idx)
		} else {
			v = in[f.idx]
		}
		if len(v) == 0 {
			continue
		}
		if nums && f.kind == scrub.ID {
			// A plain number is the record's ID only if it is the whole
			// ID: compared with the number of a street address or a
			// phone, a step count of 4521 would be a house number.
			if id := numericID(v); id != nil {
				k.checkOwnNumbers(pl, id, warnTo)
			}
		}
		if zips && f.kind == scrub.Address {
			if zip := ownZIP(v); zip != nil {
				k.checkOwnZIP(pl, zip, warnTo)
			}
		}
		if !texts {
			continue
		}
		if f.kind == scrub.Date {
			// A date may be written without four digits in a row or a
			// pair of the field's ("2MAR54"), never without a run that
			// starts with a digit or four digits in all.
			if want.flags&runDigits != 0 || want.heads&headDigit != 0 {
				k.known.Add(f.kind, v)
			}
			continue
		}
		if f.kind != scrub.Name && f.kind != scrub.Address && want.flags == 0 {
			// Only the first run's pair counts, as mayHold would find:
			// read here when its first two bytes are ASCII, which spares
			// a call for most values of most kinds.
			var b byte // the second byte's number, 0 past the end
			if len(v) > 1 {
				b = alnumNumber[v[1]]
			}
			if a := alnumNumber[v[0]]; a != 0 && a != wideByte && b != wideByte {
				if want.has(int(a)*37 + int(b)) {
					k.known.Add(f.kind, v)
				}
				continue
			}
		}
		if want.mayHold(f.kind, v) {
			k.known.Add(f.kind, v)
		}
	}
	if k.known.Len() > 0 {
		for _, sv := range k.texts {
			if sv.num {
				continue
			}
			kind, ok := k.known.Find(sv.v)
			if !ok {
				continue
			}
			k.flag(pl, sv.step, kind, true, warnTo)
		}
		k.known.Reset() // the record's identifiers do not outlive it
	}
}

// numericID returns id normalized as [NormalizeID] does, and read as it
// reads if it is not ASCII, or nil if its normalized form cannot be a
// plain number: most IDs that are not numbers
// begin or end with a byte that normalizing keeps (a letter, a '-', a
// ':'), and telling them apart by that byte spares the normalization,
// which was 5% of the export's CPU on CSV.
func numericID(id []byte) []byte {
	c0, cn := id[0], id[len(id)-1]
	digit0, digitN := '0' <= c0 && c0 <= '9', '0' <= cn && cn <= '9'
	switch {
	case digit0 && digitN && mayBeID(id):
		return id // digits only, the common case
	case digit0 && digitN:
		id = idnorm.WholeNumber(id) // nothing to trim, no quotes
	case normalizedAsIs(c0) && !digit0 || normalizedAsIs(cn) && !digitN:
		return nil
	default:
		id = idnorm.Normalize(id)
	}
	if !idnorm.ASCII(id) {
		// As it reads: "٤٨٢١٣٩" is the number 482139 kept beside it.
		id = idnorm.WholeNumber(idnorm.AppendRead(nil, id))
	}
	return id
}

// normalizedAsIs reports whether normalizing an ID leaves the byte c
// where it is at either end: an ASCII byte that is neither white space
// nor a quote.
func normalizedAsIs(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', '"', '\'':
		return false
	}
	return c < utf8.RuneSelf
}

// checkOwnNumbers flags each kept plain number of k.texts that is id,
// an ID of the record.
func (k *keptValues) checkOwnNumbers(pl *Plan, id []byte, warnTo *[]Warning) {
	for _, sv := range k.texts {
		if sv.num && string(sv.v) == string(id) {
			k.flag(pl, sv.step, scrub.ID, true, warnTo)
		}
	}
}

// A runSet is what scan found in texts: a bit for the first two letters
// or digits of each run of ASCII letters and digits, either case (the
// first alone for a run of one), runDigits for a text holding four digits
// or more, runWide for one holding a non-ASCII rune other than those that
// fold to an ASCII letter (the Kelvin sign, the long s...), which count as
// that letter. The bits are exact (one per pair, 1,369 of them): hashed
// into 256, one record in four of the bench data matched some pair by
// chance and paid for a Known set.
type runSet struct {
	runs  [runWords]uint64
	flags uint8
	heads uint8 // headLetter, headDigit: what the pairs begin with
}

// runWords holds a bit for every pair first*37+second, first and second
// numbered as alnumNumber does (second 0 for a run of one).
const runWords = (36*37 + 36 + 64) / 64

const (
	runDigits uint8 = 1 << iota
	runWide
)

const (
	headLetter uint8 = 1 << iota
	headDigit
)

// mayHold reports whether a Known set of v, an identifier of kind, may
// find a value in a text of the runSet w. Every value Known takes from a
// field, and every part of one, begins at the start of a run of letters
// and digits of the field and ends at the end of one (white space, a
// comma, an '@' or the field's ends around it), and Known finds it only
// where a run of the text begins and ends: the first run of the value
// shows the same pair in both. Only the words of a name and the parts of
// an address begin after the field's first run. Digits (four at least)
// are found whatever separators and prefixes surround them, and other
// non-ASCII runes whatever their case mapping.
func (w *runSet) mayHold(kind scrub.Kind, v []byte) bool {
	return w.scan(v, w, kind != scrub.Name && kind != scrub.Address)
}

// scan reads the runs of v: into s, or, if in is not nil, to report
// whether v has a pair or flag of in (s is then in and left as it is).
// firstOnly says that only the first run's pair counts.
//
// It reads v eight bytes at a time while they are ASCII: the runs' starts
// are a mask of the word's letters and digits that the byte before is not
// in, and the pairs are those scanRunes notes (the property test compares
// the two). At the first non-ASCII byte it starts over with scanRunes:
// what it answered before that byte depended on ASCII bytes only, and
// noting a pair twice changes nothing. A profile of the export had the
// byte-by-byte scan at a tenth of all CPU, reading ten identifier fields
// a record; each case has a function of its own, as one function kept
// more state than the registers hold.
func (s *runSet) scan(v []byte, in *runSet, firstOnly bool) bool {
	switch {
	case in == nil:
		s.note(v)
		return false
	case firstOnly:
		return in.holdsFirst(v)
	}
	return in.holdsAny(v)
}

// Masks of a word's bytes, each below 0x80: so no sum carries into the
// next byte, and lower-casing makes no other byte a letter.
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

func digitMask(x uint64) uint64 {
	return (x + (0x80-'0')*ones) &^ (x + (0x7f-'9')*ones) & high
}

func letterMask(x uint64) uint64 {
	l := x | 0x20*ones
	return (l + (0x80-'a')*ones) &^ (l + (0x7f-'z')*ones) & high
}

// runPair returns the pair of the run that starts at v[j], or -1 if the
// byte after it is not ASCII (a rune that may fold to a letter).
func runPair(v []byte, j int) int {
	pair := int(alnumNumber[v[j]]) * 37
	if j+1 < len(v) {
		next := alnumNumber[v[j+1]]
		if next == wideByte {
			return -1
		}
		pair += int(next)
	}
	return pair
}

// noteReadings adds to s the runs of v and, when v spells a value so as to
// hide it ("Z e l d a", "zq at example dot com"), those of v with the
// spelling undone: Known.Find reads both, and a value it may find in
// either must pass mayHold.
func noteReadings(s *runSet, v []byte) {
	s.note(v)
	if u, ok := scrub.Unobfuscated(v); ok {
		s.note(u)
	}
}

// note adds the runs of v to s.
func (s *runSet) note(v []byte) {
	digits := 0
	var prev uint64 // the last word's mask of letters and digits
	for off := 0; off < len(v); off += 8 {
		x := loadWord(v, off)
		if x&high != 0 {
			s.scanRunes(v, nil, false)
			return
		}
		d := digitMask(x)
		m := d | letterMask(x)
		digits += bits.OnesCount64(d)
		for starts := m &^ (m<<8 | prev>>56); starts != 0; starts &= starts - 1 {
			pair := runPair(v, off+bits.TrailingZeros64(starts)>>3)
			if pair < 0 {
				s.scanRunes(v, nil, false)
				return
			}
			s.add(pair)
		}
		prev = m
	}
	if digits >= 4 {
		s.flags |= runDigits
	}
}

// holdsAny reports whether a run of v begins with a pair of w, or v has
// a flag of w. Only the runs that begin as some pair of w does are looked
// up: none of the digits of a ZIP code or a coordinate when the kept
// texts are words.
func (w *runSet) holdsAny(v []byte) bool {
	var letters, numerals uint64
	if w.heads&headLetter != 0 {
		letters = high
	}
	if w.heads&headDigit != 0 {
		numerals = high
	}
	countDigits := w.flags&runDigits != 0
	digits := 0
	var prev uint64
	for off := 0; off < len(v); off += 8 {
		x := loadWord(v, off)
		if x&high != 0 {
			return w.scanRunes(v, w, false)
		}
		d, l := digitMask(x), letterMask(x)
		m := d | l
		if countDigits {
			digits += bits.OnesCount64(d)
		}
		for starts := (l&letters | d&numerals) &^ (m<<8 | prev>>56); starts != 0; starts &= starts - 1 {
			pair := runPair(v, off+bits.TrailingZeros64(starts)>>3)
			if pair < 0 {
				return w.scanRunes(v, w, false)
			}
			if w.has(pair) {
				return true
			}
		}
		prev = m
	}
	return countDigits && digits >= 4
}

// holdsFirst reports whether the first run of v begins with a pair of w,
// or v has a flag of w.
func (w *runSet) holdsFirst(v []byte) bool {
	countDigits := w.flags&runDigits != 0
	digits := 0
	first := true // the first run is still to be met
	var prev uint64
	for off := 0; off < len(v); off += 8 {
		x := loadWord(v, off)
		if x&high != 0 {
			return w.scanRunes(v, w, true)
		}
		d := digitMask(x)
		m := d | letterMask(x)
		digits += bits.OnesCount64(d)
		if starts := m &^ (m<<8 | prev>>56); first && starts != 0 {
			pair := runPair(v, off+bits.TrailingZeros64(starts)>>3)
			if pair < 0 {
				return w.scanRunes(v, w, true)
			}
			if w.has(pair) {
				return true
			}
			if w.flags == 0 {
				return false // only a flag could count now
			}
			first = false
		}
		prev = m
	}
	return countDigits && digits >= 4
}

// loadWord returns the eight bytes of v from off, little-endian, zero past
// its end (not a letter or digit).
func loadWord(v []byte, off int) uint64 {
	if off+8 <= len(v) {
		return binary.LittleEndian.Uint64(v[off:])
	}
	return loadTail(v, off)
}

// loadTail is loadWord of the last bytes of v, fewer than eight, read in
// one load: the word ending where v ends, or the word of v's capacity.
// It is not inlined, so that loadWord is.
//
//go:noinline
func loadTail(v []byte, off int) uint64 {
	if len(v) >= 8 {
		return binary.LittleEndian.Uint64(v[len(v)-8:]) >> (8 * (off + 8 - len(v)))
	}
	if cap(v) >= 8 {
		return binary.LittleEndian.Uint64(v[:8]) & (1<<(8*len(v)) - 1)
	}
	var x uint64
	for i, c := range v {
		x |= uint64(c) << (8 * i)
	}
	return x
}

// scanRunes is scan rune by rune, for a v that holds non-ASCII runes. It
// reads v as the detectors and Known do, as it reads (idnorm.ReadAs):
// "Ｑｕｉｓｔ" and "Qu\u200bist" have the runs of "Quist".
func (s *runSet) scanRunes(v []byte, in *runSet, firstOnly bool) bool {
	var buf [64]byte
	v = idnorm.AppendRead(buf[:0], v)
	digits := 0
	var flags uint8
	// first is the number of the first letter or digit of the current
	// run (0 after a byte that ends a run, -1 once the run's pair is
	// noted)
	first := 0
	pairs := 0
	for i := 0; i < len(v); i++ {
		a := int(alnumNumber[v[i]])
		if a == wideByte {
			r, size := utf8.DecodeRune(v[i:])
			i += size - 1
			if f := unicode.ToLower(unicode.ToUpper(r)); f >= 'a' && f <= 'z' {
				a = int(alnumNumber[f])
			} else {
				flags |= runWide
				a = 0
			}
		}
		if a > 26 {
			digits++
		}
		pair := -1
		switch {
		case first == 0:
			first = a
		case first > 0:
			pair = first*37 + a // a is 0 for a run of one
			first = -1
		}
		if a == 0 {
			first = 0
		}
		if pair < 0 {
			continue
		}
		if in == nil {
			s.add(pair)
			continue
		}
		if (!firstOnly || pairs == 0) && in.has(pair) {
			return true
		}
		if pairs++; firstOnly && in.flags == 0 {
			return false
		}
	}
	if first > 0 {
		if in == nil {
			s.add(first * 37)
		} else if in.has(first*37) && (!firstOnly || pairs == 0) {
			return true
		}
	}
	if digits >= 4 {
		flags |= runDigits
	}
	if in == nil {
		s.flags |= flags
		return false
	}
	return in.flags&flags != 0
}

func (s *runSet) add(pair int) {
	s.runs[pair>>6] |= 1 << (pair & 63)
	if pair < 27*37 {
		s.heads |= headLetter
	} else {
		s.heads |= headDigit
	}
}

func (s *runSet) has(pair int) bool { return s.runs[pair>>6]&(1<<(pair&63)) != 0 }

// alnumNumber numbers the bytes of ASCII letters (either case, from 1)
// and digits (from 27); the others are 0, and wideByte for the bytes of
// non-ASCII runes.
var alnumNumber = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = uint8(c-'a') + 1
		case c >= 'A' && c <= 'Z':
			t[c] = uint8(c-'A') + 1
		case c >= '0' && c <= '9':
			t[c] = uint8(c-'0') + 27
		case c >= utf8.RuneSelf:
			t[c] = wideByte
		}
	}
	return t
}()

const wideByte = 255

// A valueMemo remembers kept values that the detectors found nothing in,
// so that a column of few distinct values (a sex, a state, a device
// model) is looked at once per value rather than once per record. It is
// direct-mapped: a value that another evicts is looked at again. An entry
// also keeps the value's runs for the record-aware check, which needs
// them on every record whatever the memo says.
type valueMemo [valueMemoSlots]memoEntry

type memoEntry struct {
	pl   *Plan
	step int
	v    string
	runs runList
}

// A runList is the pairs and flags of a text's runSet when it has few
// pairs: adding them to a runSet costs less than reading the text again.
type runList struct {
	pairs [4]uint16
	n     uint8 // the number of pairs, 1 to 4; 0 for none kept
	flags uint8
}

// addTo adds the runs of l to w, and reports whether l held them.
func (l *runList) addTo(w *runSet) bool {
	if l.n == 0 {
		return false
	}
	for _, p := range l.pairs[:l.n] {
		w.add(int(p))
	}
	w.flags |= l.flags
	return true
}

// listRuns returns the runList of v, empty if v has no pair or more than
// the list holds.
func listRuns(v []byte) runList {
	var w runSet
	noteReadings(&w, v)
	var l runList
	for i, word := range w.runs {
		for ; word != 0; word &= word - 1 {
			if int(l.n) == len(l.pairs) {
				return runList{}
			}
			l.pairs[l.n] = uint16(i*64 + bits.TrailingZeros64(word))
			l.n++
		}
	}
	l.flags = w.flags
	return l
}

const (
	valueMemoSlots = 1024
	// valueMemoLen bounds the values remembered: long ones rarely repeat.
	valueMemoLen = 48
)

// valueSlot hashes a value of at most valueMemoLen bytes eight bytes at a
// time (a byte at a time, it was most of the check's cost on columns of
// short strings).
func valueSlot(step int, v []byte) uint32 {
	const mul = 0x9e3779b97f4a7c15
	h := (uint64(step)+1)*mul ^ uint64(len(v))
	if len(v) >= 8 {
		for i := 0; i+8 < len(v); i += 8 {
			h = (h ^ binary.LittleEndian.Uint64(v[i:])) * mul
			h ^= h >> 29
		}
		// The last eight bytes, which may overlap the word before.
		h = (h ^ binary.LittleEndian.Uint64(v[len(v)-8:])) * mul
	} else {
		var t uint64
		for i, c := range v {
			t |= uint64(c) << (8 * i)
		}
		h = (h ^ t) * mul
	}
	h ^= h >> 32
	return uint32(h % valueMemoSlots)
}

// find returns the entry of v if the memo has it, else nil.
func (m *valueMemo) find(pl *Plan, step int, v []byte) *memoEntry {
	if len(v) > valueMemoLen {
		return nil // never added
	}
	e := &m[valueSlot(step, v)]
	if e.pl == pl && e.step == step && e.v == string(v) {
		return e
	}
	return nil
}

func (m *valueMemo) add(pl *Plan, step int, v []byte) {
	if len(v) <= valueMemoLen {
		var runs runList
		if len(pl.ownIDs) > 0 { // read only by the record-aware check
			runs = listRuns(v)
		}
		m[valueSlot(step, v)] = memoEntry{pl, step, string(v), runs}
	}
}

// mayBeID reports whether a plain number could be a record's numeric ID
// as Known finds one: four digits or more, nothing else (a measurement
// with a decimal point is not one).
func mayBeID(v []byte) bool {
	if len(v) < 4 {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// plainNumber reports whether v is a decimal number of at most six
// digits, with an optional sign and decimal point: a measurement, in
// which no detector of the value scrubber can find anything (the test
// checks every such integer and a sample of the rest).
func plainNumber(v []byte) bool {
	digits, points := 0, 0
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && points == 0 && digits > 0:
			points++
		case c == '-' && i == 0:
		default:
			return false
		}
	}
	return digits > 0 && digits <= 6 && v[len(v)-1] != '.'
}

// plainTimestamp reports whether v is an RFC 3339 date-time or a
// YYYY-MM-DD date, digits and separators in place: the detectors of the
// value scrubber find at most a date in one (the test checks), which is
// no warning for a field of event dates.
func plainTimestamp(v []byte) bool {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(v) != 10 && len(v) < len(shape)+1 {
		return false
	}
	// Eight bytes at a time, "dddd-dd-" and "dd:dd:dd" (bytes 11 to 18):
	// byte by byte, this test was a third of the check's cost on a
	// column of timestamps.
	const (
		dashes = '-'<<32 | '-'<<56
		colons = ':'<<16 | ':'<<40
		mask0  = 0xff<<32 | 0xff<<56
		mask2  = 0xff<<16 | 0xff<<40
	)
	if !digitsBut(binary.LittleEndian.Uint64(v), mask0, dashes) || !isDigit2(v[8:10]) {
		return false
	}
	if len(v) == 10 {
		return true
	}
	if c := v[10]; c != 'T' && c != 't' && c != ' ' {
		return false
	}
	return digitsBut(binary.LittleEndian.Uint64(v[11:]), mask2, colons) && timeZone(v[len(shape):])
}

// timeZone reports whether rest, what follows the seconds of an RFC 3339
// date-time, is an optional fraction of a second and a zone.
func timeZone(rest []byte) bool {
	if rest[0] == '.' { // fraction of a second
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 || i > 10 {
			return false
		}
		rest = rest[i:]
	}
	switch {
	case len(rest) == 1:
		return rest[0] == 'Z' || rest[0] == 'z'
	case len(rest) == 6:
		return (rest[0] == '+' || rest[0] == '-') && isDigit2(rest[1:3]) && rest[3] == ':' && isDigit2(rest[4:6])
	}
	return false
}

// digitsBut reports whether the eight bytes of x are ASCII digits but for
// those that mask selects, which must be those of seps.
func digitsBut(x, mask, seps uint64) bool {
	const ones = 0x0101010101010101
	if x&mask != seps {
		return false
	}
	x = x&^mask | '0'*ones&mask
	// A byte below '0' borrows into its high bit, one above '9' carries
	// into it; a borrow or carry across bytes starts at a byte already
	// flagged.
	return ((x-'0'*ones)|(x+(0x80-'9'-1)*ones))&(0x80*ones) == 0
}

func isDigit2(b []byte) bool {
	return b[0] >= '0' && b[0] <= '9' && b[1] >= '0' && b[1] <= '9'
}

// warn adds w unless the chunk has it.
func (s *chunkStats) warn(w Warning) {
	s.warnings = addWarning(s.warnings, w)
}

// addWarning appends w to ws unless ws has a warning of the same field,
// kind and category, or is full.
func addWarning(ws []Warning, w Warning) []Warning {
	if len(ws) >= maxWarnings {
		return ws
	}
	for _, o := range ws {
		if o.Field == w.Field && o.Kind == w.Kind && o.Category == w.Category {
			return ws
		}
	}
	return append(ws, w)
}
