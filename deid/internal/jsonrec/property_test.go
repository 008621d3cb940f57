package jsonrec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// doc is a generated JSON object and one of its many spellings.
type doc struct {
	Value   any    // map[string]any with json.Number numbers
	Text    []byte // a spelling of Value, with random spaces and escapes
	Compact bool   // Text has no whitespace between tokens
}

func (d doc) String() string { return string(d.Text) }

var (
	keyPool    = []string{"a", "b", "user_id", "device", "model", "é", "日本", "we\"ird", "back\\slash", "tab\t", "", "😀", "a.b", "\u2028"}
	stringPool = []string{"", "x", "alice@example.com", "say \"hi\"", "line\nbreak", "tab\tand\\", "\u0001ctl", "Zürich", "日本語", "😀 ok", "\u007f", "</script>", "\u2029"}
	numberPool = []string{"0", "-0", "1", "-17", "72.4", "72.40", "1e5", "1E-5", "-12.50e+00", "123456789012345678901234567890", "0.000001"}
)

func genValue(r *rand.Rand, depth int) any {
	switch n := r.Intn(10); {
	case n < 3:
		return stringPool[r.Intn(len(stringPool))]
	case n < 5:
		return json.Number(numberPool[r.Intn(len(numberPool))])
	case n == 5:
		return r.Intn(2) == 0
	case n == 6:
		return nil
	case n == 7 && depth < 4:
		arr := make([]any, r.Intn(4))
		for i := range arr {
			arr[i] = genValue(r, depth+1)
		}
		return arr
	case depth < 4:
		return genObject(r, depth+1)
	}
	return "leaf"
}

func genObject(r *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for range r.Intn(6) {
		m[keyPool[r.Intn(len(keyPool))]] = genValue(r, depth)
	}
	return m
}

type speller struct {
	r       *rand.Rand
	b       bytes.Buffer
	compact bool
	sorted  bool // members in key order rather than shuffled
}

func (s *speller) space() {
	if !s.compact && s.r.Intn(3) == 0 {
		s.b.WriteString([]string{" ", "  ", "\t", "\r", " \t "}[s.r.Intn(5)])
	}
}

func (s *speller) str(v string) {
	s.b.WriteByte('"')
	for _, c := range v {
		escape := s.r.Intn(6) == 0
		switch {
		case c == '"' || c == '\\':
			s.b.WriteByte('\\')
			s.b.WriteRune(c)
		case c == '\n' && !escape:
			s.b.WriteString(`\n`)
		case c < 0x20 || escape:
			if c > 0xffff {
				r1, r2 := utf16.EncodeRune(c)
				fmt.Fprintf(&s.b, `\u%04x\u%04X`, r1, r2)
			} else {
				fmt.Fprintf(&s.b, `\u%04x`, c)
			}
		case c == '/' && s.r.Intn(2) == 0:
			s.b.WriteString(`\/`)
		default:
			s.b.WriteRune(c)
		}
	}
	s.b.WriteByte('"')
}

func (s *speller) value(v any) {
	s.space()
	switch v := v.(type) {
	case string:
		s.str(v)
	case json.Number:
		s.b.WriteString(string(v))
	case bool:
		fmt.Fprint(&s.b, v)
	case nil:
		s.b.WriteString("null")
	case []any:
		s.b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				s.b.WriteByte(',')
			}
			s.value(e)
		}
		s.space()
		s.b.WriteByte(']')
	case map[string]any:
		s.b.WriteByte('{')
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// A random member order: the parser must keep whatever order it gets.
		if s.sorted {
			slices.Sort(keys)
		} else {
			s.r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		}
		for i, k := range keys {
			if i > 0 {
				s.b.WriteByte(',')
			}
			s.space()
			s.str(k)
			s.space()
			s.b.WriteByte(':')
			s.value(v[k])
		}
		s.space()
		s.b.WriteByte('}')
	}
	s.space()
}

