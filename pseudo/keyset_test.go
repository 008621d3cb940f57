package pseudo

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/daead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	commonpb "github.com/tink-crypto/tink-go/v2/proto/common_go_proto"
	hmacprfpb "github.com/tink-crypto/tink-go/v2/proto/hmac_prf_go_proto"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/tink"
	"google.golang.org/protobuf/proto"
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

func TestKeysetCleartextRoundTrip(t *testing.T) {
	ks := mustKeyset(t)
	var buf bytes.Buffer
	if err := InsecureWriteCleartextKeyset(&buf, ks); err != nil {
		t.Fatal(err)
	}
	got, err := InsecureReadCleartextKeyset(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if mustNew(t, ks, "d").Pseudonym("x") != mustNew(t, got, "d").Pseudonym("x") {
		t.Fatal("pseudonyms differ after a cleartext round trip")
	}
}

// hmacPRFKeyset builds a cleartext keyset proto holding one HMAC PRF key of
// the given size, bypassing Tink's key generation (which refuses short keys).
func hmacPRFKeyset(t *testing.T, size int, status tinkpb.KeyStatusType, primary uint32) []byte {
	t.Helper()
	key := &hmacprfpb.HmacPrfKey{
		Params:   &hmacprfpb.HmacPrfParams{Hash: commonpb.HashType_SHA256},
		KeyValue: bytes.Repeat([]byte{7}, size),
	}
	kb, err := proto.Marshal(key)
	if err != nil {
		t.Fatal(err)
	}
	ks := &tinkpb.Keyset{
		PrimaryKeyId: primary,
		Key: []*tinkpb.Keyset_Key{{
			KeyData: &tinkpb.KeyData{
				TypeUrl:         hmacPRFTypeURL,
				Value:           kb,
				KeyMaterialType: tinkpb.KeyData_SYMMETRIC,
			},
			Status:           status,
			KeyId:            42,
			OutputPrefixType: tinkpb.OutputPrefixType_RAW,
		}},
	}
	var buf bytes.Buffer
	if err := keyset.NewJSONWriter(&buf).Write(ks); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestKeysetRejects(t *testing.T) {
	sivHandle, err := keyset.NewHandle(daead.AESSIVKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	var siv bytes.Buffer
	if err := insecurecleartextkeyset.Write(sivHandle, keyset.NewJSONWriter(&siv)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		json []byte
		want error
	}{
		{"120-bit key", hmacPRFKeyset(t, 15, tinkpb.KeyStatusType_ENABLED, 42), ErrWeakKey},
		{"64-bit key", hmacPRFKeyset(t, 8, tinkpb.KeyStatusType_ENABLED, 42), ErrWeakKey},
		{"primary disabled", hmacPRFKeyset(t, 32, tinkpb.KeyStatusType_DISABLED, 42), ErrNoPrimaryKey},
		{"primary missing", hmacPRFKeyset(t, 32, tinkpb.KeyStatusType_ENABLED, 7), ErrNoPrimaryKey},
		{"not a PRF keyset", siv.Bytes(), ErrUnsupportedKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := InsecureReadCleartextKeyset(bytes.NewReader(tc.json))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	// The 128-bit minimum itself is accepted.
	if _, err := InsecureReadCleartextKeyset(bytes.NewReader(hmacPRFKeyset(t, 16, tinkpb.KeyStatusType_ENABLED, 42))); err != nil {
		t.Fatalf("128-bit key: %v", err)
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

// A malformed keyset file never puts its content (which may be key
// material) into the error.
func TestKeysetErrorsHoldNoKeyMaterial(t *testing.T) {
	var buf bytes.Buffer
	if err := InsecureWriteCleartextKeyset(&buf, mustKeyset(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Key []struct {
			KeyData struct {
				Value string `json:"value"`
			} `json:"keyData"`
		} `json:"key"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	value := doc.Key[0].KeyData.Value
	for _, bad := range []string{value + "!", value[:len(value)-3]} {
		in := strings.Replace(buf.String(), value, bad, 1)
		_, err := InsecureReadCleartextKeyset(strings.NewReader(in))
		if !errors.Is(err, ErrKeyset) {
			t.Fatalf("corrupted key: %v", err)
		}
		if strings.Contains(err.Error(), value[:16]) {
			t.Fatalf("error reveals key material: %v", err)
		}
	}
}
