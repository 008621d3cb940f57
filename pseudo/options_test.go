package pseudo

import (
	"errors"
	"strings"
	"testing"
)

// Every option is accepted where its doc says it applies, and refused
// elsewhere with an error that names it.
func TestOptionsApplyWhereDocumented(t *testing.T) {
	ks := mustKeyset(t)
	tks := mustTokenKeyset(t)
	a := mustAuditor(t, (&recorder{}).hook)
	p := mustNew(t, ks, "d")
	constructors := map[string]func(...Option) error{
		"New":          func(o ...Option) error { _, err := New(ks, "d", o...); return err },
		"NewFPE":       func(o ...Option) error { _, err := NewFPE(ks, "d", Digits, o...); return err },
		"NewTokenizer": func(o ...Option) error { _, err := NewTokenizer(tks, "d", o...); return err },
		"NewAuditor":   func(o ...Option) error { _, err := NewAuditor((&recorder{}).hook, ks, o...); return err },
		"Remap": func(o ...Option) error {
			_, err := Remap(WithAuditInfo(t.Context(), "w", "y"), p, p, func(func(string) bool) {}, o...)
			return err
		},
	}
	options := []struct {
		name    string
		opt     Option
		applies string // the constructors it applies to
	}{
		{"WithBits", WithBits(64), "New"},
		{"WithEncoding", WithEncoding(Base32), "New"},
		{"WithKeyVersion", WithKeyVersion(), "New"},
		{"WithKeyID", WithKeyID(ks.PrimaryKeyID()), "New NewFPE NewAuditor"},
		{"WithPassThrough", WithPassThrough("-"), "NewFPE"},
		{"WithAuditor", WithAuditor(a), "NewFPE NewTokenizer Remap"},
		{"AllowUnauditedReversal", AllowUnauditedReversal(), "NewFPE NewTokenizer Remap"},
	}
	for _, o := range options {
		for name, build := range constructors {
			err := build(o.opt)
			applies := strings.Contains(" "+o.applies+" ", " "+name+" ")
			if o.name == "WithKeyID" && name == "NewTokenizer" {
				// The pseudonym keyset's key ID is not in the token keyset.
				applies, err = true, build(WithKeyID(tks.PrimaryKeyID()))
			}
			switch {
			case applies && err != nil:
				t.Errorf("%s(%s): %v", name, o.name, err)
			case !applies && !errors.Is(err, ErrInvalidOption):
				t.Errorf("%s(%s): %v, want ErrInvalidOption", name, o.name, err)
			case !applies && !strings.Contains(err.Error(), o.name+" does not apply to "+name):
				t.Errorf("%s(%s): error %q does not name the option", name, o.name, err)
			}
		}
	}
	for name, build := range constructors {
		if err := build(nil); !errors.Is(err, ErrInvalidOption) {
			t.Errorf("%s(nil): %v", name, err)
		}
	}
}

func TestOptionValues(t *testing.T) {
	ks := mustKeyset(t)
	for name, opt := range map[string]Option{
		"WithBits(56)":          WithBits(56),
		"WithEncoding(9)":       WithEncoding(Encoding(9)),
		"WithPassThrough(\"\")": WithPassThrough(""),
		"WithPassThrough(bad)":  WithPassThrough("\xff"),
		"WithAuditor(nil)":      WithAuditor(nil),
	} {
		_, err1 := New(ks, "d", opt)
		_, err2 := NewFPE(ks, "d", Digits, opt)
		if !errors.Is(err1, ErrInvalidOption) || !errors.Is(err2, ErrInvalidOption) {
			t.Errorf("%s: %v, %v", name, err1, err2)
		}
	}
}
