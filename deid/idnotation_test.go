package deid

import (
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/idnorm"
)

func TestScientificNotation(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"4.82913E+11", true}, {"1.2e1", true}, {"1.2E1", true}, {"48E+10", true}, {"48e-2", true}, {"1.0e+3", true},
		// Hexadecimal or other IDs as written, and plain numbers.
		{"12e4", false}, {"1e3", false}, {"e12", false}, {"12", false}, {"12.5", false}, {"1.2e", false}, {"1.e5", false},
		{"1.2e+", false}, {"u-1.2e1", false}, {"1.2e1x", false}, {"+1.2e1", false}, {"", false}, {"1e+", false},
	} {
		if got := idnorm.Scientific([]byte(tc.id)); got != tc.want {
			t.Errorf("Scientific(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

// A spreadsheet that took a column of long numeric IDs for quantities
// writes them as "4.82913E+11": the digits it dropped name no one. Listed
// so, the user matched nothing and was released; read so from the input,
// several people shared one pseudonym and escaped a list that names them
// in full. Both sides now refuse such an ID, naming the line, never the
// value.
func TestIDsInScientificNotation(t *testing.T) {
	for _, list := range []string{"482913000001\n4.82913E+11\n", "1.2e1", "12;48E+10\n"} {
		_, err := ReadIDSet(strings.NewReader(list))
		if !errors.Is(err, ErrIDList) || !errors.Is(err, ErrIDNotation) {
			t.Errorf("list %q: err = %v, want ErrIDList and ErrIDNotation", list, err)
		}
		if err != nil && (strings.Contains(err.Error(), "4.82913") || strings.Contains(err.Error(), "48E")) {
			t.Errorf("the error spells the ID: %v", err)
		}
	}
	if _, err := ReadIDSet(strings.NewReader("12e4\n1e3\n")); err != nil {
		t.Errorf("hexadecimal-looking IDs refused: %v", err)
	}

	in := "user_id,v\n482913000001,a\n4.82913E+11,b\n\"1.2e1\",c\n12e4,d\n7,e\n"
	list := NewIDSet([]string{"482913000001", "12"})
	var q strings.Builder
	_, rep, err := run(t, keepAll(), Keys{}, Options{Input: CSV, Quarantine: &q, Exclude: list, ExcludeField: "user_id", AllowKeptIdentifiers: true}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Excluded != 1 || rep.Quarantined != 2 || rep.Written != 2 {
		t.Errorf("excluded %d, quarantined %d, written %d; want 1, 2 and 2 (12e4 and 7)", rep.Excluded, rep.Quarantined, rep.Written)
	}
	if !strings.Contains(q.String(), "scientific notation") {
		t.Errorf("quarantine reasons do not name the notation:\n%s", q.String())
	}

	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "v", Action: Keep}}}
	_, _, err = run(t, p, testKeys(t), Options{Input: CSV}, "user_id,v\n4.82913E+11,a\n")
	var fe *FieldError
	if !errors.Is(err, ErrIDNotation) || !errors.As(err, &fe) || fe.Line != 2 || fe.Field != "user_id" {
		t.Errorf("pseudonymize: err = %v, want ErrIDNotation at line 2, field user_id", err)
	}
}

// "+12" is 12 to a spreadsheet: against a list naming 12 (or the other
// way round), such a record is a near match, neither excluded nor
// released. It was released.
func TestExclusionNearMatchOfASignedNumber(t *testing.T) {
	for _, tc := range []struct{ listed, id string }{{"12", "+12"}, {"+12", "12"}, {"12", "+0012"}, {"0012", "+12"}} {
		_, err := Excluded(NewIDSet([]string{tc.listed}), []byte(tc.id))
		if !errors.Is(err, ErrExclusionNearMatch) {
			t.Errorf("listed %q, record %q: err = %v, want ErrExclusionNearMatch", tc.listed, tc.id, err)
		}
	}
	if ok, err := Excluded(NewIDSet([]string{"12"}), []byte("+13")); ok || err != nil {
		t.Errorf("listed 12, record +13: %v, %v; want neither", ok, err)
	}
}
