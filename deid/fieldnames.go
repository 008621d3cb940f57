package deid

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/deidkit/deidkit/internal/fieldname"
)

// ErrHeaderLooksLikeData is the cause of field names that look like
// values: most often a CSV file without a header row, whose first record
// would otherwise be read as field names and end up in reports and error
// messages. The error says which fields and why, never what they hold.
var ErrHeaderLooksLikeData = errors.New("deid: field names look like data (is the header row missing?)")

// checkFieldNames refuses field names that look like values (see
// fieldname.LooksLikeData), naming them by position: the first record of a CSV file
// without a header must not become the names every report and error
// message repeats.
func checkFieldNames(fields []string) error {
	if err := checkControls(fields, "field %d"); err != nil {
		return err
	}
	sc := fieldname.NewValueScrubber()
	var bad []string
	for i, f := range fields {
		if what, ok := fieldname.LooksLikeData(sc, f); ok {
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
	if err := checkControls(paths, "key %d"); err != nil {
		return &FieldError{Field: "(record)", Action: "parse", Err: err}
	}
	sc := fieldname.NewValueScrubber()
	for _, f := range paths {
		if what, ok := fieldname.LooksLikeData(sc, f); ok {
			return &FieldError{Field: "(record)", Action: "parse",
				Err: fmt.Errorf("%w: a key looks like %s", ErrHeaderLooksLikeData, what)}
		}
	}
	return nil
}

// ErrControlInName is the cause of a field name, JSON key or policy name
// that holds a control character (a tab, an escape sequence, a vertical
// tab, a line break inside a quoted header): every report, error message
// and terminal repeats field names, where such characters rewrite what is
// shown (an escape sequence recolours or hides a warning) and make the
// HTML report ill-formed. A tab in a header most often means a
// tab-separated file read as CSV.
var ErrControlInName = errors.New("deid: a name holds a control character")

// checkControls returns an error wrapping ErrControlInName for the first
// of names holding a control character, naming it by position (what as a
// format of its 1-based index) and the byte, never the name.
func checkControls(names []string, what string) error {
	for i, n := range names {
		if j := controlAt(n); j >= 0 {
			hint := ""
			switch n[j] {
			case 0:
				// NUL between the letters: text in UTF-16, which some
				// editors save as "Unicode"
				hint = " (a NUL byte: the input looks like UTF-16 text; convert it to UTF-8)"
			case '\r':
				// A carriage return that no line feed follows: lines ended
				// by CR alone, as old Mac editors write them, so that the
				// whole file reads as one header.
				hint = " (a carriage return: the input's lines look ended by CR alone; convert them to LF or CRLF)"
			}
			return fmt.Errorf("%w: %s, at byte %d%s", ErrControlInName, fmt.Sprintf(what, i+1), j, hint)
		}
	}
	return nil
}

// controlAt returns the index of the first control character of s (C0,
// DEL, C1, or a line or paragraph separator), or -1.
func controlAt(s string) int {
	for i, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return i
		}
	}
	return -1
}

// checkNames checks the field names of an input for the binding: a CSV
// header (strict) with checkFieldNames, the paths of a JSON record with
// checkKeys, and then, in a run with an exclusion list, that no name or
// key is a listed ID (or a near match of one): data keyed by user
// ({"visits": {"u-42": 3}}) or a header row that is a record would
// otherwise release the ID of a person who withdrew, in the output and in
// every report. Such a name is an error naming it by position only.
func (b *binding) checkNames(fields []string, strict bool) error {
	check := checkFieldNames
	if !strict {
		check = checkKeys
	}
	if err := check(fields); err != nil {
		return err
	}
	p := b.listed.Get()
	if p == nil {
		return nil
	}
	set := listedSet{*p, b.listedLens}
	for i, f := range fields {
		if !nameListed(set, f, b.listedField) {
			continue
		}
		if strict {
			return fmt.Errorf("%w: field %d is the ID of a person on the exclusion list", ErrHeaderLooksLikeData, i+1)
		}
		return &FieldError{Field: "(record)", Action: "parse",
			Err: fmt.Errorf("%w: a key is the ID of a person on the exclusion list", ErrHeaderLooksLikeData)}
	}
	return nil
}

// nameListed reports whether the field name or path f, or one of its
// keys (the parts of a path between dots), holds an ID of set. The name
// of the field the list holds the values of (idField) is not looked up:
// a list saved with its column's header ("user_id") holds that name too.
func nameListed(set listedSet, f, idField string) bool {
	if f != idField && set.holds([]byte(f)) {
		return true
	}
	for key := range strings.SplitSeq(f, ".") {
		if len(key) < len(f) && key != idField && set.holds([]byte(key)) {
			return true
		}
	}
	return false
}
