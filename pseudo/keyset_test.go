package pseudo

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// localKEK returns a key-encryption AEAD held in memory: what tests and
// demos use where production uses a KMS key.
func localKEK(t testing.TB) tink.AEAD {
	t.Helper()
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	a, err := aead.New(h)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestKeysetEncryptedRoundTrip(t *testing.T) {
	ks := mustKeyset(t)
	kek := localKEK(t)
	var buf bytes.Buffer
	if err := ks.Write(&buf, kek); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("keyValue")) || !bytes.Contains(buf.Bytes(), []byte("encryptedKeyset")) {
		t.Fatalf("written keyset does not look encrypted: %s", buf.Bytes())
	}
	got, err := ReadKeyset(bytes.NewReader(buf.Bytes()), kek)
	if err != nil {
		t.Fatal(err)
	}
	if got.PrimaryKeyID() != ks.PrimaryKeyID() {
		t.Fatalf("primary %d, want %d", got.PrimaryKeyID(), ks.PrimaryKeyID())
	}
	a, b := mustNew(t, ks, "fraud"), mustNew(t, got, "fraud")
	if a.Pseudonym("u-1") != b.Pseudonym("u-1") {
		t.Fatal("pseudonyms differ after a write/read round trip")
	}

	_, err = ReadKeyset(bytes.NewReader(buf.Bytes()), localKEK(t))
	if !errors.Is(err, ErrKeyset) {
		t.Fatalf("wrong KEK: got %v, want ErrKeyset", err)
	}
	if _, err := ReadKeyset(bytes.NewReader(buf.Bytes()), nil); !errors.Is(err, ErrKeyset) {
		t.Fatalf("nil KEK: got %v, want ErrKeyset", err)
	}
	if err := ks.Write(&bytes.Buffer{}, nil); !errors.Is(err, ErrKeyset) {
		t.Fatalf("write with nil KEK: got %v, want ErrKeyset", err)
	}
	if _, err := ReadKeyset(strings.NewReader("{not json"), kek); !errors.Is(err, ErrKeyset) {
		t.Fatalf("garbage: got %v, want ErrKeyset", err)
	}
}

// Key IDs the keyset does not hold are refused, for pseudonyms and for
// promotion.
func TestUnknownKeyIDs(t *testing.T) {
	m := keyset.NewManager()
	id, err := m.Add(prfTemplate())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetPrimary(id); err != nil {
		t.Fatal(err)
	}
	h, err := m.Handle()
	if err != nil {
		t.Fatal(err)
	}
	ks, err := NewKeysetFromHandle(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewKeysetFromHandle(nil); !errors.Is(err, ErrKeyset) {
		t.Fatalf("nil handle: %v", err)
	}
	if _, err := New(ks, "d", WithKeyID(id+1)); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown key: got %v, want ErrUnknownKey", err)
	}
	if _, err := ks.SetPrimary(id + 1); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("set unknown primary: got %v, want ErrUnknownKey", err)
	}
}

func TestTwoStepRotation(t *testing.T) {
	ks := mustKeyset(t)
	first := ks.PrimaryKeyID()
	added, id, err := ks.AddKey()
	if err != nil {
		t.Fatal(err)
	}
	if added.PrimaryKeyID() != first {
		t.Fatal("AddKey changed the primary key")
	}
	if ids := added.KeyIDs(); len(ids) != 2 || ids[0] != first || ids[1] != id {
		t.Fatalf("KeyIDs = %v, want [%d %d]", ids, first, id)
	}
	promoted, err := added.SetPrimary(id)
	if err != nil {
		t.Fatal(err)
	}
	if promoted.PrimaryKeyID() != id {
		t.Fatal("SetPrimary did not promote")
	}
	oldP, newP := mustNew(t, ks, "ai-engine", WithKeyVersion()), mustNew(t, promoted, "ai-engine", WithKeyVersion())
	for p, want := range map[*Pseudonymizer]uint32{oldP: first, newP: id} {
		got, _, ok := ParseKeyVersion(p.Pseudonym("u-1"))
		if !ok || got != want {
			t.Fatalf("ParseKeyVersion = %d, %v; want %d", got, ok, want)
		}
	}
	// The original keyset is unchanged: rotation returns copies.
	if len(ks.KeyIDs()) != 1 {
		t.Fatal("rotation modified the original keyset")
	}
}

