package pseudo_test

import (
	"bytes"
	"fmt"
	"log"
	"slices"

	"github.com/deidkit/deidkit/pseudo"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
)

func Example() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	ai, err := pseudo.New(ks, "ai-engine")
	if err != nil {
		log.Fatal(err)
	}
	research, err := pseudo.New(ks, "research/partner-x")
	if err != nil {
		log.Fatal(err)
	}
	a, b := ai.Pseudonym("user-1842"), research.Pseudonym("user-1842")
	fmt.Println(len(a), a == ai.Pseudonym("user-1842"), a == b)
	fmt.Println(ai) // keys never print
	// Output:
	// 32 true false
	// Pseudonymizer[redacted]
}

// The hot path appends into a reused buffer; a Memo per goroutine skips the
// HMAC for identifiers seen recently.
func ExamplePseudonymizer_Append() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	p, err := pseudo.New(ks, "research/partner-x", pseudo.WithEncoding(pseudo.Base32))
	if err != nil {
		log.Fatal(err)
	}
	memo := p.NewMemo(4096)
	var buf []byte
	for _, id := range []string{"u-1", "u-2", "u-1"} {
		buf = memo.Append(buf[:0], []byte(id))
		fmt.Println(len(buf), string(buf) == p.Pseudonym(id))
	}
	// Output:
	// 26 true
	// 26 true
	// 26 true
}

// Keysets are stored encrypted under a key-encryption AEAD: in production a
// KMS key (Tink's gcpkms or awskms integration), here a local AEAD.
func ExampleReadKeyset() {
	kekHandle, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		log.Fatal(err)
	}
	kek, err := aead.New(kekHandle)
	if err != nil {
		log.Fatal(err)
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer
	if err := ks.Write(&file, kek); err != nil {
		log.Fatal(err)
	}
	loaded, err := pseudo.ReadKeyset(&file, kek)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(loaded.PrimaryKeyID() == ks.PrimaryKeyID(), loaded)
	// Output: true Keyset[redacted]
}

func ExampleRemap() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	rotated, err := ks.Rotate()
	if err != nil {
		log.Fatal(err)
	}
	before, _ := pseudo.New(ks, "fraud", pseudo.WithKeyVersion())
	after, _ := pseudo.New(rotated, "fraud", pseudo.WithKeyVersion())
	old := before.Pseudonym("u-7")

	// The exporter sends the recipient this map; the recipient never sees IDs.
	m, err := pseudo.Remap(before, after, slices.Values([]string{"u-7", "u-8"}))
	if err != nil {
		log.Fatal(err)
	}
	id, _, _ := pseudo.ParseKeyVersion(m[old])
	fmt.Println(len(m), m[old] == after.Pseudonym("u-7"), id == rotated.PrimaryKeyID())
	// Output: 2 true true
}

func ExampleTokenizer() {
	ks, err := pseudo.NewTokenKeyset()
	if err != nil {
		log.Fatal(err)
	}
	t, err := pseudo.NewTokenizer(ks, "cardio-check-up/partner-x")
	if err != nil {
		log.Fatal(err)
	}
	tok, err := t.Token("user-1842")
	if err != nil {
		log.Fatal(err)
	}
	id, err := t.Open(tok)
	fmt.Println(id, err)

	other, _ := pseudo.NewTokenizer(ks, "cardio-check-up/partner-y")
	_, err = other.Open(tok)
	fmt.Println(err)
	// Output:
	// user-1842 <nil>
	// pseudo: invalid token
}

func ExampleFPE() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	f, err := pseudo.NewFPE(ks, "device-serials", pseudo.Digits)
	if err != nil {
		log.Fatal(err)
	}
	ct, err := f.Encrypt("4006123456")
	if err != nil {
		log.Fatal(err)
	}
	pt, _ := f.Decrypt(ct)
	fmt.Println(len(ct), pt)
	_, err = f.Encrypt("12345")
	fmt.Println(err != nil)
	// Output:
	// 10 4006123456
	// true
}
