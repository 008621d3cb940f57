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
	if id, err := tk.Open(t.Context(), before); err != nil || id != "u-1" {
		t.Fatalf("old token after rotation: %q, %v", id, err)
	}
	after, _ := tk.Token("u-1")
	if after == before {
		t.Fatal("new token made with the old key")
	}
	if _, err := mustTokenizer(t, ks, "c").Open(t.Context(), after); !errors.Is(err, ErrInvalidToken) {
		t.Fatal("the old keyset opens a token of the new key")
	}
}

func TestTokenKeysetIO(t *testing.T) {
	ks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	kek := localKEK(t)
	var enc bytes.Buffer
	if err := ks.Write(&enc, kek); err != nil {
		t.Fatal(err)
	}
	tok, _ := mustTokenizer(t, ks, "c").Token("u-1")
	got, err := ReadTokenKeyset(bytes.NewReader(enc.Bytes()), kek)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := mustTokenizer(t, got, "c").Open(t.Context(), tok); err != nil || id != "u-1" || got.PrimaryKeyID() != ks.PrimaryKeyID() {
		t.Fatalf("token opens to %q, %v", id, err)
	}
	if _, err := ReadTokenKeyset(bytes.NewReader(enc.Bytes()), localKEK(t)); !errors.Is(err, ErrKeyset) {
		t.Fatalf("wrong KEK: %v", err)
	}
	// A pseudonym keyset is not a token keyset, and the other way round.
	if _, err := NewTokenKeysetFromHandle(mustKeyset(t).Handle()); !errors.Is(err, ErrUnsupportedKey) {
		t.Fatalf("PRF keyset as token keyset: %v", err)
	}
	if _, err := NewKeysetFromHandle(ks.Handle()); !errors.Is(err, ErrUnsupportedKey) {
		t.Fatalf("token keyset as PRF keyset: %v", err)
	}
	if _, err := NewTokenKeysetFromHandle(nil); !errors.Is(err, ErrKeyset) {
		t.Fatalf("nil handle: %v", err)
	}
}
