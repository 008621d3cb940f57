package deid

import (
	"errors"
	"testing"

	"github.com/deidkit/deidkit/pseudo"
)

func TestStructWithDomain(t *testing.T) {
	type rec struct {
		User  string `deid:"pseudonymize"`
		Other string `deid:"pseudonymize,domain=fixed"`
	}
	keys := testKeys(t)
	if _, err := ForType[rec](keys); !errors.Is(err, ErrPolicy) {
		t.Fatalf("pseudonymize without a domain compiled: %v", err)
	}
	for _, domain := range []string{"ai-engine", "fraud"} {
		s, err := ForType[rec](keys, WithDomain(domain))
		if err != nil {
			t.Fatal(err)
		}
		v := rec{User: "u-1", Other: "u-1"}
		if err := s.Apply(&v); err != nil {
			t.Fatal(err)
		}
		p, _ := pseudo.New(keys.Pseudonyms, domain)
		fixed, _ := pseudo.New(keys.Pseudonyms, "fixed")
		if v.User != p.Pseudonym("u-1") || v.Other != fixed.Pseudonym("u-1") {
			t.Fatalf("domain %s: got %+v", domain, v)
		}
	}
}
