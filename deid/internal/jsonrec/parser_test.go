package jsonrec

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseAgreesWithEncodingJSON(t *testing.T) {
	big := strings.Repeat("é\\n\\\"x", 300_000) // over 1 MB
	tests := []string{
		`{}`,
		` { } `,
		`{"a":1}`,
		`{"a":1,"b":"x","c":true,"d":false,"e":null,"f":[1,"2",{"g":3}],"h":{"i":{"j":-0.5e+10}}}`,
		"{\t\"a\" :\r\n 1 , \"b\":[ ] ,\"c\":{ }}",
		`{"esc":"\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00"}`,
		`{"lone":"\ud800"}`,
		`{"low":"\udc00x"}`,
		`{"pair then lone":"\ud83d\ude00\ud83d"}`,
		`{"bad pair":"\ud83d\u0041"}`,
		`{"escaped backslash":"\\ud800"}`,
		`{"two pairs":"\ud83d\ude00\udbff\udfff"}`,
		`{"\u0061":1,"b":2}`,
		`{"unicode":"日本語 😀 Zürich","emoji key 😀":1}`,
		`{"u2028":"a` + "\u2028" + `b"}`,
		`{"n":0,"n1":-0,"n2":12.5,"n3":1e5,"n4":1E-5,"n5":-12.50e+00,"big":123456789012345678901234567890}`,
		`{"a":{"a":{"a":1}},"b":{"a":1}}`,
		`{"arr":[[[[]]],{"x":[{"y":null}]}]}`,
		`{"big":"` + big + `"}`,
		// Rejected.
		``,
		`   `,
		`[]`,
		`"string"`,
		`1`,
		`null`,
		`{`,
		`{"a"}`,
		`{"a":}`,
		`{"a":1,}`,
		`{"a":1 "b":2}`,
		`{a:1}`,
		`{'a':1}`,
		`{"a":1}x`,
		`{"a":1}{"b":2}`,
		`{"a":01}`,
		`{"a":1.}`,
		`{"a":.5}`,
		`{"a":-}`,
		`{"a":+1}`,
		`{"a":1e}`,
		`{"a":1e+}`,
		`{"a":NaN}`,
		`{"a":Infinity}`,
		`{"a":tru}`,
		`{"a":nul}`,
		`{"a":"\x"}`,
		`{"a":"\u12"}`,
		`{"a":"\u12g4"}`,
		`{"a":"` + "\x01" + `"}`,
		`{"a":"` + "\t" + `"}`,
		`{"a":"` + "\xff" + `"}`,
		`{"a":"` + "\xed\xa0\x80" + `"}`,
		`{"a":"` + "\xc0\xaf" + `"}`,
		`{"` + "\xe9" + `":1}`,
		`{"a":"unterminated}`,
		`{"a":[1,2}`,
		`{"a":[1,]}`,
		`{"a":1,"a":2}`,
		`{"a":1,"\u0061":2}`,
		`{"x":{"a":1,"b":{},"a":2}}`,
		`{"x":[{"a":1,"a":2}]}`,
		`{"a":1} // comment`,
		"\xef\xbb\xbf{}",
	}
	for _, line := range tests {
		name := line
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			if err := checkLine([]byte(line)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		line   string
		cause  error
		column int
	}{
		{`[1]`, ErrNotObject, 1},
		{`  7`, ErrNotObject, 3},
		{`{"a":1,"a":2}`, ErrDuplicateKey, 8},
		{`{"k":{"x":1,"\u0078":2}}`, ErrDuplicateKey, 13},
		{`{"a":"` + "\xff" + `"}`, ErrUTF8, 7},
		{`{"a":"\ud800"}`, ErrUTF8, 7},
		{`{"a":"\udc00x"}`, ErrUTF8, 7},
		{`{"a":"\ud83d\u0041"}`, ErrUTF8, 7},
		{`{"a":"\ud83d\ud83d\ude00"}`, ErrUTF8, 7},
		{`{"a":"x\ud83d\ude00\ud83d"}`, ErrUTF8, 20},
		{`{"a":"\ud83d\\ude00"}`, ErrUTF8, 7},
		{`{"a":"\ud83dx\ude00"}`, ErrUTF8, 7},
		{`{"\udfff":1}`, ErrUTF8, 3},
		{`{"a":"\uDBFF\uDFFF\u00e9"}`, nil, 0},
		{`{"a":01}`, ErrSyntax, 7},
		{`{"a":"\q"}`, ErrSyntax, 7},
		{`{"a":1} x`, ErrSyntax, 9},
		{strings.Repeat(`{"a":`, 64) + "1" + strings.Repeat("}", 64), nil, 0},
		{strings.Repeat(`{"a":`, 65) + "1" + strings.Repeat("}", 65), ErrDepth, 64*5 + 1},
		{`{"a":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + "}", nil, 0},
		{`{"a":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + "}", ErrDepth, 6 + 63},
	}
	for _, tt := range tests {
		var p Parser
		_, err := p.Parse([]byte(tt.line), nil)
		if tt.cause == nil {
			if err != nil {
				t.Errorf("Parse(%.30q...) = %v, want success", tt.line, err)
			}
			continue
		}
		var se *SyntaxError
		if !errors.Is(err, tt.cause) || !errors.As(err, &se) || se.Column != tt.column {
			t.Errorf("Parse(%.30q) = %v, want %v at column %d", tt.line, err, tt.cause, tt.column)
		}
	}
}

func TestErrorsHoldNoValues(t *testing.T) {
	const secret = "alice@example.com"
	for _, line := range []string{
		`{"email":"` + secret + `\q"}`,
		`{"email":"` + secret + "\x01" + `"}`,
		`{"email":"` + secret + `","email":"` + secret + `"}`,
		`{"email":"` + secret + `"} ` + secret,
		`{"email":` + secret + `}`,
		`{"email":"` + secret + `\ud800"}`,
	} {
		var p Parser
		_, err := p.Parse([]byte(line), nil)
		if err == nil || strings.Contains(err.Error(), "alice") || strings.Contains(err.Error(), "example") {
			t.Errorf("Parse(%q) error %v: want an error without the value", line, err)
		}
	}
}

func TestMaxDepthOption(t *testing.T) {
	p := Parser{MaxDepth: 2}
	if _, err := p.Parse([]byte(`{"a":{"b":1}}`), nil); err != nil {
		t.Errorf("depth 2: %v", err)
	}
	if _, err := p.Parse([]byte(`{"a":{"b":{}}}`), nil); !errors.Is(err, ErrDepth) {
		t.Errorf("depth 3: %v, want ErrDepth", err)
	}
	if _, err := p.Parse([]byte(`{"a":[[]]}`), nil); !errors.Is(err, ErrDepth) {
		t.Errorf("depth 3 with arrays: %v, want ErrDepth", err)
	}
}

func TestEvents(t *testing.T) {
	line := `{"id":"u-1","device":{"model":"S\u00e9rie 2","ip":"10.0.0.1"},"w":72.40,"tags":["a", "b"],"ok":true,"x":null,"r":[{"v":[1,[]]},null]}`
	var p Parser
	events, err := p.Parse([]byte(line), nil)
	if err != nil {
		t.Fatal(err)
	}
	var path Path
	var got []string
	for _, e := range events {
		s := fmt.Sprintf("%d %v %s %s raw=%s", e.Depth, e.Kind, path.Visit(&e), e.RawKey, e.Raw)
		if e.Kind == String {
			s += " str=" + string(e.Str)
		}
		got = append(got, s)
	}
	want := []string{
		"0 begin-object   raw=",
		`1 string id "id" raw="u-1" str=u-1`,
		`1 begin-object device "device" raw=`,
		`2 string device.model "model" raw="S\u00e9rie 2" str=Série 2`,
		`2 string device.ip "ip" raw="10.0.0.1" str=10.0.0.1`,
		`1 end-object device "device" raw=`,
		`1 number w "w" raw=72.40`,
		`1 begin-array tags[] "tags" raw=`,
		`2 string tags[]  raw="a" str=a`,
		`2 string tags[]  raw="b" str=b`,
		`1 end-array tags[] "tags" raw=`,
		`1 true ok "ok" raw=true`,
		`1 null x "x" raw=null`,
		`1 begin-array r[] "r" raw=`,
		`2 begin-object r[]  raw=`,
		`3 begin-array r[].v[] "v" raw=`,
		`4 number r[].v[]  raw=1`,
		`4 begin-array r[].v[][]  raw=`,
		`4 end-array r[].v[][]  raw=`,
		`3 end-array r[].v[] "v" raw=`,
		`2 end-object r[]  raw=`,
		`2 null r[]  raw=null`,
		`1 end-array r[] "r" raw=`,
		"0 end-object   raw=",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseAppendsAndKeepsEventsOnError(t *testing.T) {
	var p Parser
	events, err := p.Parse([]byte(`{"a":1}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := len(events)
	events, err = p.Parse([]byte(`{"b":2}`), events)
	if err != nil || len(events) != 2*n {
		t.Fatalf("second Parse: %d events, %v; want %d appended", len(events), err, n)
	}
	events, err = p.Parse([]byte(`{"c":3,"c":4}`), events)
	if err == nil || len(events) != 2*n {
		t.Fatalf("failed Parse left %d events, want %d", len(events), 2*n)
	}
}

func TestZeroAllocs(t *testing.T) {
	line := []byte(`{"user_id":"u-1000007","email":"ann.smith@example.com","note":"said \"hi\"\nbye","device":{"model":"S1","ip":"10.1.2.3"},"weight_kg":72.4,"tags":[1,2,{"a":"b"}],"ok":true}`)
	var p Parser
	var w Writer
	var path Path
	events := make([]Event, 0, 64)
	out := make([]byte, 0, 1024)
	run := func() {
		var err error
		events, err = p.Parse(line, events[:0])
		if err != nil {
			t.Fatal(err)
		}
		w.Reset(out[:0])
		for i := range events {
			path.Visit(&events[i])
		}
		emit(&w, events, true)
		out = w.Bytes()
	}
	run()
	if allocs := testing.AllocsPerRun(100, run); allocs != 0 {
		t.Errorf("parse, path and re-emit allocate %.1f times per line, want 0", allocs)
	}
}

func TestIsNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "12", "1.5", "-1.5e10", "2E-3", "1e+9"} {
		if !IsNumber([]byte(s)) {
			t.Errorf("%q is a number", s)
		}
	}
	for _, s := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1 ", "0x1", "NaN", "1,5"} {
		if IsNumber([]byte(s)) {
			t.Errorf("%q is not a number", s)
		}
	}
}

// Large objects check duplicates with a map (linear time: pairwise, 160k
// keys took 8 s); see BenchmarkManyKeys for the cost per key.
func TestManyKeys(t *testing.T) {
	// withDup repeats the key k7 at the end of obj.
	withDup := func(obj []byte) []byte { return append(obj[:len(obj)-1], `,"k7":0}`...) }
	var p Parser
	if _, err := p.Parse(withDup(manyKeys(40)), nil); !errors.Is(err, ErrDuplicateKey) {
		t.Fatalf("duplicate after the switch to a map: %v", err)
	}
	if _, err := p.Parse(withDup(manyKeys(200_000)), nil); !errors.Is(err, ErrDuplicateKey) {
		t.Fatalf("duplicate in a large object: %v", err)
	}
	ev, err := p.Parse(manyKeys(200_000), nil)
	if err != nil || len(ev) != 200_002 {
		t.Fatalf("%d events, %v", len(ev), err)
	}
}

func manyKeys(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":%d`, i, i)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// BenchmarkManyKeys: ns/op per key should stay flat from 1k to 100k keys.
//
//	go test ./deid/internal/jsonrec -run '^$' -bench ManyKeys
func BenchmarkManyKeys(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		line := manyKeys(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var p Parser
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				if _, err := p.Parse(line, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestPlainEnd(t *testing.T) {
	slow := func(d []byte, i int) int {
		for i < len(d) && plain[d[i]] {
			i++
		}
		return i
	}
	// Every byte value at every place of a word, after plain bytes or after
	// another byte that is not plain.
	for c := range 256 {
		for at := range 20 {
			for _, fill := range []byte{'a', 0x7f, ' ', '"'} {
				d := bytes.Repeat([]byte{'x'}, 24)
				d[at] = byte(c)
				if at > 0 {
					d[at-1] = fill
				}
				for from := range 3 {
					if got, want := plainEnd(d, from), slow(d, from); got != want {
						t.Fatalf("plainEnd(%q, %d) = %d, want %d", d, from, got, want)
					}
				}
			}
		}
	}
}

// emit writes events to w, copied as they were read or, with
// replaceStrings, each string re-escaped from its unescaped value: the
// round trip the transformer makes.
func emit(w *Writer, events []Event, replaceStrings bool) {
	for _, e := range events {
		switch {
		case e.Opens():
			w.Begin(e)
		case e.Closes():
			w.End()
		case replaceStrings && e.Kind == String:
			w.ReplaceString(e, e.Str)
		default:
			w.Copy(e)
		}
	}
}
