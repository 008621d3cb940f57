package deid

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// A worker reuses what it worked out for a line (leaves, paths, shape, the
// bytes between the output's values) for the next line when its keys are
// the same, written the same way. These tests check that a record's output
// never depends on the lines before it.

// relabelLeaves returns v with its scalars drawn again: the same objects,
// keys and array lengths.
func relabelLeaves(r *rand.Rand, v any, n *int) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = relabelLeaves(r, x, n)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, x := range v {
			a[i] = relabelLeaves(r, x, n)
		}
		return a
	}
	*n++
	switch r.Intn(5) {
	case 0:
		return json.Number(fmt.Sprint(r.Intn(1000)))
	case 1:
		return []any{nil, true, false}[r.Intn(3)]
	}
	return fmt.Sprintf("v%dq", *n)
}

// sequenceOf turns the lines of c.Input into runs of lines of the same
// keys with other values, some spelled with an escaped key, extra spaces,
// or broken.
func sequenceOf(r *rand.Rand, c nestedCase) []byte {
	var out bytes.Buffer
	n := 0
	for line := range bytes.Lines(c.Input) {
		var v any
		if json.Unmarshal(line, &v) != nil {
			continue
		}
		for range 1 + r.Intn(4) {
			b, _ := json.Marshal(relabelLeaves(r, v, &n)) // keys sorted: the same order each time
			switch r.Intn(8) {
			case 0:
				b = bytes.Replace(b, []byte(`"a":`), []byte(`"\u0061":`), 1)
			case 1:
				b = bytes.ReplaceAll(b, []byte(`,"`), []byte(` , "`))
			case 2:
				b = b[:r.Intn(len(b))]
			}
			out.Write(b)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

func TestNDJSONRecordsIndependentOfLinesBeforeProperty(t *testing.T) {
	keys := testKeys(t)
	props := properties()
	cases := nestedCaseGen()
	props.Property("each record's output is that of the record alone", prop.ForAll(func(seed int64) string {
		r := rand.New(rand.NewSource(seed))
		c := cases(gopter.DefaultGenParameters().CloneWithSeed(seed)).Result.(nestedCase)
		in := sequenceOf(r, c)
		return checkLineByLine(c.Policy, keys, in)
	}, gopter.Gen(func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(p.NextInt64(), gopter.NoShrinker)
	})))
	props.TestingRun(t)
}

// checkLineByLine runs p over in with one worker and over each line of in
// alone, and reports any difference in the output.
func checkLineByLine(p *Policy, keys Keys, in []byte) string {
	tr, err := NewTransformer(p, keys, Options{Input: NDJSON, Workers: 1, Quarantine: &bytes.Buffer{}, AllowKeptIdentifiers: true})
	if err != nil {
		return err.Error()
	}
	var all, each bytes.Buffer
	if _, err := tr.Run(context.Background(), bytes.NewReader(in), &all); err != nil {
		return err.Error()
	}
	for line := range bytes.Lines(in) {
		if _, err := tr.Run(context.Background(), bytes.NewReader(line), &each); err != nil {
			return err.Error()
		}
	}
	if !bytes.Equal(all.Bytes(), each.Bytes()) {
		return fmt.Sprintf("input\n%s\noutput\n%s\nline by line\n%s", in, all.Bytes(), each.Bytes())
	}
	return ""
}

func TestNDJSONRecordsIndependentOfLinesBefore(t *testing.T) {
	p := &Policy{Default: Keep, Fields: []Rule{
		{Field: "a.b", Action: Drop},
		{Field: "u", Action: Pseudonymize, Domain: "d"},
		{Field: "r[].x", Action: Drop},
		{Field: "n", Action: Redact, Token: "[R]"},
	}}
	lines := []string{
		`{"u":"1","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2}],"n":5}`,
		`{"u":"2","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2}],"n":null}`,
		`{"u":"3","a.b":"flat","a":{"c":"k"},"r":[{"x":1,"y":2}],"n":5}`, // a.b twice: an error
		`{"u":"4","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2}],"n":"6"}`,
		`{"u":"5","a.b":"flat","r":[{"x":1,"y":2}],"n":5}`, // the paths of the first line, other structure
		`{"u":"6","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2}],"n":5}`,
		`{"\u0075":"7","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2}],"n":5}`,
		`{"\u0075":"8","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2}],"n":5}`,
		`{"u":"9","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2},{"x":3}],"n":5}`,
		`{"u":"10","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2},{"x":3}],"n":5}`,
		`{"u":"11","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2},{"x":3}],"n":5`,
		`{"u":"12","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2},{"x":3}],"n":5}`,
		`{"u":{"v":1},"a":{"b":"s","c":"k"},"r":[{"x":1,"y":2},{"x":3}],"n":5}`,
		`{"u":"14","a":{"b":"s","c":"k"},"r":[{"x":1,"y":2},{"x":3}],"n":5}`,
	}
	in := []byte(strings.Join(lines, "\n") + "\n")
	if msg := checkLineByLine(p, testKeys(t), in); msg != "" {
		t.Error(msg)
	}
}

// TestNDJSONValuesOnlyAfterUnwrittenLines checks the lines read for their
// values only (the keys of the line before, written compactly) when the
// lines of those keys before them were not written (excluded): the bytes
// between the output's values must come from a line of these keys, not
// from the events of a line long gone, whose chunk buffer was reused by
// then (one line a chunk, one worker, four chunk buffers).
func TestNDJSONValuesOnlyAfterUnwrittenLines(t *testing.T) {
	var lines, want []string
	var excluded []string
	for i := range 40 {
		id := fmt.Sprint(1000 + i)
		v := strings.Repeat("x", i%7)
		lines = append(lines, fmt.Sprintf(`{"user_id":%q,"pad":"%s","a":{"b":%d,"kept":"k%s"}}`, id, v, i%10, v))
		if i < 12 {
			excluded = append(excluded, id)
			continue
		}
		want = append(want, fmt.Sprintf(`{"user_id":%q,"pad":"%s","a":{"kept":"k%s"}}`, id, v, v))
	}
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "a.b", Action: Drop}}}
	tr, err := NewTransformer(p, Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Workers: 1, ChunkSize: 64,
		Exclude: NewIDSet(excluded), ExcludeField: "user_id"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := tr.Run(context.Background(), strings.NewReader(strings.Join(lines, "\n")+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != strings.Join(want, "\n") {
		t.Errorf("output\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

// TestNDJSONKeptRunsCopied checks the runs of kept values that a line
// written compactly has copied from it in one piece: next members and
// next elements join a run; a dropped value, an empty object or array
// between two kept values, or the end of a container ends it.
func TestNDJSONKeptRunsCopied(t *testing.T) {
	p := &Policy{Default: Keep, Fields: []Rule{
		{Field: "d", Action: Drop},
		{Field: "o.d", Action: Drop},
		{Field: "u", Action: Pseudonymize, Domain: "d"},
	}}
	shapes := []string{
		`{"u":"%d","a":%q,"b":%d,"c":null,"d":1,"e":true,"o":{"x":%q,"d":2,"y":[%d,%q,{}],"z":{}},"w":%q,"e2":{},"f":%d}`,
		`{"a":%q,"u":"%d","b":[[%d],[%q]],"c":{"x":{"y":%q}},"d":%d,"z":%q}`,
		`{"a":[%q,%d,%q],"b":[],"c":%d}`,
	}
	vals := []string{"", "x", "é", `q"t`, "\\", "\u2028", "long value of some length"}
	var in bytes.Buffer
	for k, shape := range shapes {
		for i := range 12 {
			var args []any
			for j, verb := range strings.Split(shape, "%")[1:] {
				if verb[0] == 'q' {
					args = append(args, vals[(i+j+k)%len(vals)])
				} else {
					args = append(args, i*j-7)
				}
			}
			line := fmt.Sprintf(shape, args...)
			in.WriteString(line)
			in.WriteByte('\n')
		}
	}
	var obj map[string]json.RawMessage
	for line := range bytes.Lines(in.Bytes()) {
		if json.Unmarshal(line, &obj) != nil {
			t.Fatalf("not a JSON line: %s", line)
		}
	}
	if msg := checkLineByLine(p, testKeys(t), in.Bytes()); msg != "" {
		t.Error(msg)
	}
}
