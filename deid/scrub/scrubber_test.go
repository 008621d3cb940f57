package scrub

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

func TestNewOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    []Option
		wantErr error
	}{
		{"default", nil, nil},
		{"some kinds", []Option{WithKinds(Email, Date)}, nil},
		{"no kinds", []Option{WithKinds()}, ErrNoKinds},
		{"unknown kind", []Option{WithKinds(Email, Kind(200))}, ErrUnknownKind},
		{"nil replacer", []Option{WithReplacer(nil)}, ErrNilReplacer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.opts...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("New: error %v, want %v", err, tt.wantErr)
			}
			if (err == nil) != (s != nil) {
				t.Fatalf("New returned scrubber %v and error %v", s, err)
			}
		})
	}
}

func TestWithKinds(t *testing.T) {
	text := "jane@example.com 415-555-2671 10.0.0.1 00:1a:2b:3c:4d:5e https://example.com 123-45-6789 4111111111111111 2024-03-05" +
		" Dr. Jane Doe 12 Main St U-48213 MRN 00482193 48.8566, 2.3522 @zelda_q"
	for _, k := range Kinds() {
		t.Run(k.String(), func(t *testing.T) {
			s, err := New(WithKinds(k))
			if err != nil {
				t.Fatal(err)
			}
			for _, other := range Kinds() {
				if s.Scrubs(other) != (other == k) {
					t.Errorf("Scrubs(%v) = %v", other, s.Scrubs(other))
				}
			}
			// IDs are found only as a record's known values, which are
			// replaced whatever kinds are scrubbed.
			var known Known
			if k == ID {
				known.Add(ID, []byte("u-48213"))
			}
			var c Counts
			out := s.AppendKnown(nil, []byte(text), &known, &c)
			if c.Get(k) != 1 || c.Total() != 1 {
				t.Errorf("counts %+v for %q", c, out)
			}
			if !bytes.Contains(out, []byte(k.Tag())) {
				t.Errorf("%q lacks %s", out, k.Tag())
			}
		})
	}
}

func TestReplacerSeesMatches(t *testing.T) {
	type call struct {
		k     Kind
		match string
	}
	var calls []call
	r := ReplacerFunc(func(dst []byte, k Kind, match []byte) []byte {
		calls = append(calls, call{k, string(match)})
		return fmt.Appendf(dst, "<%s:%d>", k, len(match))
	})
	s, err := New(WithReplacer(r))
	if err != nil {
		t.Fatal(err)
	}
	got := s.Scrub("Ana: ana@example.org / +33 1 23 45 67 89, né le 2 March 1990.")
	want := "Ana: <email:15> / <phone:17>, né le <date:12>."
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	wantCalls := []call{{Email, "ana@example.org"}, {Phone, "+33 1 23 45 67 89"}, {Date, "2 March 1990"}}
	if fmt.Sprint(calls) != fmt.Sprint(wantCalls) {
		t.Errorf("calls %v, want %v", calls, wantCalls)
	}
}

func TestAppendKeepsDst(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	dst := []byte("prefix|")
	got := s.Append(dst, []byte("at 10.0.0.1"))
	if string(got) != "prefix|at [IP]" {
		t.Errorf("got %q", got)
	}
}

func TestCounts(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var a, b Counts
	s.AppendCount(nil, []byte("a@b.io c@d.io 10.0.0.1"), &a)
	s.AppendCount(nil, []byte("e@f.io 2024-03-05"), &b)
	a.Add(&b)
	want := map[Kind]int{Email: 3, IP: 1, Date: 1}
	for _, k := range Kinds() {
		if a.Get(k) != want[k] {
			t.Errorf("%v: %d, want %d", k, a.Get(k), want[k])
		}
	}
	if a.Total() != 5 || a.Get(Kind(99)) != 0 {
		t.Errorf("Total %d, Get(99) %d", a.Total(), a.Get(Kind(99)))
	}
}

func TestKindNames(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Kinds() {
		name := k.String()
		if seen[name] {
			t.Errorf("duplicate name %q", name)
		}
		seen[name] = true
		got, err := ParseKind(name)
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", name, got, err)
		}
		tag := k.Tag()
		if tag[0] != '[' || tag[len(tag)-1] != ']' {
			t.Errorf("tag %q", tag)
		}
	}
	if _, err := ParseKind("person"); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("ParseKind(person): %v", err)
	}
	if _, err := Kind(99).MarshalText(); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("MarshalText(99): %v", err)
	}

	// Kinds appear by name in JSON policies.
	var cfg struct{ Kinds []Kind }
	if err := json.Unmarshal([]byte(`{"Kinds":["email","ssn"]}`), &cfg); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(cfg)
	if err != nil || string(out) != `{"Kinds":["email","ssn"]}` {
		t.Errorf("round trip: %s, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"Kinds":["emial"]}`), &cfg); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("unknown name: %v", err)
	}
}

func TestTagsAreNotDetected(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, k := range Kinds() {
		all.WriteString(k.Tag())
	}
	for _, text := range []string{
		all.String(), "x " + all.String() + " y", "1-[PHONE]-2", "http://[EMAIL]",
		"www.[DATE]", "https://[CARD]", "[IP]/24", "(+[PHONE])", "[MAC]:[MAC]",
	} {
		if got := s.Scrub(text); got != text {
			t.Errorf("Scrub(%q) = %q", text, got)
		}
	}
}

func TestUTF8(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"Zoë’s scale: 10.0.0.1’s log", "Zoë’s scale: [IP]’s log"},
		{"体重72.5公斤，电话415-555-2671，邮箱jane@example.com。", "体重72.5公斤，电话[PHONE]，邮箱[EMAIL]。"},
		{"\xff\xfe10.0.0.1\xc3", "\xff\xfe[IP]\xc3"},
		{"\xc3\xa9\xc3@example.com", "\xc3\xa9\xc3@example.com"},
		{"ü@example.com", "[EMAIL]"},
		{"😀+14155552671😀", "😀[PHONE]😀"},
	}
	for _, tt := range tests {
		if got := s.Scrub(tt.in); got != tt.want {
			t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	want := s.Append(nil, notes)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			var dst []byte
			for range 20 {
				dst = s.Append(dst[:0], notes)
				if !bytes.Equal(dst, want) {
					t.Error("concurrent scrub differs")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestAppendDoesNotAllocate(t *testing.T) {
	if testenv.Race {
		t.Skip("the race detector allocates")
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]byte, 0, 2*len(notes))
	var c Counts
	if n := testing.AllocsPerRun(20, func() { dst = s.AppendCount(dst[:0], notes, &c) }); n != 0 {
		t.Errorf("AppendCount allocates %v times per call", n)
	}
}
