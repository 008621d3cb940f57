package testenv

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
)

// printVerbs are the verbs Unprinted tries: fmt reaches a value's fields
// differently under each (a %s or %q on a pointer it cannot print that way
// dereferences the pointer).
var printVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// Unprinted fails t if printing v shows any of secrets: v itself, and v
// held by value and through a pointer in an exported and in an unexported
// field of another struct, where fmt cannot call v's own Format or String
// methods and prints its fields, under every verb, in an error wrapping it,
// and as JSON. A secret is looked for as written, in lower case, in hex and
// in base64, and as the decimal bytes fmt prints of a byte slice.
func Unprinted[T any](t testing.TB, name string, v *T, secrets ...string) {
	t.Helper()
	type held struct {
		Exported    T
		unexported  T
		ExportedP   *T
		unexportedP *T
		inAny       any
	}
	h := held{Exported: *v, unexported: *v, ExportedP: v, unexportedP: v, inAny: *v}
	var outs []string
	for _, verb := range printVerbs {
		outs = append(outs,
			fmt.Sprintf(verb, v), fmt.Sprintf(verb, *v), fmt.Sprintf(verb, h), fmt.Sprintf(verb, &h),
			fmt.Errorf("wrapped: "+verb, *v).Error(),
		)
	}
	for _, x := range []any{v, h} {
		b, _ := json.Marshal(x) // an error is fine, a leak is not
		outs = append(outs, string(b))
	}
	for _, s := range secrets {
		forms := []string{s, string(bytes.ToLower([]byte(s))), hex.EncodeToString([]byte(s)),
			base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s))}
		if len(s) >= 3 {
			forms = append(forms, fmt.Sprint([]byte(s))[1:len(fmt.Sprint([]byte(s)))-1])
		}
		for _, out := range outs {
			for _, f := range forms {
				if len(f) >= 3 && bytes.Contains(bytes.ToLower([]byte(out)), bytes.ToLower([]byte(f))) {
					t.Errorf("%s: a printed form shows a value it holds (%d bytes of output)", name, len(out))
					return
				}
			}
		}
	}
}
