package deid

import "slices"

// KeptIdentifiers returns the fields that warnings say a policy released
// as they are although their names or values read as direct identifiers
// (WarnIdentifierName, WarnIdentifierValues), each once, in the order
// first warned about. A program that must not release identified data
// refuses a run for which it is not empty, unless told to release such
// fields; the export programs do.
func KeptIdentifiers(warnings []Warning) []string {
	var fields []string
	for _, w := range warnings {
		if (w.Kind == WarnIdentifierName || w.Kind == WarnIdentifierValues) && !slices.Contains(fields, w.Field) {
			fields = append(fields, w.Field)
		}
	}
	return fields
}
