package deid

import (
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/pseudo"
)

// deid and pseudo share one ErrNotInAlphabet, and a record refused for a
// character outside the FPE alphabet says which alphabet and how to keep
// separators, not the value.
func TestFPEAlphabetErrorIsPseudos(t *testing.T) {
	_, err := applyRule(t, testKeys(t), "", Rule{Field: "f", Action: FPE, Domain: "serials"}, "4006-1234x6")
	if !errors.Is(err, ErrNotInAlphabet) || !errors.Is(err, pseudo.ErrNotInAlphabet) {
		t.Fatalf("err = %v, want ErrNotInAlphabet of both packages", err)
	}
	msg := err.Error()
	for _, want := range []string{`digits "0123456789"`, "character 5 of the value", `"pass_through"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %s", msg, want)
		}
	}
	if strings.Contains(msg, "4006") || strings.Contains(msg, "x6") {
		t.Errorf("error %q holds the value", msg)
	}
}

// pass_through keeps separators in place and encrypts the rest as one
// string; a character outside both is still refused, naming the alphabet.
func TestFPEPassThrough(t *testing.T) {
	keys := testKeys(t)
	r := Rule{Field: "f", Action: FPE, Domain: "serials", PassThrough: "SN-"}
	out, err := applyRule(t, keys, "", r, "SN-004217-88")
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len("SN-004217-88") || out[:3] != "SN-" || out[9] != '-' || out == "SN-004217-88" {
		t.Errorf("fpe with pass_through: %q, want SN-dddddd-dd encrypted", out)
	}
	// The same digits with other separators encrypt to the same digits:
	// only the alphabet's characters are encrypted.
	other, err := applyRule(t, keys, "", r, "SN00-4217-88")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ReplaceAll(strings.TrimPrefix(other, "SN"), "-", "") != strings.ReplaceAll(strings.TrimPrefix(out, "SN-"), "-", "") {
		t.Errorf("%q and %q: the digits differ", out, other)
	}
	_, err = applyRule(t, keys, "", r, "SN-0042 17")
	if !errors.Is(err, ErrNotInAlphabet) || !strings.Contains(err.Error(), "character 8 of the value") || strings.Contains(err.Error(), "pass_through") {
		t.Errorf("a space with pass_through %q: %v", r.PassThrough, err)
	}
}

func TestFPEPassThroughPolicyErrors(t *testing.T) {
	for _, tc := range []struct {
		json, want string
	}{
		{`{"field":"f","action":"fpe","domain":"d","pass_through":"-1"}`, `pass_through character '1' is in the alphabet`},
		{`{"field":"f","action":"fpe","domain":"d","alphabet":"alphanumeric","pass_through":"a"}`, `pass_through character 'a' is in the alphabet`},
		{`{"field":"f","action":"pseudonymize","domain":"d","pass_through":"-"}`, `parameter "pass_through" does not apply to action "pseudonymize"`},
	} {
		_, err := ParsePolicy([]byte(`{"fields":[` + tc.json + `]}`))
		if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.json, err, tc.want)
		}
	}
}
