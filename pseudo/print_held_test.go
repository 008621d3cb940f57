package pseudo

import (
	"fmt"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// No type of the package shows key material, or key-equivalent state such
// as HMAC pad states, when a caller holds it by value in a struct's
// unexported field and prints that struct, under any verb: there fmt
// cannot call the type's own Format method.
func TestKeyMaterialUnprintedWhenHeld(t *testing.T) {
	ks := mustKeyset(t)
	p := mustNew(t, ks, "d")
	mk := p.mac.Get()
	auditor := mustAuditor(t, (&recorder{}).hook)
	// The secrets, as fmt would print them: the pad states' words and
	// the digest key's bytes.
	secrets := []string{
		string(mk.inner[:16]), string(mk.outer[:16]),
		fmtWords(mk.in[:2]), fmtWords(mk.out[:2]),
		string(*auditor.key.Get()),
	}
	testenv.Unprinted(t, "Pseudonymizer", p, secrets...)
	testenv.Unprinted(t, "Auditor", auditor, secrets...)
	f, err := NewFPE(ks, "d", Digits, WithAuditor(auditor))
	if err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "FPE", f, secrets...)
	tok, err := NewTokenizer(mustTokenKeyset(t), "c", WithAuditor(auditor))
	if err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "Tokenizer", tok, secrets...)
}

// fmtWords is words as fmt prints them in a struct: decimal, spaced.
func fmtWords(words []uint32) string {
	s := fmt.Sprint(words)
	return s[1 : len(s)-1]
}
