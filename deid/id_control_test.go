package deid

import (
	"errors"
	"strings"
	"testing"
)

// An identifier holding a line break or another control character inside
// it (a quoted CSV field that swallowed the next record's ID, "u-1\nu-2")
// is no one's ID: pseudonymizing it gave a person no one is, whom an
// exclusion list naming u-1 did not exclude. It is a record error naming
// the line and field, never the value, for every action keyed on a person
// (pseudonymize, tokenize, a date shift's person, exclusion); white space
// around an ID is still trimmed.
func TestIDWithControlCharacterRefused(t *testing.T) {
	keys := testKeys(t)
	policies := map[string]*Policy{
		"pseudonymize": {Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "n", Action: Keep}}},
		"tokenize":     {Default: Drop, Fields: []Rule{{Field: "user_id", Action: Tokenize, Context: "c"}, {Field: "n", Action: Keep}}},
		"date_shift":   {Default: Drop, Fields: []Rule{{Field: "user_id", Action: Drop}, {Field: "n", Action: DateShift, Person: "user_id", MaxDays: 30, Domain: "d"}}},
	}
	for _, id := range []string{"\"u-1\nu-2\"", "\"u-1\r\nu-2\"", "\"u-1\tx\"", "\"u-1\x00\"", "\"u\u00851\"", "\"u\x7f1\""} {
		for name, p := range policies {
			t.Run(name+"/"+strings.ReplaceAll(id, "\n", `\n`), func(t *testing.T) {
				in := "user_id,n\nu-3,2024-01-02\n" + id + ",2024-01-02\n"
				_, _, err := run(t, p, keys, Options{AllowKeptIdentifiers: true, Input: CSV}, in)
				field := "user_id"
				if name == "date_shift" {
					field = "n" // the shifted field, its error naming the person field
				}
				var fe *FieldError
				if !errors.Is(err, ErrMalformedID) || !errors.As(err, &fe) || fe.Field != field || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "user_id") {
					t.Fatalf("got %v, want a malformed ID of user_id in field %s on line 3", err, field)
				}
				if strings.Contains(err.Error(), "u-1") {
					t.Errorf("the error shows the value: %v", err)
				}
			})
		}
		t.Run("exclusion/"+strings.ReplaceAll(id, "\n", `\n`), func(t *testing.T) {
			p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Drop}, {Field: "n", Action: Keep}}}
			in := "user_id,n\nu-3,1\n" + id + ",2\n"
			_, _, err := run(t, p, keys, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: NewIDSet([]string{"u-1"}), ExcludeField: "user_id", ExcludeMayMatchNone: true}, in)
			if !errors.Is(err, ErrMalformedID) {
				t.Fatalf("got %v, want ErrMalformedID", err)
			}
		})
	}
	// Around the ID, white space is trimmed as before.
	p := policies["pseudonymize"]
	if _, _, err := run(t, p, keys, Options{AllowKeptIdentifiers: true, Input: CSV}, "user_id,n\n\"\tu-1\r\n\",1\n"); err != nil {
		t.Errorf("an ID with white space around it: %v", err)
	}
	if ok, err := Excluded(NewIDSet([]string{"u-1"}), []byte("u-1\nu-2")); ok || !errors.Is(err, ErrMalformedID) {
		t.Errorf("Excluded = %v, %v; want ErrMalformedID", ok, err)
	}
}
