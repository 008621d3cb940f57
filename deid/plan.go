package deid

import (
	"fmt"
	"slices"
)

// A Plan is a policy compiled against the fields of an input: one step per
// input field, in input order. Applying it does no map look-up and no
// reflection, and allocates nothing in the steady state for the actions that
// do not need to (everything but tokenize, fpe and IPv6 truncation).
//
// A Plan is immutable and safe for concurrent use; each goroutine applies
// it through its own [Applier].
type Plan struct {
	b        *binding
	fields   []string
	steps    []step
	outIdx   []int    // input indexes of released fields, in output order
	outNames []string // their names
	conds    []cond
	segs     []csvSegment // the released columns as CSV output segments
	// reads are the input indexes that conditions and transforms read
	// besides the value they transform (the person of a date shift); a
	// transform that reads another field must add it in plan
	reads []int
	// holdsAt are the released fields of a JSON record at paths where the
	// policy has rules beneath, so that only null may be there
	holdsAt []int
	// idsAt are the input fields read as IDs (pseudonymized or
	// tokenized): a JSON number there must be written as an integer, the
	// form NormalizeID compares, or 1e3 would be another person than 1000
	idsAt []int
	// warnings are those of the fields; watch lists the kept fields whose
	// values a transformer checks, and ownIDs the record's own identifiers
	// looked for in them (warning.go)
	warnings []Warning
	watch    []watch
	ownIDs   []knownField
}

type step struct {
	field  string
	rule   int // index in the policy's Fields, -1 for the default action
	action Action
	t      transform // nil for keep and drop
	// expect: a kept field whose values must be numbers (Rule.Expect),
	// checked where kept values are screened (transform_expect.go)
	expect bool
}

// A transform appends the transformed value of one field to dst. It may
// read other fields of the record through c.in, but only those that
// Plan.reads lists (date_shift reads the person's ID): the direct CSV path
// fills in no others.
type transform interface {
	apply(dst, v []byte, c *applyCtx) ([]byte, error)
}

// Compile validates the policy, binds it to the keys its keyed actions need
// and compiles it against fields, the input's field names in order (a CSV
// header, or the paths of a JSON record's values).
//
// Errors name the rule and the field: an unknown action, a missing domain,
// a rule for a field the input lacks, two rules for one field, a keyed
// action without its keyset. Field names that look like values are
// [ErrHeaderLooksLikeData], which names them by position only.
func Compile(p *Policy, fields []string, keys Keys) (*Plan, error) {
	b, err := bind(p, keys)
	if err != nil {
		return nil, err
	}
	return b.plan(fields, true)
}

// Fields returns the input field names the plan was compiled against.
func (pl *Plan) Fields() []string { return pl.fields }

// OutputFields returns the names of the fields the plan releases, in output
// order (the input order, without dropped fields).
func (pl *Plan) OutputFields() []string { return pl.outNames }

// Policy returns the compiled policy.
func (pl *Plan) Policy() *Policy { return pl.b.policy }

// ActionOf returns the action applied to input field i.
func (pl *Plan) ActionOf(i int) Action { return pl.steps[i].action }

