package pseudo

import (
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// A Memo held by value in a struct's unexported field prints its last
// identifier and its table of identifiers: fmt cannot call its Format
// there. The fix is for memo.go (its state behind an
// internal/sealed.Ref, as Pseudonymizer's pad states are).
func TestMemoUnprintedWhenHeld(t *testing.T) {
	m := mustNew(t, mustKeyset(t), "d").NewMemo(16)
	m.Append(nil, []byte("zelda-0042"))
	testenv.Unprinted(t, "Memo", m, "zelda-0042")
}
