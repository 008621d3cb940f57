package deid

import (
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/pseudo"
)

// deid and pseudo share one ErrNotInAlphabet, and a record refused for a
// character outside the FPE alphabet says which alphabet, not the value.
func TestFPEAlphabetErrorIsPseudos(t *testing.T) {
	_, err := applyRule(t, testKeys(t), "", Rule{Field: "f", Action: FPE, Domain: "serials"}, "4006-1234x6")
	if !errors.Is(err, ErrNotInAlphabet) || !errors.Is(err, pseudo.ErrNotInAlphabet) {
		t.Fatalf("err = %v, want ErrNotInAlphabet of both packages", err)
	}
	if !strings.Contains(err.Error(), "Digits [0-9]") || strings.Contains(err.Error(), "4006-1234x6") {
		t.Errorf("error %q does not name the alphabet, or holds the value", err)
	}
}
