package insecurekeyset_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
)

// Without a KMS, the key-encryption key can be a local cleartext AEAD
// keyset: the keysets stay encrypted on disk, and only the KEK file must
// be protected like the keys it wraps (keep it apart from them).
func ExampleReadKEK() {
	dir, err := os.MkdirTemp("", "keys")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	kekPath, keysetPath := filepath.Join(dir, "kek.json"), filepath.Join(dir, "keyset.json")

	// Once: make the KEK and a keyset encrypted under it.
	kekFile, err := os.OpenFile(kekPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		log.Fatal(err)
	}
	kek, err := insecurekeyset.NewKEK(kekFile)
	if err != nil {
		log.Fatal(err)
	}
	if err := kekFile.Close(); err != nil {
		log.Fatal(err)
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	keysetFile, err := os.Create(keysetPath)
	if err != nil {
		log.Fatal(err)
	}
	if err := ks.Write(keysetFile, kek); err != nil {
		log.Fatal(err)
	}
	if err := keysetFile.Close(); err != nil {
		log.Fatal(err)
	}

	// Every run: read the KEK, then the keyset with it.
	f, err := os.Open(kekPath)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	kek, err = insecurekeyset.ReadKEK(f)
	if err != nil {
		log.Fatal(err)
	}
	g, err := os.Open(keysetPath)
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()
	loaded, err := pseudo.ReadKeyset(g, kek)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(loaded.PrimaryKeyID() == ks.PrimaryKeyID(), loaded)
	// Output: true Keyset[redacted]
}

// A system outside Go computes the same pseudonyms from the domain key.
func ExampleDomainKey() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	key, err := insecurekeyset.DomainKey(ks, "research/partner-x", ks.PrimaryKeyID())
	if err != nil {
		log.Fatal(err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("u-7"))
	byHand := hex.EncodeToString(mac.Sum(nil)[:pseudo.DefaultBits/8])

	p, err := pseudo.New(ks, "research/partner-x")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(byHand == p.Pseudonym("u-7"))
	// Output: true
}
