package insecurekeyset_test

import (
	"bytes"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
)

// Zero keysets are refused with pseudo.ErrZeroValue, never a panic.
func TestZeroKeysetsRefused(t *testing.T) {
	for name, call := range map[string]func() error{
		"WriteKeyset":      func() error { return insecurekeyset.WriteKeyset(&bytes.Buffer{}, &pseudo.Keyset{}) },
		"WriteTokenKeyset": func() error { return insecurekeyset.WriteTokenKeyset(&bytes.Buffer{}, &pseudo.TokenKeyset{}) },
		"DomainKey":        func() error { _, err := insecurekeyset.DomainKey(&pseudo.Keyset{}, "d", 1); return err },
	} {
		t.Run(name, func(t *testing.T) { testenv.Refuses(t, call, pseudo.ErrZeroValue) })
	}
}
