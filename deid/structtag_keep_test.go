package deid

import (
	"errors"
	"strings"
	"testing"
	"time"
)

type keptContact struct {
	Email string `deid:"drop"`
	Phone string `deid:"drop"`
}

type keptPlain struct {
	Kind  string `deid:"keep"`
	Value string `deid:"keep"`
}

type keptDevice struct {
	Model  string        `deid:"keep"`
	Owners []keptContact `deid:"drop"`
}

type keptOuter struct {
	Device keptDevice `deid:"nested"`
}

type keptNode struct {
	Label string    `deid:"keep"`
	Next  *keptNode `deid:"keep"`
}

// A field kept whole whose type carries deid tags that drop or transform
// its own fields would release what those tags hide: an embedded struct,
// a slice or a map of such a type tagged keep copied e-mail addresses
// through. It is a TagError, wherever the tagged type is beneath.
func TestKeptTypesWithTagsRefused(t *testing.T) {
	refused := map[string]func() error{
		"embedded": func() error {
			_, err := ForType[struct {
				keptContact `deid:"keep"`
			}](Keys{})
			return err
		},
		"field": func() error {
			_, err := ForType[struct {
				C keptContact `deid:"keep"`
			}](Keys{})
			return err
		},
		"pointer": func() error {
			_, err := ForType[struct {
				C *keptContact `deid:"keep"`
			}](Keys{})
			return err
		},
		"slice": func() error {
			_, err := ForType[struct {
				C []keptContact `deid:"keep"`
			}](Keys{})
			return err
		},
		"array": func() error {
			_, err := ForType[struct {
				C [2]*keptContact `deid:"keep"`
			}](Keys{})
			return err
		},
		"map value": func() error {
			_, err := ForType[struct {
				C map[string]keptContact `deid:"keep"`
			}](Keys{})
			return err
		},
		"map key": func() error {
			_, err := ForType[struct {
				C map[keptContact]int `deid:"keep"`
			}](Keys{})
			return err
		},
		"deeper": func() error {
			_, err := ForType[struct {
				C []keptOuter `deid:"keep"`
			}](Keys{})
			return err
		},
	}
	for name, f := range refused {
		err := f()
		var te *TagError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), "kept whole") {
			t.Errorf("%s: %v, want a TagError", name, err)
		}
	}
	// Types whose tags all keep, and recursive ones, are kept.
	if _, err := ForType[struct {
		P  []keptPlain   `deid:"keep"`
		N  *keptNode     `deid:"keep"`
		C  keptContact   `deid:"nested"`
		D  keptContact   `deid:"drop"`
		Ds []keptContact `deid:"drop"`
	}](Keys{}); err != nil {
		t.Fatal(err)
	}
}

// An interface kept whole is checked by value: one holding a type whose
// tags drop or transform fields is a FieldError naming the field and the
// type, never a value.
func TestKeptInterfaceWithTagsRefused(t *testing.T) {
	type rec struct {
		Extra any            `deid:"keep"`
		Meta  map[string]any `deid:"keep"`
	}
	s, err := ForType[rec](Keys{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Copy(rec{Extra: "ok", Meta: map[string]any{"a": 1, "b": keptPlain{"x", "y"}}}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []rec{
		{Extra: keptContact{Email: "ann@example.org"}},
		{Extra: &keptContact{Email: "ann@example.org"}},
		{Meta: map[string]any{"owner": []keptContact{{Email: "ann@example.org"}}}},
		{Meta: map[string]any{"dev": map[string]any{"x": keptOuter{}}}},
	} {
		_, err := s.Copy(v)
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrUnsupportedType) || strings.Contains(err.Error(), "ann@") {
			t.Errorf("%+v: %v, want a FieldError without the value", v, err)
		}
	}
}

type keptPerson struct {
	Name  string
	Email string
}

// A keep tag on a field whose name reads as a direct identifier, or on a
// struct with such fields beneath, is refused unless the caller says the
// identifiers are meant to pass: a Struct has no report to warn in, and
// Copy released e-mail addresses tagged keep without a word.
func TestKeptIdentifierNamesRefused(t *testing.T) {
	refused := map[string]func(...StructOption) error{
		"email": func(o ...StructOption) error {
			_, err := ForType[struct {
				Email string `deid:"keep"`
			}](Keys{}, o...)
			return err
		},
		"json name": func(o ...StructOption) error {
			_, err := ForType[struct {
				Contact string `json:"phone_number" deid:"keep"`
			}](Keys{}, o...)
			return err
		},
		"beneath a kept struct": func(o ...StructOption) error {
			_, err := ForType[struct {
				Owner keptPerson `deid:"keep"`
			}](Keys{}, o...)
			return err
		},
		"beneath a kept slice": func(o ...StructOption) error {
			_, err := ForType[struct {
				Owners []*keptPerson `deid:"keep"`
			}](Keys{}, o...)
			return err
		},
	}
	for name, f := range refused {
		err := f()
		var te *TagError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), "WithKeptIdentifiers") {
			t.Errorf("%s: %v, want a TagError", name, err)
		}
		if err := f(WithKeptIdentifiers()); err != nil {
			t.Errorf("%s with WithKeptIdentifiers: %v", name, err)
		}
	}
	// Measurements, times and unexported fields are kept.
	if _, err := ForType[struct {
		WeightKg   float64   `deid:"keep"`
		MeasuredAt time.Time `deid:"keep"`
		Sex        string    `deid:"keep"`
		scale      string    `deid:"keep"`
	}](Keys{}); err != nil {
		t.Fatal(err)
	}
}

// An unexported field cannot be transformed, only kept; one whose name
// reads as an identifier was kept without WithKeptIdentifiers, so Copy
// handed the e-mail address on (to %v, to the type's own methods).
func TestKeptUnexportedIdentifierRefused(t *testing.T) {
	type contact struct {
		Email string
	}
	for name, compile := range map[string]func(...StructOption) error{
		"email": func(o ...StructOption) error {
			_, err := ForType[struct {
				UserID string `deid:"pseudonymize,domain=d"`
				email  string `deid:"keep"`
			}](profileKeys(t), o...)
			return err
		},
		"patientName": func(o ...StructOption) error {
			_, err := ForType[struct {
				patientName string `deid:"keep"`
			}](Keys{}, o...)
			return err
		},
		"embedded unexported struct": func(o ...StructOption) error {
			_, err := ForType[struct {
				contact `deid:"keep"`
			}](Keys{}, o...)
			return err
		},
	} {
		var te *TagError
		if err := compile(); !errors.As(err, &te) || !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), "WithKeptIdentifiers") {
			t.Errorf("%s: %v, want a TagError", name, err)
		}
		if err := compile(WithKeptIdentifiers()); err != nil {
			t.Errorf("%s with WithKeptIdentifiers: %v", name, err)
		}
	}
}
