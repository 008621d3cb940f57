package deid

import (
	"errors"
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/fieldname"
)

// KeptIdentifiers returns the fields that warnings say a policy released
// as they are although their names or values read as direct identifiers
// (WarnIdentifierName, WarnIdentifierValues), each once, in the order
// first warned about. Only a run that allows kept identifiers
// ([Options].AllowKeptIdentifiers) has such warnings: any other refuses
// what they would be about.
func KeptIdentifiers(warnings []Warning) []string {
	var fields []string
	for _, w := range warnings {
		if (w.Kind == WarnIdentifierName || w.Kind == WarnIdentifierValues) && !slices.Contains(fields, w.Field) {
			fields = append(fields, w.Field)
		}
	}
	return fields
}

// hint says how to release kept identifiers on purpose.
const hint = "drop or transform the field, or allow kept identifiers (deid.Options.AllowKeptIdentifiers; deid.AllowKeptIdentifiers() for an Applier) to release it as it is"

// A keptHit is the first identifier the check found among a record's
// kept values: the step of the field and the kind, or the kind of the
// record's own identifier (own).
type keptHit struct {
	found  bool
	own    bool
	listed bool // the ID of a person on the exclusion list (see checkListed)
	kind   scrub.Kind
	step   int
}

// err is the record error of h: a FieldError wrapping ErrKeptIdentifier,
// naming the field and the kind of identifier, never the value.
func (h *keptHit) err(pl *Plan) error {
	what := "looks like " + fieldname.Article(h.kind)
	if h.own {
		what = "holds " + fieldname.Article(h.kind) + " of its own record, which a field the policy drops or transforms holds"
	}
	if h.listed {
		what = listedWhat
	}
	st := &pl.steps[h.step]
	value, how := "the value", hint
	if st.action == Mask {
		value, how = "what the mask reveals of the value", maskHint
	}
	return &FieldError{Field: st.field, Action: string(st.action),
		Err: fmt.Errorf("%w: %s %s; %s", ErrKeptIdentifier, value, what, how)}
}

// keptNameError is the cause of a field released as it is whose name
// reads as a direct identifier (see [WarnIdentifierName]): a fault of the
// policy, known from the field's name before any value is read.
type keptNameError struct{ cat Category }

func (e *keptNameError) Error() string {
	return fmt.Sprintf("deid: the policy keeps the field as it is, but its name reads as %s; %s", e.cat, hint)
}

func (e *keptNameError) Unwrap() []error { return []error{ErrPolicy, ErrKeptIdentifier} }

// keptNameErr returns the error of the first field pl keeps whose name
// reads as a direct identifier, or nil. It is a FieldError (of the
// record, in NDJSON, in which a field may first appear in any record)
// wrapping ErrPolicy and ErrKeptIdentifier.
func (pl *Plan) keptNameErr() *FieldError {
	for _, w := range pl.warnings {
		if w.Kind == WarnIdentifierName {
			return &FieldError{Field: w.Field, Action: string(Keep), Err: &keptNameError{w.Category}}
		}
	}
	return nil
}

// fatal reports whether err, a record error, stops a run even when a
// quarantine takes the records that fail: the records after it would go
// wrong too (a header repeated in another order), or the policy is at
// fault (a kept field named as an identifier), not the record.
func fatal(err error) bool {
	var kn *keptNameError
	return errors.Is(err, errHeaderReordered) || errors.As(err, &kn)
}

// An ApplierOption configures [Plan.NewApplier].
type ApplierOption func(*applier)

// AllowKeptIdentifiers makes an Applier release kept values that look
// like direct identifiers, and kept fields whose names read as such, as
// they are, and list them in its Warnings, where by default it refuses
// them with [ErrKeptIdentifier]: the record-at-a-time counterpart of
// [Options].AllowKeptIdentifiers.
func AllowKeptIdentifiers() ApplierOption {
	return func(a *applier) { a.allowKept = true }
}
