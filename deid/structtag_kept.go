package deid

import (
	"fmt"
	"reflect"
)

// keptCheck is the identifier check of a Struct's kept values: the check
// a Transformer makes of every kept value of every record it writes
// (Plan.watch, keptValues, chunkStats.checkKept), on a plan of the type's
// text and integer fields in which the kept ones are kept and every other
// one dropped, so that a field the tags drop or transform, whose name
// reads as an identifier, holds one of the record's own identifiers. A
// kept field of another type (a struct, slice, map or interface) is one
// text field of the plan: the text beneath it, one value a line: strings
// of any named type, keys included, and slices and arrays of bytes or of
// runes (see appendRunes).
//
// A Transformer warns in its report and the programs refuse such a run
// unless told to release kept identifiers; a Struct has no report, so a
// value the check warns about fails Copy with ErrKeptIdentifier unless
// [WithKeptIdentifiers].
type keptCheck struct {
	plan   *Plan
	leaves []*structLeaf // the plan's fields, in order
	walked []bool        // leaves[i] is kept whole, its strings walked
	json   map[string]string
}

// newKeptCheck returns the check of leaves' kept values, or nil if no
// kept value can hold text or an ID.
func newKeptCheck(leaves []*structLeaf) (*keptCheck, error) {
	c := &keptCheck{json: map[string]string{}}
	p := &Policy{Default: Drop}
	kept := false
	for _, l := range leaves {
		scalar := l.kind == leafString || l.kind == leafInt || l.kind == leafUint
		whole := l.action == Keep && (l.kind == leafOther || l.kind == leafStruct)
		if !scalar && !whole {
			continue
		}
		a := Drop
		if l.action == Keep {
			a, kept = Keep, true
		}
		c.leaves = append(c.leaves, l)
		c.walked = append(c.walked, whole)
		c.json[l.path] = l.jsonPath
		p.Fields = append(p.Fields, Rule{Field: l.path, Action: a})
	}
	if !kept {
		return nil, nil
	}
	fields := make([]string, len(c.leaves))
	for i, l := range c.leaves {
		fields[i] = l.path
	}
	pl, err := Compile(p, fields, Keys{})
	if err != nil {
		return nil, err
	}
	c.plan = pl
	return c, nil
}

// keptScratch is the per-call memory of a keptCheck, pooled with the
// Struct's state.
type keptScratch struct {
	buf   []byte
	ends  []int
	in    [][]byte
	kept  keptValues
	stats chunkStats
}

// check returns an error wrapping ErrKeptIdentifier for the first kept
// field of rv whose value the Transformer's check would warn about,
// naming the field and the kind of identifier, never the value.
func (c *keptCheck) check(rv reflect.Value, sc *keptScratch) error {
	sc.buf, sc.ends, sc.in = sc.buf[:0], sc.ends[:0], sc.in[:0]
	for i, l := range c.leaves {
		if c.walked[i] {
			if v, err := rv.FieldByIndexErr(l.index); err == nil {
				w := keptWalk{text: &sc.buf}
				start := len(sc.buf)
				if err := w.walk(v); err != nil {
					return &FieldError{Field: l.jsonPath, Action: string(Keep), Err: err}
				}
				if len(sc.buf) > start {
					sc.buf = append(sc.buf[:start], sc.buf[start+1:]...) // the first newline
				}
			}
		} else if v, ok := l.value(rv); ok {
			sc.buf = l.appendText(sc.buf, v)
		}
		sc.ends = append(sc.ends, len(sc.buf))
	}
	start := 0
	for _, end := range sc.ends {
		sc.in = append(sc.in, sc.buf[start:end:end])
		start = end
	}
	defer func() {
		clear(sc.in)
		clear(sc.buf[:cap(sc.buf)]) // the record's identifiers
		sc.stats.warnings = sc.stats.warnings[:0]
	}()
	for _, w := range c.plan.watch {
		sc.kept.screen(c.plan, w.step, w.dates, sc.in[w.step])
	}
	sc.stats.checkKept(c.plan, &sc.kept, nil, sc.in)
	if len(sc.stats.warnings) == 0 {
		return nil
	}
	w := sc.stats.warnings[0]
	return &FieldError{Field: c.json[w.Field], Action: string(Keep), Err: fmt.Errorf(
		"%w: the value looks like %s; drop or transform the field, or compile with deid.WithKeptIdentifiers() to release it as it is",
		ErrKeptIdentifier, w.Category)}
}
