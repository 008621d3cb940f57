package deid

import (
	"errors"
	"fmt"
	"strings"

	"github.com/deidkit/deidkit/pseudo"
)

// Causes of field errors, for errors.Is. A value that an action cannot
// handle is never passed through: the record is rejected with one of these.
var (
	ErrMalformedDate   = errors.New("deid: malformed date")
	ErrMalformedNumber = errors.New("deid: malformed number")
	ErrMalformedZIP    = errors.New("deid: malformed ZIP code")
	ErrMalformedIP     = errors.New("deid: malformed IP address")
	ErrOutOfRange      = errors.New("deid: value out of range")
	ErrNotInAlphabet   = pseudo.ErrNotInAlphabet // one sentinel with pseudo's, for errors.Is
	ErrUnsupportedType = errors.New("deid: value of a type the action cannot handle")
	ErrMissingField    = errors.New("deid: field missing from the record")
	// ErrShape is the cause of a record whose nesting differs from the
	// policy's where it matters: an object or array where a rule takes a
	// single value, a single value where the policy has rules inside an
	// object or array, an array where it has an object or the converse.
	ErrShape = errors.New("deid: value of another shape than the policy's")
)

// ErrPolicy is the cause of every policy validation and compilation error.
var ErrPolicy = errors.New("deid: invalid policy")

// A PolicyError reports what is wrong with a policy: which rule (by
// position and field) and why. It wraps ErrPolicy, and the cause when
// there is one (such as pseudo.ErrUnknownKey for a key_id the keyset does
// not hold).
type PolicyError struct {
	Rule  int    // index in Fields or Suppress, -1 for the policy itself
	Kind  string // "field rule", "suppress rule" or "policy"
	Field string // the rule's field, if any
	Msg   string
	Err   error // the cause, or nil
}

func (e *PolicyError) Error() string {
	switch {
	case e.Rule < 0:
		return "deid: policy: " + e.Msg
	case e.Field != "":
		return fmt.Sprintf("deid: %s %d (field %q): %s", e.Kind, e.Rule, e.Field, e.Msg)
	}
	return fmt.Sprintf("deid: %s %d: %s", e.Kind, e.Rule, e.Msg)
}

func (e *PolicyError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrPolicy, e.Err}
	}
	return []error{ErrPolicy}
}

// A FieldError reports a value that its action could not transform, or a
// record that a condition could not be evaluated on. It names the record
// (Line: the input line where the record starts, when known) and the
// field, never the value.
type FieldError struct {
	Line   int64
	Field  string
	Action string
	Err    error
}

func (e *FieldError) Error() string {
	where := "record"
	if e.Line > 0 {
		where = fmt.Sprintf("line %d", e.Line)
	}
	return fmt.Sprintf("deid: %s: field %q (%s): %s", where, e.Field, e.Action, causeText(e.Err))
}

func (e *FieldError) Unwrap() error { return e.Err }

// ErrMalformedRecord is the cause of a record that cannot be parsed: bad
// CSV quoting, a wrong number of fields, invalid JSON.
var ErrMalformedRecord = errors.New("deid: malformed record")

// causeText is the message of err without the package prefix, for
// messages that have theirs already ("deid: line 3: field ...: malformed
// date", not "... field ...: deid: malformed date").
func causeText(err error) string {
	return strings.TrimPrefix(err.Error(), "deid: ")
}
