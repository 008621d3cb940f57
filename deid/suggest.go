package deid

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/deidkit/deidkit/internal/fieldname"
)

// Suggestions in errors: the names a misspelled one was most likely meant
// to be. They are names (of policy members, actions, fields), never
// values; field names are checked not to look like values before any
// error repeats them (see checkFieldNames).

// didYouMean is "; did you mean "x"?" for the nearest of names, or "".
func didYouMean(name string, names []string) string {
	if c := fieldname.Closest(name, names, 1); len(c) > 0 {
		return fmt.Sprintf("; did you mean %q?", c[0])
	}
	return ""
}

// nearFields completes the message of a rule naming a field that the
// input, whose fields index holds by position, does not have: with the
// nearest names the input has.
func nearFields(name string, index map[string]int) string {
	names := make([]string, 0, len(index))
	for n := range index {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(index[a], index[b]) })
	near := fieldname.Closest(name, names, 3)
	if len(near) == 0 {
		return fmt.Sprintf(" (none of its %d fields has a similar name)", len(names))
	}
	quoted := make([]string, len(near))
	for i, n := range near {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return "; its closest fields are " + strings.Join(quoted, ", ")
}
