package jsonrec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// leavesOf returns the leaves of events, those of line, and their texts,
// as ParseValues gives them.
func leavesOf(events []Event, line []byte) ([]Value, [][]byte) {
	var vals []Value
	var texts [][]byte
	for _, e := range events {
		if e.IsLeaf() {
			at := -1 // where Raw begins in line: leaves' Raw is never empty
			for j := range line {
				if &line[j] == &e.Raw[0] {
					at = j
				}
			}
			vals = append(vals, Value{Kind: e.Kind, At: at, Raw: e.Raw})
			switch e.Kind {
			case String:
				texts = append(texts, e.Str)
			case Null:
				texts = append(texts, nil)
			default:
				texts = append(texts, e.Raw)
			}
		}
	}
	return vals, texts
}

func dumpValues(vals []Value, texts [][]byte) string {
	var b strings.Builder
	for i, v := range vals {
		fmt.Fprintf(&b, "%v at %d raw=%q text=%q nil=%v\n", v.Kind, v.At, v.Raw, texts[i], texts[i] == nil)
	}
	return b.String()
}

// sameValues checks what ParseValues said of line, after a Parser that
// parsed first: if it read line, a new Parser parses line too, with the
// structure of first and the same leaves.
func sameValues(first, line []byte, ok bool, vals []Value, texts [][]byte) error {
	if !ok {
		return nil
	}
	var fresh, q Parser
	want, err := fresh.Parse(line, nil)
	if err != nil {
		return fmt.Errorf("ParseValues(%q) read a line that does not parse: %v", line, err)
	}
	firstEvents, _ := q.Parse(first, nil)
	if structure(firstEvents) != structure(want) {
		return fmt.Errorf("ParseValues(%q) read a line of another structure than %q", line, first)
	}
	if len(texts) != len(vals) {
		return fmt.Errorf("ParseValues(%q): %d values, %d texts", line, len(vals), len(texts))
	}
	if got, want := dumpValues(vals, texts), dumpValues(leavesOf(want, line)); got != want {
		return fmt.Errorf("ParseValues(%q) = %s, the full parse's leaves %s", line, got, want)
	}
	return nil
}

// TestPropertyParseValuesIsTheFullParse checks that ParseValues reads only
// lines that parse, of the template's structure, and gives exactly their
// leaves; and that it does read a good part of the lines of one structure
// written compactly (a ParseValues that always declined would pass the
// rest).
func TestPropertyParseValuesIsTheFullParse(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 3000
	p := gopter.NewProperties(params)
	read := 0
	p.Property("ParseValues reads what Parse reads, alike", prop.ForAll(func(lp linePair) string {
		var ps Parser
		if _, err := ps.Parse(lp.First, nil); err != nil {
			return err.Error()
		}
		var vals []Value
		var texts [][]byte
		for _, line := range [][]byte{lp.Second, lp.Broken, lp.First, lp.Broken, lp.Second} {
			var ok bool
			vals, texts, ok = ps.ParseValues(line, vals, texts)
			if err := sameValues(lp.First, line, ok, vals, texts); err != nil {
				return err.Error()
			}
			if ok != ps.SameKeys() {
				return fmt.Sprintf("ParseValues(%q) = %v, SameKeys() = %v", line, ok, ps.SameKeys())
			}
			if ok {
				read++
			} else if _, err := ps.Parse(line, nil); err == nil && !ps.SameKeys() {
				// Another structure: the template is now this line's.
				return ""
			}
		}
		return ""
	}, linePairGen()))
	p.TestingRun(t)
	t.Logf("ParseValues read %d lines", read)
	if read < 1000 {
		t.Errorf("ParseValues read %d lines of 15,000 generated, want 1,000 at least", read)
	}
}

