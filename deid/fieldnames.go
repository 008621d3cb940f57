package deid

import (
	"errors"
	"fmt"
	"strings"

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
	sc := fieldname.NewValueScrubber()
	for _, f := range paths {
		if what, ok := fieldname.LooksLikeData(sc, f); ok {
			return &FieldError{Field: "(record)", Action: "parse",
				Err: fmt.Errorf("%w: a key looks like %s", ErrHeaderLooksLikeData, what)}
		}
	}
	return nil
}
