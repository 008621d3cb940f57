package pseudo

import (
	"errors"
	"fmt"
	"testing"
)

// Every type that holds key material prints as its name and "[redacted]",
// whatever the verb, inside errors and as a panic value.
func TestKeyMaterialNeverPrints(t *testing.T) {
	ks := mustKeyset(t)
	tks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	p := mustNew(t, ks, "d")
	tok := mustTokenizer(t, tks, "c")
	values := map[string]any{
		"Keyset":        ks,
		"TokenKeyset":   tks,
		"Pseudonymizer": p,
		"Memo":          p.NewMemo(16),
		"Tokenizer":     tok,
		"macKey":        p.mac.Get(),
		"Auditor":       mustAuditor(t, (&recorder{}).hook),
	}
	for _, v := range fpeValuesForRedaction(t, ks) {
		values[v.name] = v.value
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%q", "%d", "%T %v", "%10.3v"}
	for name, v := range values {
		want := name + "[redacted]"
		for _, verb := range verbs {
			got := fmt.Sprintf(verb, v)
			if verb == "%T %v" {
				got = fmt.Sprintf("%v", v)
			}
			if got != want {
				t.Errorf("%s under %s printed %q, want %q", name, verb, got, want)
			}
		}
		// By value, too: a copy of the struct must not print its fields.
		if got := fmt.Sprintf("%+v", derefAny(v)); got != want {
			t.Errorf("%s by value printed %q", name, got)
		}
		if got := fmt.Errorf("wrapped: %v", v).Error(); got != "wrapped: "+want {
			t.Errorf("%s in an error printed %q", name, got)
		}
		if got := errors.Unwrap(fmt.Errorf("x: %w", errors.New(fmt.Sprint(v)))).Error(); got != want {
			t.Errorf("%s through %%w printed %q", name, got)
		}
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(fmt.Stringer); !ok || s.String() != want || fmt.Sprint(r) != want {
					t.Errorf("%s as a panic value printed %v", name, r)
				}
			}()
			panic(v)
		}()
		// Inside a struct that a caller prints.
		holder := struct{ K any }{v}
		if got := fmt.Sprintf("%+v", holder); got != "{K:"+want+"}" {
			t.Errorf("%s inside a struct printed %q", name, got)
		}
	}
}

func derefAny(v any) any {
	switch x := v.(type) {
	case *Keyset:
		return *x
	case *TokenKeyset:
		return *x
	case *Pseudonymizer:
		return *x
	case *Memo:
		return *x
	case *Tokenizer:
		return *x
	case *macKey:
		return *x
	case *Auditor:
		return *x
	}
	return derefFPE(v)
}
