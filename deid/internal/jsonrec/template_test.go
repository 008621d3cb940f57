package jsonrec

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// sameAsFresh parses line with p and with a new Parser and reports any
// difference in the events or the error.
func sameAsFresh(p *Parser, line []byte) error {
	got, gotErr := p.Parse(line, nil)
	var fresh Parser
	want, wantErr := fresh.Parse(line, nil)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		return fmt.Errorf("Parse(%q) after other lines: error %v, a new Parser: %v", line, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("Parse(%q) after other lines: events\n%s\na new Parser:\n%s", line, dumpEvents(got), dumpEvents(want))
	}
	return nil
}

func dumpEvents(events []Event) string {
	var b bytes.Buffer
	for _, e := range events {
		fmt.Fprintf(&b, "%d %v key=%q raw-key=%q raw=%q str=%q\n", e.Depth, e.Kind, e.Key, e.RawKey, e.Raw, e.Str)
	}
	return b.String()
}

// structure is what SameKeys compares: each event's kind (leaves alike),
// depth and key as written.
func structure(events []Event) string {
	var b bytes.Buffer
	for _, e := range events {
		k := e.Kind
		if e.IsLeaf() {
			k = String
		}
		fmt.Fprintf(&b, "%d %d %q %v\n", k, e.Depth, e.RawKey, e.RawKey == nil)
	}
	return b.String()
}

// relabel returns v with every leaf drawn again: the same objects, keys
// and array lengths, other values.
func relabel(r *rand.Rand, v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = relabel(r, x)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, x := range v {
			a[i] = relabel(r, x)
		}
		return a
	}
	for {
		if x := genValue(r, 5); x != "leaf" { // depth 5: a leaf
			return x
		}
	}
}

// linePair is a generated line, a line of the same structure with other
// values, both with members in key order, and a corruption of the second.
type linePair struct {
	First, Second, Broken []byte
	SameText              bool // both spelled alike but for values: no escapes in keys differ
}

func (lp linePair) String() string {
	return fmt.Sprintf("%s\n%s\n%s", lp.First, lp.Second, lp.Broken)
}

func linePairGen() gopter.Gen {
	return func(params *gopter.GenParameters) *gopter.GenResult {
		r := rand.New(rand.NewSource(params.NextInt64()))
		v := genObject(r, 0)
		spell := func(v any) []byte {
			s := speller{r: r, compact: r.Intn(2) == 0, sorted: true}
			s.value(v)
			return s.b.Bytes()
		}
		lp := linePair{First: spell(v), Second: spell(relabel(r, v))}
		lp.Broken = bytes.Clone(lp.Second)
		if len(lp.Broken) > 0 {
			i := r.Intn(len(lp.Broken))
			switch r.Intn(3) {
			case 0:
				lp.Broken = append(lp.Broken[:i], lp.Broken[i+1:]...)
			case 1:
				lp.Broken[i] = `{}[]",: \\0e-.tx`[r.Intn(16)]
			default:
				lp.Broken = lp.Broken[:i]
			}
		}
		return gopter.NewGenResult(lp, gopter.NoShrinker)
	}
}

// TestPropertyTemplateParseIsTheFullParse checks that a Parser that has
// parsed other lines, and so parses a line of the same structure against
// their template, gives exactly the events and errors of a new Parser, and
// that SameKeys tells lines of the same structure.
func TestPropertyTemplateParseIsTheFullParse(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 2000
	p := gopter.NewProperties(params)
	p.Property("a Parser's history changes nothing in its results", prop.ForAll(func(lp linePair) string {
		var ps Parser
		first, err := ps.Parse(lp.First, nil)
		if err != nil {
			return err.Error()
		}
		first = append([]Event(nil), first...)
		for _, line := range [][]byte{lp.Second, lp.Broken, lp.Second, lp.First, lp.Broken, lp.Broken, lp.First} {
			if err := sameAsFresh(&ps, line); err != nil {
				return err.Error()
			}
		}
		// Second after First: SameKeys tells whether the structure is the
		// same, but for keys with escapes, which never make a template.
		ps.Parse(lp.First, nil)
		second, err := ps.Parse(lp.Second, nil)
		if err != nil {
			return err.Error()
		}
		escapes := bytes.Contains([]byte(structure(first)), []byte(`\\`))
		if want := structure(first) == structure(second) && !escapes; ps.SameKeys() != want {
			return fmt.Sprintf("SameKeys() = %v, want %v", ps.SameKeys(), want)
		}
		return ""
	}, linePairGen()))
	p.TestingRun(t)
}