// plan compiles the bound policy against fields. With strict set, a rule
// naming a field the input lacks is an error (a CSV header); without it the
// field is optional (JSON records need not all carry every field), and
// fields are the paths of one record's values, in which the path of an
// array's elements comes once per element.
func (b *binding) plan(fields []string, strict bool) (*Plan, error) {
	p := b.policy
	if err := b.checkNames(fields, strict); err != nil {
		return nil, err
	}
	pl := &Plan{b: b, fields: fields, steps: make([]step, len(fields))}
	index := make(map[string]int, len(fields))
	for i, f := range fields {
		if !strict && throughArray(f) {
			continue // many values; no condition or person may name it
		}
		if j, dup := index[f]; dup {
			return nil, &PolicyError{Rule: -1, Msg: fmt.Sprintf("input has field %q twice (positions %d and %d)", f, j+1, i+1)}
		}
		index[f] = i
	}
	used := make([]bool, len(p.Fields))
	for i, f := range fields {
		st, err := b.step(f, index, strict)
		if err != nil {
			return nil, err
		}
		if st.rule >= 0 {
			used[st.rule] = true
		}
		pl.steps[i] = st
		if st.action == Drop {
			continue
		}
		pl.outIdx = append(pl.outIdx, i)
		pl.outNames = append(pl.outNames, f)
		if _, ok := b.holds[f]; ok && !strict {
			pl.holdsAt = append(pl.holdsAt, i)
		}
		if st.action == Pseudonymize || st.action == Tokenize {
			pl.idsAt = append(pl.idsAt, i)
		}
	}
	if strict {
		for r, ok := range used {
			if !ok {
				return nil, &PolicyError{Rule: r, Kind: "field rule", Field: p.Fields[r].Field, Msg: "the input has no such field" + nearFields(p.Fields[r].Field, index)}
			}
		}
	}
	pl.segs = pl.csvSegments()
	for k := range p.Suppress {
		c, err := b.cond(k, index, strict)
		if err != nil {
			return nil, err
		}
		pl.conds = append(pl.conds, c)
		if c.idx >= 0 {
			pl.reads = append(pl.reads, c.idx)
		}
	}
	for _, st := range pl.steps {
		if ds, ok := st.t.(*dateShift); ok && ds.personIdx >= 0 {
			pl.reads = append(pl.reads, ds.personIdx)
		}
	}
	if err := pl.bindKnown(strict); err != nil { // record-aware scrubbing: scrub_known.go
		return nil, err
	}
	slices.Sort(pl.reads)
	pl.reads = slices.Compact(pl.reads)
	pl.planWarnings()
	return pl, nil
}

// step resolves the rule of field f: the rule naming f, or the rule naming
// a path that encloses f, which must be drop. A rule names one value, and
// only dropping it may take whatever that value holds: a rule that keeps
// or transforms a single value and meets an object or an array there (a
// record of another shape than the policy was written for) is an error,
// never a release of what the object holds. In a JSON record (!strict) the
// objects and arrays that f goes through must also be those the policy
// has rules inside, unless f is dropped.
func (b *binding) step(f string, index map[string]int, strict bool) (step, error) {
	p := b.policy
	st := step{field: f, rule: -1, action: p.defaultAction()}
	if r, ok := b.rules[f]; ok {
		st.rule, st.action = r, p.Fields[r].Action
		st.expect = p.Fields[r].Expect == ExpectNumber
		t, err := b.transform(r, index, strict)
		st.t = t
		return st, err
	}
	var err error
	forEnclosing(f, func(enc string, kind byte) bool {
		r, ok := b.rules[enc]
		if !ok {
			return true
		}
		rule := &p.Fields[r]
		st.rule, st.action = r, rule.Action
		switch {
		case rule.Action == Drop:
		case strict:
			err = &PolicyError{Rule: r, Kind: "field rule", Field: rule.Field,
				Msg: fmt.Sprintf("the input's field %q is beneath it, and only drop applies to what a path encloses", f)}
		default:
			err = &FieldError{Field: rule.Field, Action: string(rule.Action),
				Err: fmt.Errorf("%w: %s where the rule takes a single value", ErrShape, containerName(kind))}
		}
		return false
	})
	if err == nil && st.rule < 0 && st.action == Keep {
		err = b.spelledLikeRule(f, strict)
	}
	if err != nil || st.action == Drop || strict {
		return st, err
	}
	forEnclosing(f, func(enc string, kind byte) bool {
		if want, ok := b.holds[enc]; ok && want != kind {
			err = &FieldError{Field: enc, Action: string(st.action),
				Err: fmt.Errorf("%w: %s where the policy has rules inside %s", ErrShape, containerName(kind), containerName(want))}
			return false
		}
		return true
	})
	return st, err
}

// holdsError is the error of a record whose value at the path of step i is
// a single value (not null) where the policy has rules inside an object or
// array.
func (pl *Plan) holdsError(i int) error {
	st := &pl.steps[i]
	return &FieldError{Field: st.field, Action: string(st.action),
		Err: fmt.Errorf("%w: a single value where the policy has rules beneath it, inside %s", ErrShape, containerName(pl.b.holds[st.field]))}
}
