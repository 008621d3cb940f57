package deid

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/deidkit/deidkit/internal/idnorm"
	"github.com/deidkit/deidkit/internal/nilarg"
	"github.com/deidkit/deidkit/internal/sealed"
)

// An IDSet is a set of identifiers, such as the user IDs whose consent was
// withdrawn or whose accounts were deleted: records whose ID is in it are
// excluded from every export (see [Options.Exclude]).
//
// The transformer looks up the normalized form of a record's ID
// ([NormalizeID]), so a set must hold normalized IDs: those of
// [NewIDSet] and [ReadIDSet] are.
//
// A set that wraps one of the library's (to record which IDs matched, say)
// must have a method Unwrap() IDSet that returns it: near matches
// ([ErrExclusionNearMatch]) of a listed ID written with leading zeros or
// capitals are found through the library's set alone, so without Unwrap a
// record "42" would pass a list holding "0042".
type IDSet interface {
	Contains(id []byte) bool
	Len() int
}

// ErrIDList is the cause of every error of [ReadIDSet]. The errors name
// the line of the list and what is wrong with it, never an identifier.
var ErrIDList = errors.New("deid: invalid identifier list")

// NormalizeID returns id without what text tools put around an
// identifier: white space (including no-break spaces), byte order marks
// and zero-width spaces at either end, and surrounding quotes ("…", '…'
// or “…”, also nested) with the white space inside them. It returns a
// subslice of id and never allocates, and NormalizeID(NormalizeID(id))
// equals NormalizeID(id).
//
// A whole number written with a zero fraction ("1000.0", "1000.00") is
// written without it ("1000"): spreadsheets and data frames write integer
// IDs so once a column has a missing value, and the list and the input
// are rarely written by the same tool.
//
// Exclusion normalizes both sides this way, the identifiers of a list and
// the ID field of each record, so that " u-1", "u-1\r" and "\"u-1\"" all
// match u-1, and pseudonyms and tokens are of the normalized ID, so that
// these are one person for k-anonymity too. It does not change case or
// Unicode normal form: identifiers that differ in those are different
// identifiers (but a record whose ID differs from a listed one only in
// case or leading zeros is not released either: see
// [ErrExclusionNearMatch]).
func NormalizeID(id []byte) []byte { return idnorm.Normalize(id) }

// ErrMalformedID reports an identifier that holds a control character
// inside it (a line break, a tab, NUL, DEL, a C1 control, a Unicode line
// separator): a quoted CSV field that swallowed the next record's ID
// ("u-1\nu-2") is no one's ID, and pseudonymized or checked against an
// exclusion list it would be a person no one is.
var ErrMalformedID = errors.New("deid: malformed identifier: a control character or line break inside it")

// personID returns id normalized ([NormalizeID]), or ErrMalformedID
// naming the position of a control character inside it, never the value,
// or ErrIDNotation for an ID a spreadsheet cut to scientific notation.
// Every action keyed on a person reads its ID through it.
func personID(id []byte) ([]byte, error) {
	id = NormalizeID(id)
	if i := idnorm.ControlAt(id); i >= 0 {
		return nil, fmt.Errorf("%w (byte %d)", ErrMalformedID, i+1)
	}
	if idnorm.Scientific(id) {
		return nil, ErrIDNotation
	}
	return id, nil
}

// wholeNumber returns id without a zero fraction if it is digits, a point
// and zeros, else id.
func wholeNumber(id []byte) []byte { return idnorm.WholeNumber(id) }

// NewIDSet returns an IDSet of ids, each normalized with [NormalizeID];
// ids that are empty once normalized are left out.
func NewIDSet(ids []string) IDSet {
	s := make(idMap, len(ids))
	for _, id := range ids {
		if n := NormalizeID([]byte(id)); len(n) > 0 {
			s[string(n)] = struct{}{}
		}
	}
	return s.withNear()
}

// ReadIDSet reads a list of identifiers, such as the users who withdrew
// consent, as saved by a text editor, a spreadsheet or a database export:
//
//   - The list is UTF-8 text; a leading byte order mark is skipped. UTF-16
//     text with a byte order mark (what some editors save as "Unicode") is
//     decoded. Anything else is refused: invalid UTF-8, NUL bytes (UTF-16
//     without a byte order mark) and other control characters are errors,
//     never a list that silently matches nothing.
//   - Identifiers are separated by line breaks (LF, CRLF or CR), commas or
//     semicolons, and each is normalized with [NormalizeID]: surrounding
//     white space and surrounding quotes go. Empty items (blank
//     lines, trailing commas) are skipped.
//   - An identifier that still holds a double quote or a tab once
//     normalized is an error: it is the sign of a list in another format
//     (CSV fields quoted around a comma, tab-separated columns), whose IDs
//     would not match. So is a number in scientific notation
//     ("4.82913E+11", [ErrIDNotation]): a spreadsheet dropped its digits,
//     and the user it listed would be released.
//
// A header line such as "user_id" is read as an identifier: it matches no
// record, and [Report] counts it among the unmatched IDs.
func ReadIDSet(r io.Reader) (IDSet, error) {
	if nilarg.Is(r) {
		return nil, fmt.Errorf("%w: ReadIDSet needs a reader", ErrNilArgument)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrIDList, err)
	}
	if data, err = idListText(data); err != nil {
		return nil, err
	}
	s := idMap{}
	line := 1
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n,;")
		item := data
		if i >= 0 {
			item, data = data[:i], data[i:]
		} else {
			data = nil
		}
		if err := addListed(s, item, line); err != nil {
			return nil, err
		}
		if len(data) == 0 {
			break
		}
		switch c := data[0]; {
		case c == '\r' && len(data) > 1 && data[1] == '\n':
			data = data[2:]
			line++
		case c == '\r' || c == '\n':
			data = data[1:]
			line++
		default:
			data = data[1:]
		}
	}
	return s.withNear(), nil
}