func TestTemplateParse(t *testing.T) {
	first := `{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{}}`
	tests := []struct {
		line string
		same bool
	}{
		{first, true},
		{`{"id":7,"device":{"model":null,"ip":"x"},"w":"72","tags":[true,"\u00e9"],"r":[{"v":[-1e5,[]]},"s"],"e":{}}`, true},
		{" {\"id\" : 7 ,\t\"device\":{ \"model\":null,\"ip\":\"x\"},\"w\":\"72\",\"tags\":[true,false] ,\"r\":[{\"v\":[1,[ ]]},{}],\"e\":{ }} ", false}, // {} where null was: other structure
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{}}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{}}`, true},
		{` {"id" : 7 ,	"device":{ "model":null,"ip":"x"},"w":"72","tags":[true,false] ,"r":[{"v":[1,[ ]]},null],"e":{ }} `, true},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b","c"],"r":[{"v":[1,[]]},null],"e":{}}`, false},
		{`{"\u0069d":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b","c"],"r":[{"v":[1,[]]},null],"e":{}}`, false},
		{`{"\u0069d":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b","c"],"r":[{"v":[1,[]]},null],"e":{}}`, false}, // escaped keys make no template
	}
	var p Parser
	for i, tc := range tests {
		if err := sameAsFresh(&p, []byte(tc.line)); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if i > 0 && p.SameKeys() != tc.same {
			t.Errorf("line %d: SameKeys() = %v, want %v", i, p.SameKeys(), tc.same)
		}
	}
	// Errors of lines that would follow the template are those of a full
	// parse, at the same column.
	var q Parser
	q.Parse([]byte(first), nil)
	for _, bad := range []string{
		`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{}}x`,
		`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[01,[]]},null],"e":{}}`,
		`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},nul],"e":{}}`,
		`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{}`,
		`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1","ip":"x"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{}}`,
		"{\"id\":\"u-\xff\",\"device\":{\"model\":\"S1\",\"ip\":\"10.0.0.1\"},\"w\":72.4,\"tags\":[\"a\",\"b\"],\"r\":[{\"v\":[1,[]]},null],\"e\":{}}",
		`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"id":2}`,
	} {
		if err := sameAsFresh(&q, []byte(bad)); err != nil {
			t.Error(err)
		}
		if _, err := q.Parse([]byte(bad), nil); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

// TestTemplateSetAside checks that lines of alternating structures stop
// being tried against the template for a while, and that the template is
// tried again after.
func TestTemplateSetAside(t *testing.T) {
	a := []byte(`{"a":1,"b":2,"c":3}`)
	b := []byte(`{"a":1,"b":2}`)
	var p Parser
	sames := 0
	for i := range tryRound + 1 { // the first line makes the template
		line := a
		if i%2 == 1 {
			line = b
		}
		if _, err := p.Parse(line, nil); err != nil {
			t.Fatal(err)
		}
	}
	if p.tmpl.rest != restLines {
		t.Fatalf("after %d alternating lines, template set aside for %d lines, want %d", tryRound, p.tmpl.rest, restLines)
	}
	for range restLines + 1 { // the last line before trying again makes the template
		if _, err := p.Parse(a, nil); err != nil {
			t.Fatal(err)
		}
		if p.SameKeys() {
			sames++
		}
	}
	if sames != 1 {
		t.Errorf("after the rest, %d lines of one structure matched the template, want 1", sames)
	}
}

func FuzzParseAfterLine(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":[1,{"c":"x"}],"d":{}}`), []byte(`{"a":"y","b":[2,{"c":null}],"d":{}}`))
	f.Add([]byte(`{"a":1,"b":[1,{"c":"x"}]}`), []byte(`{"a":"y","b":[2,{"c":nul}]}`))
	f.Add([]byte(`{"a":1,"b":[1,{"c":"x"}]}`), []byte(`{"a":"y","b":[2,{"c":"\ud800"}]} x`))
	f.Add([]byte(`{"a":1}`), []byte(`{"a":{}}`))
	f.Fuzz(func(t *testing.T, first, second []byte) {
		var p, q Parser
		a, errA := q.Parse(first, nil)
		p.Parse(first, nil)
		b, errB := p.Parse(second, nil)
		if p.SameKeys() && (errA != nil || errB != nil || structure(a) != structure(b)) {
			t.Fatalf("SameKeys after %q (%v) and %q (%v)", first, errA, second, errB)
		}
		p.Parse(first, nil)
		for range 2 {
			if err := sameAsFresh(&p, second); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// sameWords is bytes.Equal of the first n bytes, for every n up to 16 and
// a difference at every place, before, within and after them.
func TestSameWords(t *testing.T) {
	a := []byte("0123456789abcdefXYZ")
	for n := 0; n <= 16; n++ {
		for at := -1; at < len(a); at++ {
			b := bytes.Clone(a)
			if at >= 0 {
				b[at] ^= 0x20
			}
			if got, want := sameWords(a, b, n), bytes.Equal(a[:n], b[:n]); got != want {
				t.Errorf("n %d, difference at %d: %v, want %v", n, at, got, want)
			}
		}
	}
}
