// Package keyfile loads the keysets of the example programs.
//
// In production a keyset file is a Tink keyset encrypted under a KMS key
// (see the README). The programs here take the key-encryption key as a
// local cleartext AEAD keyset instead (-kek-keyset, read with
// insecurekeyset.ReadKEK), which keeps them free of cloud dependencies;
// that file must be protected like the keys it wraps.
//
// Without a keyset the programs fall back to the embedded DEMO keysets,
// which are public (they are in the source tree) and must never protect real
// data: the programs say so on stderr, and refuse them on an input of the
// user's own unless -demo-keys is given (CheckDemo).
package keyfile

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"

	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

//go:embed DEMO-ONLY-keyset.json
var demoKeyset []byte

//go:embed DEMO-ONLY-token-keyset.json
var demoTokenKeyset []byte

// DemoWarning is what the programs print when they run on the demo keys.
const DemoWarning = "WARNING: using the built-in DEMO keys, which are public; never use them for real data (pass -keyset and -kek-keyset)"

// Keys are the keysets a program works with.
type Keys struct {
	Pseudonyms *pseudo.Keyset
	Tokens     *pseudo.TokenKeyset
	Demo       bool // the embedded demo keys are in use
}

// Load reads the pseudonym keyset at keysetPath and, when tokenPath is not
// empty, the token keyset there, both encrypted under the local AEAD keyset
// at kekPath. With keysetPath empty it returns the demo keys.
func Load(keysetPath, tokenPath, kekPath string) (Keys, error) {
	if err := CheckFlags(keysetPath, tokenPath, kekPath); err != nil {
		return Keys{}, err
	}
	if keysetPath == "" {
		return demo()
	}
	kek, err := ReadKEK(kekPath)
	if err != nil {
		return Keys{}, err
	}
	f, err := os.Open(keysetPath)
	if err != nil {
		return Keys{}, err
	}
	defer f.Close()
	ks, err := pseudo.ReadKeyset(f, kek)
	if err != nil {
		return Keys{}, fmt.Errorf("%s: %w", keysetPath, err)
	}
	keys := Keys{Pseudonyms: ks}
	if tokenPath != "" {
		g, err := os.Open(tokenPath)
		if err != nil {
			return Keys{}, err
		}
		defer g.Close()
		if keys.Tokens, err = pseudo.ReadTokenKeyset(g, kek); err != nil {
			return Keys{}, fmt.Errorf("%s: %w", tokenPath, err)
		}
	}
	return keys, nil
}

// ErrUsage is the cause of the errors of CheckFlags: a program exits with
// its usage status (2) on them.
var ErrUsage = errors.New("usage")

// CheckFlags checks the combination of key flags: -keyset needs
// -kek-keyset (an encrypted keyset cannot be read without it), and
// -kek-keyset or -token-keyset without -keyset would leave the program on
// the demo keys while its user believes it runs on real ones.
func CheckFlags(keysetPath, tokenPath, kekPath string) error {
	switch {
	case keysetPath != "" && kekPath == "":
		return fmt.Errorf("%w: -keyset needs -kek-keyset (the key-encryption key)", ErrUsage)
	case keysetPath == "" && kekPath != "":
		return fmt.Errorf("%w: -kek-keyset needs -keyset (without it the public demo keys would be used)", ErrUsage)
	case keysetPath == "" && tokenPath != "":
		return fmt.Errorf("%w: -token-keyset needs -keyset", ErrUsage)
	}
	return nil
}

func demo() (Keys, error) {
	ks, err := insecurekeyset.ReadKeyset(bytes.NewReader(demoKeyset))
	if err != nil {
		return Keys{}, err
	}
	tks, err := insecurekeyset.ReadTokenKeyset(bytes.NewReader(demoTokenKeyset))
	if err != nil {
		return Keys{}, err
	}
	return Keys{Pseudonyms: ks, Tokens: tks, Demo: true}, nil
}

// ReadKEK reads a cleartext Tink AEAD keyset, the local stand-in for a KMS
// key-encryption key.
func ReadKEK(path string) (tink.AEAD, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := insecurekeyset.ReadKEK(f)
	if errors.Is(err, pseudo.ErrUnsupportedKey) {
		return nil, fmt.Errorf("%s: not an AEAD keyset: %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: not a Tink keyset: %w", path, err)
	}
	return a, nil
}

// NewKEK generates a local AEAD keyset (AES-256-GCM) and writes it in
// cleartext to path, for tests and trials of the programs.
func NewKEK(path string) (tink.AEAD, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	a, err := insecurekeyset.NewKEK(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return a, nil
}
