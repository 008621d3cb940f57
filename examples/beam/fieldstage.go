package main

import (
	"errors"
	"fmt"

	"github.com/deidkit/deidkit/deid"
)

// fieldStage is the field policy compiled for the shards' header, as the
// pipeline applies it to one record at a time: the library's Plan through
// one Applier (which is not safe for concurrent use: one per DoFn
// instance). The pipeline knows the field stage only through this type,
// so that moving to the compiled stages of the library's release package
// changes this file alone.
type fieldStage struct {
	plan      *deid.Plan
	a         *deid.Applier
	row       deid.Row
	in        [][]byte
	exclude   deid.IDSet
	excludeAt int // input index of the exclusion field; -1 without a list
}

// newFieldStage compiles the policy against the header. exclude may be
// nil; otherwise excludeField must be in the header.
func newFieldStage(p *deid.Policy, header []string, keys deid.Keys, exclude deid.IDSet, excludeField string) (*fieldStage, error) {
	plan, err := deid.Compile(p, header, keys)
	if err != nil {
		return nil, err
	}
	f := &fieldStage{plan: plan, a: plan.NewApplier(), exclude: exclude, excludeAt: -1}
	if exclude != nil {
		if f.excludeAt = indexOf(header, excludeField); f.excludeAt < 0 {
			return nil, fmt.Errorf("exclusion field %q is not in the input", excludeField)
		}
	}
	return f, nil
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// What became of a record other than being written.
type outcome int

const (
	written outcome = iota
	excluded
	suppressed
)

// A result says what became of a record.
type result struct {
	out     []string // the output record, when written
	outcome outcome
	rule    int    // the suppress rule that matched
	id      []byte // the listed ID, normalized, of an excluded record
}

// apply transforms one record. An error names the field and the cause,
// never the value, and means the record must be quarantined or stop the
// run.
func (f *fieldStage) apply(fields []string) (result, error) {
	if len(fields) != len(f.plan.Fields()) {
		return result{}, &deid.FieldError{Field: "(record)", Action: "parse",
			Err: fmt.Errorf("%w: %d fields, the header has %d", deid.ErrMalformedRecord, len(fields), len(f.plan.Fields()))}
	}
	f.in = f.in[:0]
	for _, v := range fields {
		f.in = append(f.in, []byte(v))
	}
	// Records of people who withdrew are dropped before any rule reads
	// them, their IDs normalized as the list's were, as the library's
	// transformer does; an ID that normalizes to nothing cannot be
	// checked, so the record is not released.
	if f.excludeAt >= 0 {
		id := deid.NormalizeID(f.in[f.excludeAt])
		if len(id) == 0 {
			return result{}, &deid.FieldError{Field: f.plan.Fields()[f.excludeAt], Action: "exclude", Err: deid.ErrMissingField}
		}
		if f.exclude.Contains(id) {
			return result{outcome: excluded, id: id}, nil
		}
	}
	f.row.Reset()
	res, err := f.a.Apply(&f.row, f.in)
	if err != nil {
		return result{}, err
	}
	if res.Suppressed {
		return result{outcome: suppressed, rule: res.Condition}, nil
	}
	out := make([]string, f.row.Len())
	for i := range out {
		out[i] = string(f.row.Field(i))
	}
	return result{out: out}, nil
}

// quarantineReason describes a record error by field and cause, never by
// value, as the library's quarantine does.
func quarantineReason(err error) string {
	var fe *deid.FieldError
	if errors.As(err, &fe) {
		return fmt.Sprintf("field %q (%s): %v", fe.Field, fe.Action, fe.Err)
	}
	return err.Error()
}

// suppressRuleNames names the policy's suppress rules for the report.
func suppressRuleNames(p *deid.Policy) []string {
	names := make([]string, len(p.Suppress))
	for i, c := range p.Suppress {
		names[i] = c.Name
		if names[i] == "" {
			names[i] = fmt.Sprintf("suppress rule %d (%s)", i, c.Field)
		}
	}
	return names
}
