package deid

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
)

// keyedRules are one rule per keyed action, on the fields of keyedRecord.
func keyedRules(keyID *uint32) []Rule {
	return []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "research", KeyID: keyID},
		{Field: "serial", Action: FPE, Domain: "serials", PassThrough: "-", KeyID: keyID},
		{Field: "contact", Action: Tokenize, Context: "recall", KeyID: keyID},
		{Field: "measured_at", Action: DateShift, Person: "user_id", MaxDays: 365, KeyID: keyID},
		{Field: "note", Action: Scrub, With: "pseudonym", Domain: "notes", KeyID: keyID},
	}
}

var keyedRecord = []string{"u-0000042", "4006-1234-5678", "+1 617 555 0142", "2025-06-01", "call me at jane@example.org"}

func applyKeyed(t *testing.T, keys Keys, keyID *uint32) []string {
	t.Helper()
	p := &Policy{Fields: keyedRules(keyID)}
	pl, err := Compile(p, []string{"user_id", "serial", "contact", "measured_at", "note"}, keys)
	if err != nil {
		t.Fatal(err)
	}
	return applyPlan(t, pl, keyedRecord)
}

// Rotating the keysets changes the output of every keyed action, date
// shifts and scrub's pseudonyms included; a rule pinned to the old key
// with key_id gives the output it gave before the rotation.
func TestKeyIDPinsEveryKeyedAction(t *testing.T) {
	before := testKeys(t)
	rotated := before
	var err error
	if rotated.Pseudonyms, err = before.Pseudonyms.Rotate(); err != nil {
		t.Fatal(err)
	}
	if rotated.Tokens, err = before.Tokens.Rotate(); err != nil {
		t.Fatal(err)
	}
	old := applyKeyed(t, before, nil)
	moved := applyKeyed(t, rotated, nil)
	for i, r := range keyedRules(nil) {
		if old[i] == moved[i] {
			t.Errorf("%s: rotating the keyset left %q as it was", r.Action, old[i])
		}
	}
	// One key_id names a key of either keyset: pin each action to the key
	// its keyset had as primary before the rotation.
	pinP, pinT := before.Pseudonyms.PrimaryKeyID(), before.Tokens.PrimaryKeyID()
	for i, r := range keyedRules(nil) {
		id := pinP
		if r.Action == Tokenize {
			id = pinT
		}
		rules := keyedRules(nil)
		rules[i].KeyID = &id
		pl, err := Compile(&Policy{Fields: rules}, []string{"user_id", "serial", "contact", "measured_at", "note"}, rotated)
		if err != nil {
			t.Fatalf("%s pinned to key %d: %v", r.Action, id, err)
		}
		got := applyPlan(t, pl, keyedRecord)
		if got[i] != old[i] {
			t.Errorf("%s pinned to the old key: %q, before the rotation %q", r.Action, got[i], old[i])
		}
	}
}

func applyPlan(t *testing.T, pl *Plan, rec []string) []string {
	t.Helper()
	in := make([][]byte, len(rec))
	for i, v := range rec {
		in[i] = []byte(v)
	}
	var row Row
	if _, err := pl.NewApplier().Apply(&row, in); err != nil {
		t.Fatal(err)
	}
	out := make([]string, row.Len())
	for i := range out {
		out[i] = string(row.Field(i))
	}
	return out
}

// A key_id the keyset does not hold is a policy error naming the rule,
// never a fall back to the primary key.
func TestKeyIDUnknown(t *testing.T) {
	keys := testKeys(t)
	bad := keys.Pseudonyms.PrimaryKeyID() + 1
	for _, r := range keyedRules(&bad) {
		if r.Action == Tokenize {
			continue // its key_id names a key of Keys.Tokens
		}
		fields, rules := []string{r.Field}, []Rule{r}
		if r.Field != "user_id" { // date_shift's person
			fields, rules = append(fields, "user_id"), append(rules, Rule{Field: "user_id", Action: Keep})
		}
		_, err := Compile(&Policy{Fields: rules}, fields, keys)
		var pe *PolicyError
		if !errors.As(err, &pe) || !errors.Is(err, pseudo.ErrUnknownKey) || !errors.Is(err, ErrPolicy) || pe.Field != r.Field {
			t.Errorf("%s with key_id %d: %v, want a PolicyError on %q wrapping pseudo.ErrUnknownKey", r.Action, bad, err, r.Field)
		}
	}
}

func TestKeyIDPolicy(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"fields":[{"field":"u","action":"pseudonymize","domain":"d","key_id":123456789}]}`))
	if err != nil || p.Fields[0].KeyID == nil || *p.Fields[0].KeyID != 123456789 {
		t.Fatalf("key_id: %+v, %v", p, err)
	}
	for _, tc := range []struct{ json, want string }{
		{`{"field":"u","action":"scrub","key_id":1}`, "key_id applies to scrub with pseudonyms"},
		{`{"field":"u","action":"mask","key_id":1}`, `parameter "key_id" does not apply to action "mask"`},
		{`{"field":"u","action":"pseudonymize","domain":"d","key_id":-1}`, "key_id"},
		{`{"field":"u","action":"pseudonymize","domain":"d","key_id":4294967296}`, "key_id"},
	} {
		_, err := ParsePolicy([]byte(`{"fields":[` + tc.json + `]}`))
		if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.json, err, tc.want)
		}
	}
}

// A struct tag pins its key as a policy rule does.
func TestKeyIDTag(t *testing.T) {
	before := Keys{Pseudonyms: keysetWithID(t, 123456789)}
	rotated, err := before.Pseudonyms.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	type plain struct {
		UserID string `deid:"pseudonymize,domain=research"`
	}
	type pinned struct {
		UserID string `deid:"pseudonymize,domain=research,key_id=123456789"`
	}
	old := copyOf(t, before, plain{"u-1"}).UserID
	if got := copyOf(t, Keys{Pseudonyms: rotated}, pinned{"u-1"}).UserID; got != old {
		t.Errorf("tag with key_id after rotation: %q, before %q", got, old)
	}
	if got := copyOf(t, Keys{Pseudonyms: rotated}, plain{"u-1"}).UserID; got == old {
		t.Errorf("rotation left the unpinned pseudonym as it was")
	}
	type wrong struct {
		UserID string `deid:"pseudonymize,domain=research,key_id=123"`
	}
	_, err = ForType[wrong](before)
	var te *TagError
	if !errors.As(err, &te) || !errors.Is(err, pseudo.ErrUnknownKey) || te.Field != "UserID" {
		t.Errorf("tag with a key_id the keyset lacks: %v", err)
	}
}

func copyOf[T any](t *testing.T, keys Keys, v T) T {
	t.Helper()
	s, err := ForType[T](keys)
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Copy(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// keysetWithID returns a fresh keyset whose one key has the given ID, as
// a keyset made elsewhere would: key IDs are chosen at random when a key
// is made.
func keysetWithID(t *testing.T, id uint32) *pseudo.Keyset {
	t.Helper()
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := insecurekeyset.WriteKeyset(&b, ks); err != nil {
		t.Fatal(err)
	}
	old := strconv.FormatUint(uint64(ks.PrimaryKeyID()), 10)
	js := strings.ReplaceAll(b.String(), ":"+old+",", ":"+strconv.FormatUint(uint64(id), 10)+",")
	out, err := insecurekeyset.ReadKeyset(strings.NewReader(js))
	if err != nil || out.PrimaryKeyID() != id {
		t.Fatalf("keyset with key %d: %v", id, err)
	}
	return out
}