func TestParseValues(t *testing.T) {
	first := `{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true}`
	tests := []struct {
		line string
		ok   bool
	}{
		{first, true},
		{`{"id":7,"device":{"model":null,"ip":"x"},"w":"72","tags":[true,"\u00e9"],"r":[{"v":[-1e5,[]]},"s"],"e":{},"a_much_longer_key_than_sixteen":false}`, true},
		{` {"id":"é","device":{"model":"","ip":"x\"y"},"w":0,"tags":[false,-0.5],"r":[{"v":[null,[]]},1],"e":{},"a_much_longer_key_than_sixteen":"z"}  `, true},
		// Spacing, other structures, other spellings of a key, broken lines.
		{`{"id":"u-1", "device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true }`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b","c"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},{}],"e":{},"a_much_longer_key_than_sixteen":true}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_kex_than_sixteen":true}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteeN":true}`, false},
		{`{"\u0069d":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[01,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},nul],"e":{},"a_much_longer_key_than_sixteen":true}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":tru}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true}x`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true`, false},
		{"{\"id\":\"u-\xff\",\"device\":{\"model\":\"S1\",\"ip\":\"10.0.0.1\"},\"w\":72.4,\"tags\":[\"a\",\"b\"],\"r\":[{\"v\":[1,[]]},null],\"e\":{},\"a_much_longer_key_than_sixteen\":true}", false},
		{"{\"id\":\"u-\x01\",\"device\":{\"model\":\"S1\",\"ip\":\"10.0.0.1\"},\"w\":72.4,\"tags\":[\"a\",\"b\"],\"r\":[{\"v\":[1,[]]},null],\"e\":{},\"a_much_longer_key_than_sixteen\":true}", false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":true,"id":2}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":{}}`, false},
		{`{"id":"u-1","device":{"model":"S1","ip":"10.0.0.1"},"w":72.4,"tags":["a","b"],"r":[{"v":[1,[]]},null],"e":{},"a_much_longer_key_than_sixteen":"\u12"}`, false},
	}
	var p Parser
	if _, err := p.Parse([]byte(first), nil); err != nil {
		t.Fatal(err)
	}
	for i, tc := range tests {
		vals, texts, ok := p.ParseValues([]byte(tc.line), nil, nil)
		if ok != tc.ok {
			t.Errorf("line %d: ParseValues() reports %v, want %v", i, ok, tc.ok)
		}
		if err := sameValues([]byte(first), []byte(tc.line), ok, vals, texts); err != nil {
			t.Errorf("line %d: %v", i, err)
		}
	}
	// Keys compared word by word: a difference in each word of a gap
	// longer than two words.
	var r Parser
	if _, err := r.Parse([]byte(`{"muscle_mass_kg":1,"a_much_longer_key_than_sixteen":2}`), nil); err != nil {
		t.Fatal(err)
	}
	for i, line := range []string{
		`{"muscleXmass_kg":1,"a_much_longer_key_than_sixteen":2}`,
		`{"muscle_mass_kg":1,"a_much_longer_key_than_Sixteen":2}`,
		`{"muscle_mass_kg":1,"a_much_longer_key_Than_sixteen":2}`,
		`{"muscle_mass_kg":1,"a_mUch_longer_key_than_sixteen":2}`,
	} {
		if _, _, ok := r.ParseValues([]byte(line), nil, nil); ok {
			t.Errorf("word line %d: ParseValues read a line of other keys", i)
		}
	}
	if _, _, ok := r.ParseValues([]byte(`{"muscle_mass_kg":3,"a_much_longer_key_than_sixteen":4}`), nil, nil); !ok {
		t.Error("ParseValues did not read a line of the same keys")
	}
	// No template: nothing read.
	var q Parser
	if _, _, ok := q.ParseValues([]byte(first), nil, nil); ok {
		t.Error("ParseValues read a line with no template")
	}
	if _, err := q.Parse([]byte(`{"\u0069d":1}`), nil); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := q.ParseValues([]byte(`{"\u0069d":1}`), nil, nil); ok {
		t.Error("ParseValues read a line after one with an escape in a key, which makes no template")
	}
}

// TestParseValuesCountsInRounds checks that the lines ParseValues reads
// count in the template's rounds as lines Parse reads against it: when one
// line in ten has another structure, the template is not set aside.
func TestParseValuesCountsInRounds(t *testing.T) {
	a := []byte(`{"a":1,"b":2,"c":3}`)
	b := []byte(`{"a":1,"b":2}`)
	var p Parser
	if _, err := p.Parse(a, nil); err != nil {
		t.Fatal(err)
	}
	read := 0
	for i := range 20 * tryRound {
		line := a
		if i%10 == 9 {
			line = b
		}
		if _, _, ok := p.ParseValues(line, nil, nil); ok {
			read++
			continue
		}
		if _, err := p.Parse(line, nil); err != nil {
			t.Fatal(err)
		}
	}
	if p.tmpl.rest != 0 || read < 15*tryRound {
		t.Errorf("one line in ten of another structure: template set aside for %d lines, %d of %d lines read by ParseValues", p.tmpl.rest, read, 20*tryRound)
	}
}
