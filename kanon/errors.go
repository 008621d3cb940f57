package kanon

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them,
// so callers can branch with errors.Is.
var (
	// ErrHierarchy reports an inconsistent generalization hierarchy.
	ErrHierarchy = errors.New("kanon: invalid hierarchy")
	// ErrSchema reports a schema that does not fit the data or itself.
	ErrSchema = errors.New("kanon: invalid schema")
	// ErrInput reports a malformed table row.
	ErrInput = errors.New("kanon: invalid input")
	// ErrConfig reports an invalid algorithm configuration or model.
	ErrConfig = errors.New("kanon: invalid configuration")
	// ErrUnsatisfiable reports that no release of the table satisfies the
	// models within the allowed suppression (for example k above the
	// number of rows, or a table with fewer than l sensitive values).
	ErrUnsatisfiable = errors.New("kanon: privacy models cannot be satisfied")
	// ErrCanceled reports that the context of Mondrian or Optimal was
	// canceled or timed out; the error also wraps the context's error
	// (context.Canceled or context.DeadlineExceeded).
	ErrCanceled = errors.New("kanon: canceled")
)

// canceled wraps the error of a done context.
func canceled(err error) error { return fmt.Errorf("%w: %w", ErrCanceled, err) }

// HierarchyError describes an inconsistency in the definition of a
// hierarchy (its file or rows). The values of a hierarchy's definition are
// domain values (a ZIP prefix, a country), not personal data, so the error
// names them together with the line to fix. A table value that its
// hierarchy does not cover is an InputError, which names the row and column
// but not the value.
type HierarchyError struct {
	Line   int    // 1-based line of the hierarchy definition; 0 if not from a file
	Value  string // the value or label at fault
	Reason string
}

func (e *HierarchyError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("kanon: hierarchy line %d: value %q: %s", e.Line, e.Value, e.Reason)
	}
	return fmt.Sprintf("kanon: hierarchy: value %q: %s", e.Value, e.Reason)
}

// Unwrap makes errors.Is(err, ErrHierarchy) hold.
func (e *HierarchyError) Unwrap() error { return ErrHierarchy }

// InputError describes a bad table row. It names the row and the column but
// never the cell's content, which may be personal data.
type InputError struct {
	Row    int    // 1-based data row (the CSV header is row 0); the CSV line when Line is set
	Line   int    // 1-based line in the CSV input, 0 when built in code
	Column string // column name, empty when the whole row is at fault
	Reason string
}

func (e *InputError) Error() string {
	where := fmt.Sprintf("row %d", e.Row)
	if e.Line > 0 {
		where = fmt.Sprintf("line %d", e.Line)
	}
	if e.Column != "" {
		where += fmt.Sprintf(", column %q", e.Column)
	}
	return "kanon: " + where + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrInput) hold.
func (e *InputError) Unwrap() error { return ErrInput }