// addListed adds one item of a list, read on line, to s.
func addListed(s idMap, item []byte, line int) error {
	for i := 0; i < len(item); {
		r, n := utf8.DecodeRune(item[i:])
		switch {
		case r == utf8.RuneError:
			// Also U+FFFD itself: the mark of text converted with losses.
			return fmt.Errorf("%w: line %d: not valid UTF-8 text", ErrIDList, line)
		case r == 0:
			return fmt.Errorf("%w: line %d: a NUL character (UTF-16 text without a byte order mark?)", ErrIDList, line)
		case r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029'):
			return fmt.Errorf("%w: line %d: a control character", ErrIDList, line)
		}
		i += n
	}
	id := NormalizeID(item)
	switch {
	case len(id) == 0:
		return nil
	case bytes.IndexByte(id, '"') >= 0:
		return fmt.Errorf("%w: line %d: a double quote inside an identifier (quoted CSV fields?)", ErrIDList, line)
	case bytes.IndexByte(id, '\t') >= 0:
		return fmt.Errorf("%w: line %d: a tab inside an identifier (tab-separated columns?)", ErrIDList, line)
	case idnorm.Scientific(id):
		// The person it stood for would match nothing and be released.
		return fmt.Errorf("%w: line %d: %w", ErrIDList, line, ErrIDNotation)
	}
	s[string(id)] = struct{}{}
	return nil
}

// idListText returns data as UTF-8: without a UTF-8 byte order mark, or
// decoded from UTF-16 with a byte order mark.
func idListText(data []byte) ([]byte, error) {
	var order func([]byte) uint16
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		order = func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		order = func(b []byte) uint16 { return uint16(b[1]) | uint16(b[0])<<8 }
	default:
		return data, nil
	}
	data = data[2:]
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("%w: UTF-16 text of an odd number of bytes", ErrIDList)
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order(data[2*i:])
	}
	out := make([]byte, 0, len(data))
	for _, r := range utf16.Decode(units) {
		if r == utf8.RuneError {
			// utf16.Decode turns unpaired surrogates into U+FFFD.
			return nil, fmt.Errorf("%w: not valid UTF-16 text", ErrIDList)
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// idMap holds the IDs of a set while it is made.
type idMap map[string]struct{}

// idSet is the library's IDSet. Its IDs sit two pointers away (see
// package sealed), so that no fmt verb prints them from a set held in
// another type's unexported field, where fmt does not call its Format.
type idSet struct{ ids sealed.Ref[idMap] }

// nearSet is an idSet with some IDs that other spellings may stand for:
// written with capitals, or digits with leading zeros. It also holds the
// folded forms of those (see nearMatch).
type nearSet struct {
	idSet
	folded sealed.Ref[idMap]
}

// withNear returns an idSet of s, or a *nearSet if some of its IDs fold
// to another form.
func (s idMap) withNear() IDSet {
	var folded idMap
	var buf []byte
	for id := range s {
		if f := idnorm.Fold(buf[:0], []byte(id)); string(f) != id {
			if folded == nil {
				folded = idMap{}
			}
			folded[string(f)] = struct{}{}
			buf = f
		}
	}
	if folded == nil {
		return idSet{sealed.New(&s)}
	}
	return &nearSet{idSet{sealed.New(&s)}, sealed.New(&folded)}
}

// nearMatch reports whether id, which s does not contain, is a listed ID
// but for case, leading zeros or Unicode forms (see idnorm.Fold): "Zelda@Example.com" in the input and
// "zelda@example.com" in the list, "007" and "7", either way round, as
// tools write e-mail addresses and as a spreadsheet writes the digit IDs
// of a file it has opened. Such a record is neither excluded nor released
// (see ErrExclusionNearMatch).
func nearMatch(s IDSet, id []byte) bool {
	s = unwrapIDSet(s)
	var buf [64]byte // f stays on the stack: the concrete sets do not keep it
	f := idnorm.Fold(buf[:0], id)
	changed := string(f) != string(id)
	switch s := s.(type) {
	case idSet:
		return changed && s.Contains(f)
	case *nearSet:
		_, near := (*s.folded.Get())[string(f)]
		return near || changed && s.Contains(f)
	default:
		return changed && s.Contains(bytes.Clone(f))
	}
}

// unwrapIDSet returns the set s wraps, through every Unwrap() IDSet
// method, so that near matches see the library's set and its folded forms
// (a wrapper that embeds IDSet promotes Contains and Len only), and so that
// a wrapper that counts look-ups does not count near matches as matches.
func unwrapIDSet(s IDSet) IDSet {
	for range 100 { // bounded: a set that unwraps to itself must not hang
		u, ok := s.(interface{ Unwrap() IDSet })
		if !ok {
			return s
		}
		inner := u.Unwrap()
		if inner == nil {
			return s
		}
		s = inner
	}
	return s
}

func (s idSet) Contains(id []byte) bool {
	_, ok := (*s.ids.Get())[string(id)] // no allocation: the compiler looks up without copying
	return ok
}

func (s idSet) Len() int { return len(*s.ids.Get()) }

// An IDSet holds personal data: no fmt verb lists it.
func (s idSet) String() string { return "IDSet[redacted]" }

func (s idSet) GoString() string { return s.String() }

func (s idSet) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }
