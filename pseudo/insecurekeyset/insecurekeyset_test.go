package insecurekeyset_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
	"github.com/tink-crypto/tink-go/v2/daead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	commonpb "github.com/tink-crypto/tink-go/v2/proto/common_go_proto"
	hmacprfpb "github.com/tink-crypto/tink-go/v2/proto/hmac_prf_go_proto"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/proto"
)

func mustKeyset(t testing.TB) *pseudo.Keyset {
	t.Helper()
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func pseudonym(t testing.TB, ks *pseudo.Keyset, id string, opts ...pseudo.Option) string {
	t.Helper()
	p, err := pseudo.New(ks, "d", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p.Pseudonym(id)
}

func TestKeysetCleartextRoundTrip(t *testing.T) {
	ks := mustKeyset(t)
	var buf bytes.Buffer
	if err := insecurekeyset.WriteKeyset(&buf, ks); err != nil {
		t.Fatal(err)
	}
	got, err := insecurekeyset.ReadKeyset(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if pseudonym(t, ks, "x") != pseudonym(t, got, "x") {
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
				TypeUrl:         "type.googleapis.com/google.crypto.tink.HmacPrfKey",
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
		{"120-bit key", hmacPRFKeyset(t, 15, tinkpb.KeyStatusType_ENABLED, 42), pseudo.ErrWeakKey},
		{"64-bit key", hmacPRFKeyset(t, 8, tinkpb.KeyStatusType_ENABLED, 42), pseudo.ErrWeakKey},
		{"primary disabled", hmacPRFKeyset(t, 32, tinkpb.KeyStatusType_DISABLED, 42), pseudo.ErrNoPrimaryKey},
		{"primary missing", hmacPRFKeyset(t, 32, tinkpb.KeyStatusType_ENABLED, 7), pseudo.ErrNoPrimaryKey},
		{"not a PRF keyset", siv.Bytes(), pseudo.ErrUnsupportedKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := insecurekeyset.ReadKeyset(bytes.NewReader(tc.json))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	// The 128-bit minimum itself is accepted.
	if _, err := insecurekeyset.ReadKeyset(bytes.NewReader(hmacPRFKeyset(t, 16, tinkpb.KeyStatusType_ENABLED, 42))); err != nil {
		t.Fatalf("128-bit key: %v", err)
	}
}

// A malformed keyset file never puts its content (which may be key
// material) into the error.
func TestKeysetErrorsHoldNoKeyMaterial(t *testing.T) {
	var buf bytes.Buffer
	if err := insecurekeyset.WriteKeyset(&buf, mustKeyset(t)); err != nil {
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
		_, err := insecurekeyset.ReadKeyset(strings.NewReader(in))
		if !errors.Is(err, pseudo.ErrKeyset) {
			t.Fatalf("corrupted key: %v", err)
		}
		if strings.Contains(err.Error(), value[:16]) {
			t.Fatalf("error reveals key material: %v", err)
		}
	}
}

func TestTokenKeysetRoundTrip(t *testing.T) {
	ks, err := pseudo.NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := insecurekeyset.WriteTokenKeyset(&buf, ks); err != nil {
		t.Fatal(err)
	}
	prfJSON := new(bytes.Buffer)
	if err := insecurekeyset.WriteKeyset(prfJSON, mustKeyset(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := insecurekeyset.ReadKeyset(bytes.NewReader(buf.Bytes())); !errors.Is(err, pseudo.ErrUnsupportedKey) {
		t.Errorf("token keyset read as pseudonym keyset: %v", err)
	}
	if _, err := insecurekeyset.ReadTokenKeyset(prfJSON); !errors.Is(err, pseudo.ErrUnsupportedKey) {
		t.Errorf("pseudonym keyset read as token keyset: %v", err)
	}
	got, err := insecurekeyset.ReadTokenKeyset(&buf)
	if err != nil {
		t.Fatal(err)
	}
	seal, _ := pseudo.NewTokenizer(ks, "c")
	open, _ := pseudo.NewTokenizer(got, "c", pseudo.AllowUnauditedReversal())
	tok, _ := seal.Token("u-1")
	if id, err := open.Open(t.Context(), tok); err != nil || id != "u-1" {
		t.Fatalf("token opens to %q, %v", id, err)
	}
	if err := insecurekeyset.WriteTokenKeyset(&buf, nil); !errors.Is(err, pseudo.ErrKeyset) {
		t.Errorf("nil token keyset: %v", err)
	}
	if err := insecurekeyset.WriteKeyset(&buf, nil); !errors.Is(err, pseudo.ErrKeyset) {
		t.Errorf("nil keyset: %v", err)
	}
}

// DomainKey is the key a system without this module needs to compute the
// same pseudonyms: HMAC-SHA256(key, id), truncated and encoded, after the
// key-version prefix.
func TestDomainKey(t *testing.T) {
	ks := mustKeyset(t)
	rotated, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []uint32{ks.PrimaryKeyID(), rotated.PrimaryKeyID()} {
		key, err := insecurekeyset.DomainKey(rotated, "d", id)
		if err != nil {
			t.Fatal(err)
		}
		m := hmac.New(sha256.New, key)
		m.Write([]byte("u-1"))
		want := hex.EncodeToString(m.Sum(nil)[:16])
		if got := pseudonym(t, rotated, "u-1", pseudo.WithKeyID(id)); got != want {
			t.Errorf("key %d: pseudonym %q, HMAC under the domain key %q", id, got, want)
		}
		if got := pseudonym(t, rotated, "u-1", pseudo.WithKeyID(id), pseudo.WithKeyVersion()); !strings.HasSuffix(got, "."+want) {
			t.Errorf("key %d: versioned pseudonym %q", id, got)
		}
	}
	if _, err := insecurekeyset.DomainKey(ks, "d", 12345); !errors.Is(err, pseudo.ErrUnknownKey) {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := insecurekeyset.DomainKey(ks, "", ks.PrimaryKeyID()); !errors.Is(err, pseudo.ErrInvalidDomain) {
		t.Errorf("empty domain: %v", err)
	}
	if _, err := insecurekeyset.DomainKey(nil, "d", 1); !errors.Is(err, pseudo.ErrKeyset) {
		t.Errorf("nil keyset: %v", err)
	}
}

// A key-encryption key written by NewKEK reads back and decrypts the
// keysets encrypted under it; other keysets are refused.
func TestKEK(t *testing.T) {
	var kekFile bytes.Buffer
	kek, err := insecurekeyset.NewKEK(&kekFile)
	if err != nil {
		t.Fatal(err)
	}
	ks := mustKeyset(t)
	var enc bytes.Buffer
	if err := ks.Write(&enc, kek); err != nil {
		t.Fatal(err)
	}
	read, err := insecurekeyset.ReadKEK(bytes.NewReader(kekFile.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := pseudo.ReadKeyset(&enc, read)
	if err != nil {
		t.Fatal(err)
	}
	if pseudonym(t, got, "u-1") != pseudonym(t, ks, "u-1") {
		t.Fatal("keyset differs after a round trip under the read KEK")
	}
	var prfJSON bytes.Buffer
	if err := insecurekeyset.WriteKeyset(&prfJSON, ks); err != nil {
		t.Fatal(err)
	}
	if _, err := insecurekeyset.ReadKEK(&prfJSON); !errors.Is(err, pseudo.ErrUnsupportedKey) {
		t.Errorf("a PRF keyset as KEK: %v", err)
	}
	for _, bad := range []string{"", "{}", "{not json", `{"primaryKeyId": 1, "key": []}`} {
		if _, err := insecurekeyset.ReadKEK(strings.NewReader(bad)); !errors.Is(err, pseudo.ErrKeyset) {
			t.Errorf("KEK %q: %v", bad, err)
		}
	}
}
