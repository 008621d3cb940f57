package deid

import (
	"errors"
	"strings"
	"testing"
)

type stCycle struct {
	Label string
	Next  *stCycle
}

// A kept value is walked for what the tags cannot see: the walk of a kept
// interface followed pointers without end, so a cyclic value (a list
// whose last node points to the first) overflowed the stack, a fatal
// error no caller can recover from; and a kept map whose keys name
// identifiers ({"email": ...}, as JSON decodes into map[string]any)
// released them with no error, where a field so named is refused.
func TestKeptValuesWalked(t *testing.T) {
	type withAny struct {
		UserID string `deid:"pseudonymize,domain=d"`
		Extra  any    `deid:"keep"`
	}
	type withMap struct {
		UserID string            `deid:"pseudonymize,domain=d"`
		Attrs  map[string]string `deid:"keep"`
	}
	keys := profileKeys(t)
	anyS, err := ForType[withAny](keys)
	if err != nil {
		t.Fatal(err)
	}
	mapS, err := ForType[withMap](keys)
	if err != nil {
		t.Fatal(err)
	}

	ring := &stCycle{Label: "a"}
	ring.Next = &stCycle{Label: "b", Next: ring}
	if _, err := anyS.Copy(withAny{UserID: "u1", Extra: ring}); err != nil {
		t.Errorf("a cyclic kept value: %v", err)
	}
	deep := &stCycle{}
	for range 10000 {
		deep = &stCycle{Next: deep}
	}
	if _, err := anyS.Copy(withAny{UserID: "u1", Extra: deep}); err == nil {
		t.Error("a kept value 10,000 pointers deep was walked to the end")
	}

	for name, copyOf := range map[string]func() error{
		"map key email": func() error {
			_, err := mapS.Copy(withMap{UserID: "u1", Attrs: map[string]string{"sex": "F", "email": "zelda@example.com"}})
			return err
		},
		"decoded JSON in an any": func() error {
			_, err := anyS.Copy(withAny{UserID: "u1", Extra: map[string]any{"contact": map[string]any{"phone": "555-0100"}}})
			return err
		},
		"a first name in a slice": func() error {
			_, err := anyS.Copy(withAny{UserID: "u1", Extra: []map[string]string{{"first_name": "Zelda"}}})
			return err
		},
	} {
		err := copyOf()
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrKeptIdentifier) {
			t.Errorf("%s: %v, want a FieldError wrapping ErrKeptIdentifier", name, err)
			continue
		}
		if strings.Contains(err.Error(), "zelda") || strings.Contains(err.Error(), "555") {
			t.Errorf("%s: the error shows a value: %v", name, err)
		}
	}
	if _, err := mapS.Copy(withMap{UserID: "u1", Attrs: map[string]string{"sex": "F", "weight_kg": "61"}}); err != nil {
		t.Errorf("a map of measurements: %v", err)
	}
	allowed, err := ForType[withMap](keys, WithKeptIdentifiers())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := allowed.Copy(withMap{UserID: "u1", Attrs: map[string]string{"email": "x"}}); err != nil {
		t.Errorf("with WithKeptIdentifiers: %v", err)
	}
}
