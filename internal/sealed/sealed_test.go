package sealed_test

import (
	"testing"

	"github.com/deidkit/deidkit/internal/sealed"
	"github.com/deidkit/deidkit/internal/testenv"
)

type record struct {
	name  string
	bytes []byte
	words map[string]int
	arr   [8]byte
}

type holder struct {
	id  int
	ref sealed.Ref[record]
}

// What a Ref holds prints under no verb, through any holder.
func TestRefUnprinted(t *testing.T) {
	h := holder{1, sealed.New(&record{"zelda", []byte("quist"), map[string]int{"zq@x": 1}, [8]byte{'y', 'r', 'e', 'l', 'l', 'e', 'e', 'k'}})}
	testenv.Unprinted(t, "holder", &h, "zelda", "quist", "zq@x", "yrelleek")
	if got := h.ref.Get().name; got != "zelda" {
		t.Errorf("Get().name = %q", got)
	}
	var zero sealed.Ref[record]
	if zero.Get() != nil {
		t.Error("the zero Ref holds a value")
	}
}

// The check itself finds a value one pointer away, under %s.
func TestUnprintedSeesOnePointer(t *testing.T) {
	type leaky struct{ p *record }
	h := leaky{&record{name: "zelda"}}
	ft := &fakeT{TB: t}
	testenv.Unprinted(ft, "leaky", &h, "zelda")
	if !ft.failed {
		t.Error("Unprinted passed a value one pointer away")
	}
}

type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Helper()               {}
