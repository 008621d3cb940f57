package pseudo

import (
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// A Memo held by value in a struct's unexported field prints its last
// identifier and its table of identifiers: fmt cannot call its Format
// there, unless its state sits behind an internal/sealed.Ref, as
// Pseudonymizer's pad states do.
func TestMemoUnprintedWhenHeld(t *testing.T) {
	m := mustNew(t, mustKeyset(t), "d").NewMemo(16)
	m.Append(nil, []byte("zelda-0042"))
	testenv.Unprinted(t, "Memo", m, "zelda-0042")
}

// A zero Memo has no Pseudonymizer: it says so rather than panicking, as
// it did before its state was sealed.
func TestZeroMemoPseudonymizer(t *testing.T) {
	var m Memo
	if p := m.Pseudonymizer(); p != nil {
		t.Errorf("zero Memo: Pseudonymizer %p, want nil", p)
	}
}
