package pseudo

import (
	"bytes"
	"errors"
	"testing"
)

// Tokens sealed before a rotation open after it; new ones use the new key.
func TestTokenRotation(t *testing.T) {
	ks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	before, err := mustTokenizer(t, ks, "c").Token("u-1")
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if rotated.PrimaryKeyID() == ks.PrimaryKeyID() {
		t.Fatal("rotation kept the primary")
	}
	tk := mustTokenizer(t, rotated, "c")
	if id, err := tk.Open(before); err != nil || id != "u-1" {
		t.Fatalf("old token after rotation: %q, %v", id, err)
	}
	after, _ := tk.Token("u-1")
	if after == before {
		t.Fatal("new token made with the old key")
	}
	if _, err := mustTokenizer(t, ks, "c").Open(after); !errors.Is(err, ErrInvalidToken) {
		t.Fatal("the old keyset opens a token of the new key")
	}
}

func TestTokenKeysetIO(t *testing.T) {
	ks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	kek := localKEK(t)
	var enc, clear bytes.Buffer
	if err := ks.Write(&enc, kek); err != nil {
		t.Fatal(err)
	}
	if err := InsecureWriteCleartextTokenKeyset(&clear, ks); err != nil {
		t.Fatal(err)
	}
	tok, _ := mustTokenizer(t, ks, "c").Token("u-1")
	for name, read := range map[string]func() (*TokenKeyset, error){
		"encrypted": func() (*TokenKeyset, error) { return ReadTokenKeyset(bytes.NewReader(enc.Bytes()), kek) },
		"cleartext": func() (*TokenKeyset, error) { return InsecureReadCleartextTokenKeyset(bytes.NewReader(clear.Bytes())) },
	} {
		got, err := read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if id, err := mustTokenizer(t, got, "c").Open(tok); err != nil || id != "u-1" || got.PrimaryKeyID() != ks.PrimaryKeyID() {
			t.Fatalf("%s: token opens to %q, %v", name, id, err)
		}
	}
	if _, err := ReadTokenKeyset(bytes.NewReader(enc.Bytes()), localKEK(t)); !errors.Is(err, ErrKeyset) {
		t.Fatalf("wrong KEK: %v", err)
	}
	// A pseudonym keyset is not a token keyset, and the other way round.
	var prf bytes.Buffer
	if err := InsecureWriteCleartextKeyset(&prf, mustKeyset(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := InsecureReadCleartextTokenKeyset(&prf); !errors.Is(err, ErrUnsupportedKey) {
		t.Fatalf("PRF keyset as token keyset: %v", err)
	}
	if _, err := InsecureReadCleartextKeyset(bytes.NewReader(clear.Bytes())); !errors.Is(err, ErrUnsupportedKey) {
		t.Fatalf("token keyset as PRF keyset: %v", err)
	}
}
