package ff1_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/pseudo/internal/ff1"
)

func TestKeyRedacted(t *testing.T) {
	key := mustHex(t, nistKey256)
	c, _, sc := digitCiphers(t, key)
	values := []struct {
		name string
		v    any
		want string
	}{
		{"*Cipher", c, "ff1.Cipher[redacted]"},
		{"Cipher", *c, "ff1.Cipher[redacted]"},
		{"*StringCipher", sc, "ff1.StringCipher[redacted]"},
		{"StringCipher", *sc, "ff1.StringCipher[redacted]"},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%q", "%d"}
	for _, tc := range values {
		for _, verb := range verbs {
			if got := fmt.Sprintf(verb, tc.v); got != tc.want {
				t.Errorf("Sprintf(%q, %s) = %q, want %q", verb, tc.name, got, tc.want)
			}
		}
		// Nested in other values, and as a panic value.
		for _, nested := range []any{
			[]any{tc.v},
			struct{ C any }{tc.v},
			struct{ c any }{tc.v}, // unexported: fmt cannot call its methods
			map[string]any{"c": tc.v},
		} {
			for _, verb := range verbs {
				assertNoKey(t, fmt.Sprintf(verb, nested), key)
			}
		}
		func() {
			defer func() { assertNoKey(t, fmt.Sprint(recover()), key) }()
			panic(tc.v)
		}()
	}
}

func assertNoKey(t *testing.T, out string, key []byte) {
	t.Helper()
	lower := hex.EncodeToString(key)
	decimal := strings.Trim(fmt.Sprint(key[:8]), "[]")
	// AES's first round key is the key itself, held as 32-bit words.
	word := fmt.Sprint(binary.BigEndian.Uint32(key))
	for _, needle := range []string{lower[:16], strings.ToUpper(lower[:16]), string(key[:8]), decimal, word} {
		if strings.Contains(out, needle) {
			t.Errorf("output %q reveals the key", out)
		}
	}
}

// TestKeyNotRetained checks that New copies what it needs: wiping the
// caller's key afterwards changes nothing.
func TestKeyNotRetained(t *testing.T) {
	key := mustHex(t, nistKey128)
	c, err := ff1.New(key, 10)
	if err != nil {
		t.Fatal(err)
	}
	clear(key)
	got, err := c.Encrypt(nil, []uint16{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// NIST Sample 1.
	if want := []uint16{2, 4, 3, 3, 4, 7, 7, 4, 8, 4}; !slices.Equal(got, want) {
		t.Errorf("after wiping the key: %v, want %v", got, want)
	}
	if !bytes.Equal(key, make([]byte, 16)) {
		t.Errorf("key changed")
	}
}
