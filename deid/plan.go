package deid

import (
	"fmt"
	"slices"
	"strings"
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
}

type step struct {
	field  string
	rule   int // index in the policy's Fields, -1 for the default action
	action Action
	t      transform // nil for keep and drop
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
// header, or the dotted paths of a JSON record's values).
//
// Errors name the rule and the field: an unknown action, a missing domain,
// a rule for a field the input lacks, two rules for one field, a keyed
// action without its keyset.
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
// field is optional (JSON records need not all carry every field).
func (b *binding) plan(fields []string, strict bool) (*Plan, error) {
	p := b.policy
	pl := &Plan{b: b, fields: fields, steps: make([]step, len(fields))}
	index := make(map[string]int, len(fields))
	for i, f := range fields {
		if j, dup := index[f]; dup {
			return nil, &PolicyError{Rule: -1, Msg: fmt.Sprintf("input has field %q twice (positions %d and %d)", f, j+1, i+1)}
		}
		index[f] = i
	}
	used := make([]bool, len(p.Fields))
	for i, f := range fields {
		r := ruleFor(p, f)
		st := step{field: f, rule: r, action: p.defaultAction()}
		if r >= 0 {
			used[r] = true
			st.action = p.Fields[r].Action
			t, err := b.transform(r, index, strict)
			if err != nil {
				return nil, err
			}
			st.t = t
		}
		pl.steps[i] = st
		if st.action != Drop {
			pl.outIdx = append(pl.outIdx, i)
			pl.outNames = append(pl.outNames, f)
		}
	}
	if !strict {
		// A JSON value (a scalar or an array) where the policy names paths
		// beneath it: those rules cannot apply, and releasing the value
		// would release what they were meant to hide.
		for _, f := range fields {
			for i := range p.Fields {
				if n := p.Fields[i].Field; len(n) > len(f) && n[len(f)] == '.' && n[:len(f)] == f {
					return nil, &FieldError{Field: f, Action: "parse", Err: fmt.Errorf(
						"%w: a value where the policy has rules beneath it (%q)", ErrUnsupportedType, n)}
				}
			}
		}
	}
	if strict {
		for r, ok := range used {
			if !ok {
				return nil, &PolicyError{Rule: r, Kind: "field rule", Field: p.Fields[r].Field, Msg: "the input has no such field"}
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
	return pl, nil
}

// ruleFor returns the index of the rule for field f: a rule naming f, or
// the rule of the nearest enclosing object path; -1 if none.
func ruleFor(p *Policy, f string) int {
	best, bestLen := -1, -1
	for i := range p.Fields {
		n := p.Fields[i].Field
		if n == f || (len(n) > bestLen && strings.HasPrefix(f, n) && f[len(n)] == '.') {
			if n == f {
				return i
			}
			best, bestLen = i, len(n)
		}
	}
	return best
}
