package deid

import (
	"strings"
	"testing"
)

// encoding/json reads bytes that are not UTF-8, and an escaped surrogate
// outside a pair, as U+FFFD: a policy's field, domain or value would be
// another text than the one written, and two rules that differ only there
// would name one field. ParsePolicy refuses them, naming the byte.
func TestParsePolicyRefusesLossyText(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"lone high surrogate in a field", `{"fields":[{"field":"user\ud800","action":"drop"}]}`, "surrogate that is not half of a pair at byte 25"},
		{"lone low surrogate in a domain", `{"fields":[{"field":"u","action":"pseudonymize","domain":"d\udc00"}]}`, "at byte 59"},
		{"high then a letter in the name", `{"name":"p\ud83d\u0041","default":"drop"}`, "at byte 10"},
		{"Latin-1 in a field", "{\"fields\":[{\"field\":\"M\xfcller\",\"action\":\"drop\"}]}", "not UTF-8 text at byte 22"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// A pair is text.
	if _, err := ParsePolicy([]byte(`{"fields":[{"field":"note \ud83d\ude00","action":"drop"}]}`)); err != nil {
		t.Fatal(err)
	}
}