func docGen() gopter.Gen {
	return func(params *gopter.GenParameters) *gopter.GenResult {
		r := rand.New(rand.NewSource(params.NextInt64()))
		v := genObject(r, 0)
		s := speller{r: r, compact: r.Intn(2) == 0}
		s.value(v)
		return gopter.NewGenResult(doc{Value: v, Text: s.b.Bytes(), Compact: s.compact}, gopter.NoShrinker)
	}
}

func TestPropertyParseMatchesEncodingJSON(t *testing.T) {
	p := testenv.Properties(2000)
	p.Property("events rebuild what encoding/json decodes; re-emitting preserves it", prop.ForAll(func(d doc) string {
		if err := checkLine(d.Text); err != nil {
			return err.Error()
		}
		var ps Parser
		events, err := ps.Parse(d.Text, nil)
		if err != nil {
			return err.Error()
		}
		got, _ := eventsValue(events)
		if !reflect.DeepEqual(got, d.Value) {
			return fmt.Sprintf("events give %v, generated %v", got, d.Value)
		}
		// Key order is the input's.
		var keys []string
		for _, e := range events {
			if e.Depth == 1 && !e.Closes() {
				keys = append(keys, string(e.Key))
			}
		}
		if want := topKeys(d.Text); strings.Join(keys, "\x00") != strings.Join(want, "\x00") {
			return fmt.Sprintf("keys %q, want %q", keys, want)
		}
		// Re-emitting strings from their unescaped value gives the same
		// value back.
		var w Writer
		emit(&w, events, true)
		again, err := stdDecode(w.Bytes())
		if err != nil || !reflect.DeepEqual(again, d.Value) {
			return fmt.Sprintf("re-escaped output %q: %v", w.Bytes(), err)
		}
		if d.Compact && !bytes.Equal(copyAll(&w, events), d.Text) {
			return "compact input not re-emitted byte for byte"
		}
		return ""
	}, docGen()))
	p.TestingRun(t)
}

// topKeys lists the top-level keys of an object in input order, with
// encoding/json's tokenizer.
func topKeys(line []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(line))
	var keys []string
	depth, expectKey := 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
				expectKey = depth == 1
			} else {
				depth--
				expectKey = depth == 1
			}
			continue
		case string:
			if depth == 1 && expectKey {
				keys = append(keys, v)
				expectKey = false
				continue
			}
		}
		if depth == 1 {
			expectKey = true
		}
	}
}

func TestPropertyAppendString(t *testing.T) {
	p := testenv.Properties(3000)
	p.Property("AppendString round-trips through encoding/json", prop.ForAll(func(b []byte) string {
		out := AppendString([]byte("x"), b)[1:]
		var got string
		if err := json.Unmarshal(out, &got); err != nil {
			return fmt.Sprintf("%q: %v", out, err)
		}
		// Invalid UTF-8 bytes each become U+FFFD, as Go's string to rune
		// conversion does.
		if want := string([]rune(string(b))); got != want {
			return fmt.Sprintf("AppendString(%q) decodes to %q, want %q", b, got, want)
		}
		var ps Parser
		if _, err := ps.Parse(append(append([]byte(`{"k":`), out...), '}'), nil); err != nil {
			return fmt.Sprintf("own parser rejects %q: %v", out, err)
		}
		return ""
	}, bytesGen()))
	p.TestingRun(t)
}

func bytesGen() gopter.Gen {
	alphabet := [][]byte{[]byte("a"), []byte("é"), []byte("😀"), []byte(`"`), []byte(`\`), {0}, {0x1f}, []byte("\n"), []byte("\t"), {0x7f}, {0xff}, {0xc3}, {0xed, 0xa0, 0x80}, []byte("\u2028"), []byte("/")}
	return func(params *gopter.GenParameters) *gopter.GenResult {
		var b []byte
		for range params.Rng.Intn(20) {
			b = append(b, alphabet[params.Rng.Intn(len(alphabet))]...)
		}
		return gopter.NewGenResult(b, gopter.NoShrinker)
	}
}
