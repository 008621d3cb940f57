package deid

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// properties are deid's gopter properties: 100 successful tests, 20 under
// the race detector, which checks the concurrent code, not the input space.
func properties() *gopter.Properties { return testenv.Properties(testenv.ForRace(100)) }

// hiddenActions must never let the input value through.
var hiddenActions = []Action{Drop, Redact, Pseudonymize, Tokenize}

// A generated policy case: per field an action, per record a value.
type leakCase struct {
	actions []Action
	records [][]string
}

func leakCaseGen() gopter.Gen {
	actionGen := gen.OneConstOf(Keep, Drop, Redact, Pseudonymize, Tokenize, Mask)
	return gen.IntRange(1, 8).FlatMap(func(n any) gopter.Gen {
		nf := n.(int)
		return gopter.CombineGens(
			gen.SliceOfN(nf, actionGen),
			gen.SliceOf(gen.SliceOfN(nf, testenv.OneOf(gen.AnyString(), gen.Identifier(), gen.NumString()))),
		).Map(func(v []any) leakCase {
			c := leakCase{actions: v[0].([]Action)}
			for r, rec := range v[1].([][]string) {
				row := make([]string, nf)
				for i, x := range rec {
					// A marker makes each value unique, so a value found in
					// the output can only have come from its own field.
					row[i] = fmt.Sprintf("\x01v%d.%d:%s", r, i, x)
				}
				c.records = append(c.records, row)
			}
			return c
		})
	}, reflect.TypeOf(leakCase{}))
}

func TestNoLeakProperty(t *testing.T) {
	keys := testKeys(t)
	props := properties()
	props.Property("no dropped, redacted, pseudonymized or tokenized value appears in the output", prop.ForAll(func(c leakCase) string {
		p := &Policy{Default: Keep}
		fields := make([]string, len(c.actions))
		for i, a := range c.actions {
			fields[i] = fmt.Sprintf("f%d", i)
			r := Rule{Field: fields[i], Action: a}
			switch a {
			case Pseudonymize:
				r.Domain = "d"
			case Tokenize:
				r.Context = "c"
			case Mask:
				r.KeepFirst = 1
			}
			p.Fields = append(p.Fields, r)
		}
		pl, err := Compile(p, fields, keys)
		if err != nil {
			return err.Error()
		}
		a := pl.NewApplier(AllowKeptIdentifiers())
		var out Row
		for _, rec := range c.records {
			out.Reset()
			if _, err := a.Apply(&out, bytesOf(rec)); err != nil {
				if errors.Is(err, ErrMalformedID) {
					continue // an ID with a control character inside: refused, not released
				}
				return err.Error()
			}
			all := bytes.Join(fieldsOf(&out), []byte{0})
			for i, act := range c.actions {
				hidden := false
				for _, h := range hiddenActions {
					hidden = hidden || act == h
				}
				if hidden && bytes.Contains(all, []byte(rec[i])) {
					return fmt.Sprintf("value of field %d (%s) leaked", i, act)
				}
				if act == Mask && bytes.Contains(all, []byte(rec[i])) {
					return fmt.Sprintf("masked value of field %d leaked", i)
				}
			}
			if out.Len() != len(pl.OutputFields()) {
				return "wrong number of output fields"
			}
		}
		return ""
	}, leakCaseGen()))
	props.TestingRun(t)
}

func fieldsOf(r *Row) [][]byte {
	fs := make([][]byte, r.Len())
	for i := range fs {
		fs[i] = r.Field(i)
	}
	return fs
}

// A date shift moves all of a person's dates by the same offset, within
// the bound: their order and the gaps between them are kept.
func TestDateShiftProperty(t *testing.T) {
	keys := testKeys(t)
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "when", Action: DateShift, Person: "who", MaxDays: 45}}}
	pl, err := Compile(p, []string{"who", "when"}, keys)
	if err != nil {
		t.Fatal(err)
	}
	type event struct {
		person int
		day    int // days since 1970
		ts     bool
	}
	eventGen := gopter.CombineGens(gen.IntRange(0, 5), gen.IntRange(-25000, 25000), gen.Bool()).Map(func(v []any) event {
		return event{v[0].(int), v[1].(int), v[2].(bool)}
	})
	props := properties()
	props.Property("per person: one offset within ±max_days; order and gaps kept", prop.ForAll(func(evs []event) string {
		a := pl.NewApplier()
		offset := map[int]int{}
		for _, e := range evs {
			in := civilFromDays(e.day).appendTo(nil)
			if e.ts {
				in = append(in, "T08:30:00+01:00"...)
			}
			var out Row
			if _, err := a.Apply(&out, [][]byte{[]byte(fmt.Sprintf("person-%d", e.person)), in}); err != nil {
				return err.Error()
			}
			got := out.Field(1)
			d, err := parseDate(got)
			if err != nil {
				return fmt.Sprintf("output %q is not a date", got)
			}
			if e.ts && !bytes.HasSuffix(got, []byte("T08:30:00+01:00")) {
				return "time of day not kept"
			}
			off := d.days() - e.day
			if off < -45 || off > 45 {
				return fmt.Sprintf("offset %d beyond 45 days", off)
			}
			if prev, ok := offset[e.person]; ok && prev != off {
				return fmt.Sprintf("person %d shifted by %d and %d", e.person, prev, off)
			}
			offset[e.person] = off
		}
		return ""
	}, gen.SliceOf(eventGen)))
	props.TestingRun(t)
}

// days and civilFromDays are inverse over the whole 4-digit year range,
// leap days included.
func TestCivilDays(t *testing.T) {
	for z := (civil{1, 1, 1}).days(); z <= (civil{9999, 12, 31}).days(); z++ {
		c := civilFromDays(z)
		if c.days() != z || c.d > daysIn(c.y, c.m) {
			t.Fatalf("day %d -> %+v -> %d", z, c, c.days())
		}
		if z%97 != 0 && c.y > 3 && c.y < 9990 {
			z += 96 // sample the range; the leap-year edges are below
		}
	}
	for _, c := range []civil{{2000, 2, 29}, {1900, 3, 1}, {2024, 2, 29}, {1970, 1, 1}, {1969, 12, 31}} {
		if got := civilFromDays(c.days()); got != c {
			t.Errorf("%+v -> %+v", c, got)
		}
	}
	if (civil{1970, 1, 1}).days() != 0 || (civil{2000, 3, 1}).days()-(civil{2000, 2, 28}).days() != 2 {
		t.Fatal("day numbers off")
	}
}