func prfTemplate() *tinkpb.KeyTemplate { return prf.HMACSHA256PRFKeyTemplate() }

func TestRetireKeys(t *testing.T) {
	ks := mustKeyset(t)
	old := ks.PrimaryKeyID()
	rotated, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rotated.DisableKey(rotated.PrimaryKeyID()); !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("disabling the primary: %v", err)
	}
	if _, err := rotated.DeleteKey(rotated.PrimaryKeyID()); !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("deleting the primary: %v", err)
	}
	for name, retire := range map[string]func(uint32) (*Keyset, error){"disable": rotated.DisableKey, "delete": rotated.DeleteKey} {
		r, err := retire(old)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ids := r.KeyIDs(); len(ids) != 1 || ids[0] != rotated.PrimaryKeyID() {
			t.Fatalf("%s: enabled keys %v", name, ids)
		}
		if _, err := New(r, "d", WithKeyID(old)); !errors.Is(err, ErrUnknownKey) {
			t.Fatalf("%s: the retired key still computes: %v", name, err)
		}
		if mustNew(t, r, "d").Pseudonym("u") != mustNew(t, rotated, "d").Pseudonym("u") {
			t.Fatalf("%s: retiring an old key changed the primary's pseudonyms", name)
		}
	}
	if _, err := rotated.DeleteKey(12345); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown key: %v", err)
	}
	if len(rotated.KeyIDs()) != 2 {
		t.Fatal("retiring modified the original keyset")
	}
}

// What rotation changes, and what WithKeyID pins: pseudonyms, per-person
// values (deid's date_shift offsets), FPE outputs, the key that seals
// tokens, and audit digests are all derived from the chosen key.
func TestWithKeyIDPinsEveryDerivedValue(t *testing.T) {
	ks := mustKeyset(t)
	rotated, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	old := ks.PrimaryKeyID()
	derived := map[string]func(*Keyset, ...Option) (string, error){
		"pseudonym": func(k *Keyset, o ...Option) (string, error) {
			p, err := New(k, "d", o...)
			if err != nil {
				return "", err
			}
			return p.Pseudonym("u-1"), nil
		},
		"per-person value": func(k *Keyset, o ...Option) (string, error) {
			p, err := New(k, "date-shift/d", o...)
			if err != nil {
				return "", err
			}
			return fmt.Sprint(p.Uint64([]byte("u-1"))), nil
		},
		"fpe": func(k *Keyset, o ...Option) (string, error) {
			f, err := NewFPE(k, "d", Digits, o...)
			if err != nil {
				return "", err
			}
			return f.Encrypt("4006123456")
		},
		"audit digest": func(k *Keyset, o ...Option) (string, error) {
			a, err := NewAuditor((&recorder{}).hook, k, o...)
			if err != nil {
				return "", err
			}
			return a.Digest(OpOpenToken, "c", "tok"), nil
		},
	}
	for name, derive := range derived {
		before, err1 := derive(ks)
		after, err2 := derive(rotated)
		pinned, err3 := derive(rotated, WithKeyID(old))
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if before == after {
			t.Errorf("%s: unchanged by rotation", name)
		}
		if pinned != before {
			t.Errorf("%s: WithKeyID(old key) does not give the value before rotation", name)
		}
		if _, err := derive(rotated, WithKeyID(old+rotated.PrimaryKeyID())); !errors.Is(err, ErrUnknownKey) {
			t.Errorf("%s: unknown key: %v", name, err)
		}
	}

	tks := mustTokenKeyset(t)
	tRotated, err := tks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	tokBefore, _ := mustTokenizer(t, tks, "c").Token("u-1")
	pinned, err := NewTokenizer(tRotated, "c", WithKeyID(tks.PrimaryKeyID()))
	if err != nil {
		t.Fatal(err)
	}
	if tok, _ := pinned.Token("u-1"); tok != tokBefore || pinned.KeyID() != tks.PrimaryKeyID() {
		t.Errorf("a tokenizer pinned to the old key seals %q, want %q", tok, tokBefore)
	}
	if tok, _ := mustTokenizer(t, tRotated, "c").Token("u-1"); tok == tokBefore {
		t.Error("the rotated token keyset seals with the old key")
	}
	if _, err := NewTokenizer(tRotated, "c", WithKeyID(12345)); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("unknown token key: %v", err)
	}
}
