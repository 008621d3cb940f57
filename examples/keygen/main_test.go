package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

func TestKeygenAndRotate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	if err := run([]string{"-dir", dir}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "keyset.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("encryptedKeyset")) {
		t.Fatal("keyset.json is not encrypted")
	}
	keys, err := keyfile.Load(filepath.Join(dir, "keyset.json"), filepath.Join(dir, "token-keyset.json"), filepath.Join(dir, "kek.json"))
	if err != nil || keys.Demo || keys.Tokens == nil {
		t.Fatalf("Load: %v (demo %v)", err, keys.Demo)
	}
	if err := run([]string{"-dir", dir}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("second run overwrote keys: %v", err)
	}
	if err := run([]string{"-dir", dir, "-rotate"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	rotated, err := keyfile.Load(filepath.Join(dir, "keyset.json"), "", filepath.Join(dir, "kek.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rotated.Pseudonyms.KeyIDs()) != 2 || rotated.Pseudonyms.PrimaryKeyID() == keys.Pseudonyms.PrimaryKeyID() {
		t.Fatal("rotation did not add a primary key")
	}
	if _, err := keyfile.Load(filepath.Join(dir, "keyset.json"), "", filepath.Join(dir, "token-keyset.json")); err == nil {
		t.Fatal("a non-AEAD keyset was accepted as KEK")
	}
}
