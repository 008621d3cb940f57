package deid

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

// date_shift draws each person's offset from the MAC of their ID in the
// pseudonym domain "date-shift/"+domain. A pseudonymize rule in that very
// domain released the same MAC as the person's pseudonym, so the recipient
// read every offset off the pseudonyms and shifted every date back. Such a
// domain is now refused, for scrub's pseudonyms too. The first half shows the leak on the bindings
// directly, the second that a policy naming such a domain does not compile.
func TestPseudonymDomainsOfDateShiftAreReserved(t *testing.T) {
	keys := testKeys(t)
	// The leak, shown with the date shift's own Pseudonymizer: its hex
	// pseudonym's first 8 bytes are the offset's draw.
	shift := &Policy{Default: Keep, Fields: []Rule{{Field: "when", Action: DateShift, Person: "user_id", MaxDays: 365}}}
	out, _, err := run(t, shift, keys, Options{Input: CSV, AllowKeptIdentifiers: true}, "user_id,when\nu-1,2020-06-15\n")
	if err != nil {
		t.Fatal(err)
	}
	b := &binding{keys: keys}
	ds, err := b.newDateShift(&shift.Fields[0])
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := hex.DecodeString(ds.(*dateShift).p.Pseudonym("u-1")[:16])
	off := int(binary.BigEndian.Uint64(raw)%731) - 365
	want := time.Date(2020, 6, 15, 0, 0, 0, 0, time.UTC).AddDate(0, 0, off).Format("2006-01-02")
	if off != 0 && !strings.Contains(out, want) {
		t.Fatalf("the premise no longer holds (offset %d, output %q): revisit this test", off, out)
	}

	for _, domain := range []string{"date-shift/date-shift", "date-shift/research", "date-shift/"} {
		// Scrub's pseudonyms replace the record's own IDs in its text.
		for _, r := range []Rule{{Field: "user_id", Action: Pseudonymize, Domain: domain}, {Field: "note", Action: Scrub, With: "pseudonym", Domain: domain}} {
			p := &Policy{Default: Keep, Fields: []Rule{r, {Field: "when", Action: DateShift, Person: "user_id", MaxDays: 365}}}
			_, err := Compile(p, []string{"user_id", "when", "note"}, keys)
			var pe *PolicyError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), "reserved") {
				t.Errorf("%s domain %q: Compile = %v, want a PolicyError saying it is reserved", r.Action, domain, err)
			}
		}
	}
	// Other domains, "date-shift" alone included, are a recipient's.
	for _, domain := range []string{"research/partner-x", "date-shift", "x/date-shift/y"} {
		p := &Policy{Default: Keep, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: domain}}}
		if _, err := Compile(p, []string{"user_id", "when"}, keys); err != nil {
			t.Errorf("domain %q: %v", domain, err)
		}
	}
}
