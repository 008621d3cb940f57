package deid

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A mask whose two ends together reveal more than four letters and
// digits of an identifier in the value it masks is refused, although
// neither end is an identifier on its own; one that reveals four or
// fewer of each identifier is written.
func TestMaskRevealBothEnds(t *testing.T) {
	for _, tc := range []struct {
		field, value string
		first, last  int
		refused      bool
	}{
		{"phone", "555-201-3344", 5, 6, true},            // 555-2*1-3344
		{"phone", "555-201-3344", 3, 4, true},            // area code and last four
		{"phone", "555-201-3344", 0, 4, false},           // the last four
		{"phone", "555-201-3344", 1, 3, false},           // four digits
		{"ssn", "123-45-6789", 4, 4, true},               // 123-***6789
		{"ssn", "123-45-6789", 0, 5, false},              // -6789
		{"ssn", "１２３-４５-６７８９", 4, 4, true},               // fullwidth digits count as digits
		{"note", "call 555-201-3344 today", 9, 10, true}, // "call 555-" and "3344 today"
		{"note", "call 555-201-3344 today", 5, 6, false}, // "call " and "today"
		{"email", "zelda.q@example.org", 3, 3, true},     // "zel" and "org"
		{"email", "zelda.q@example.org", 2, 2, false},
	} {
		t.Run(fmt.Sprintf("%s %q %d+%d", tc.field, tc.value, tc.first, tc.last), func(t *testing.T) {
			p := &Policy{Default: Drop, Fields: []Rule{
				{Field: "user_id", Action: Pseudonymize, Domain: "d"},
				{Field: tc.field, Action: Mask, KeepFirst: tc.first, KeepLast: tc.last},
			}}
			in := `{"user_id":"u-1",` + jsonString(tc.field) + `:` + jsonString(tc.value) + "}\n"
			out, _, err := run(t, p, testKeys(t), Options{Input: NDJSON}, in)
			if !tc.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var fe *FieldError
			if !errors.Is(err, ErrKeptIdentifier) || !errors.As(err, &fe) || fe.Field != tc.field || fe.Action != string(Mask) {
				t.Fatalf("err = %v, want a FieldError of %s (mask) wrapping ErrKeptIdentifier; wrote %q", err, tc.field, out)
			}
			if strings.Contains(err.Error(), tc.value) {
				t.Errorf("the error holds the value: %v", err)
			}
			_, rep, err := run(t, p, testKeys(t), Options{Input: NDJSON, Quarantine: new(strings.Builder)}, in)
			if err != nil || rep.Quarantined != 1 || rep.Written != 0 {
				t.Errorf("with a quarantine: err %v, report %+v", err, rep)
			}
			if _, _, err := run(t, p, testKeys(t), Options{Input: NDJSON, AllowKeptIdentifiers: true}, in); err != nil {
				t.Errorf("allowed: %v", err)
			}
		})
	}
}
