package pseudo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"slices"
	"strings"

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

// Rotation changes everything derived from the primary key: pseudonyms,
// FPE outputs and per-person values such as deid's date_shift offsets.
// WithKeyID pins the old key, to recompute old values or to keep a release
// on one key version while the keyset moves on.
func ExampleKeyset_Rotate() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	rotated, err := ks.Rotate()
	if err != nil {
		log.Fatal(err)
	}
	before, _ := pseudo.New(ks, "research/partner-x")
	after, _ := pseudo.New(rotated, "research/partner-x")
	fpeBefore, _ := pseudo.NewFPE(ks, "device-serials", pseudo.Digits)
	fpeAfter, _ := pseudo.NewFPE(rotated, "device-serials", pseudo.Digits)
	serialBefore, _ := fpeBefore.Encrypt("4006123456")
	serialAfter, _ := fpeAfter.Encrypt("4006123456")
	fmt.Println("pseudonym unchanged:", before.Pseudonym("u-7") == after.Pseudonym("u-7"))
	fmt.Println("FPE unchanged:", serialBefore == serialAfter)
	fmt.Println("per-person value unchanged:", before.Uint64([]byte("u-7")) == after.Uint64([]byte("u-7")))

	pinned, _ := pseudo.New(rotated, "research/partner-x", pseudo.WithKeyID(ks.PrimaryKeyID()))
	fmt.Println("pinned to the old key:", pinned.Pseudonym("u-7") == before.Pseudonym("u-7"))
	fmt.Println("keys:", len(rotated.KeyIDs()), rotated.PrimaryKeyID() != ks.PrimaryKeyID())
	// Output:
	// pseudonym unchanged: false
	// FPE unchanged: false
	// per-person value unchanged: false
	// pinned to the old key: true
	// keys: 2 true
}

// After a rotation (here in two steps: every reader learns the new key
// before it becomes primary) the exporter gives each recipient the map from
// its old pseudonyms to the new ones; the recipient never sees an
// identifier. The map links the recipient's past and future data, so
// making it is audited.
func ExampleRemap() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	added, newKey, err := ks.AddKey()
	if err != nil {
		log.Fatal(err)
	}
	rotated, err := added.SetPrimary(newKey)
	if err != nil {
		log.Fatal(err)
	}
	before, _ := pseudo.New(ks, "fraud", pseudo.WithKeyVersion())
	after, _ := pseudo.New(rotated, "fraud", pseudo.WithKeyVersion())

	auditKeys, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	var auditLog bytes.Buffer // a file in production
	auditor, err := pseudo.NewAuditor(pseudo.JSONAuditLog(&auditLog), auditKeys)
	if err != nil {
		log.Fatal(err)
	}
	ctx := pseudo.WithAuditInfo(context.Background(), "key-admin@exporter", "yearly key rotation, change 2291")
	m, err := pseudo.Remap(ctx, before, after, slices.Values([]string{"u-7", "u-8"}), pseudo.WithAuditor(auditor))
	if err != nil {
		log.Fatal(err)
	}
	old := before.Pseudonym("u-7")
	id, _, _ := pseudo.ParseKeyVersion(m[old])
	fmt.Println(len(m), m[old] == after.Pseudonym("u-7"), id == rotated.PrimaryKeyID())

	var ev pseudo.AuditEvent
	if err := json.Unmarshal(auditLog.Bytes(), &ev); err != nil {
		log.Fatal(err)
	}
	fmt.Println(ev.Op, ev.Who, ev.Count, ev.KeyID == ks.PrimaryKeyID(), ev.ToKeyID == rotated.PrimaryKeyID())
	// Output:
	// 2 true true
	// remap key-admin@exporter 2 true true
}

// The exporter seals; the authorized party opens, and every opening is
// reported to its audit hook with who and why, before the identifier is
// returned.
func ExampleTokenizer() {
	tokenKeys, err := pseudo.NewTokenKeyset()
	if err != nil {
		log.Fatal(err)
	}
	sealer, err := pseudo.NewTokenizer(tokenKeys, "cardio-check-up/partner-x")
	if err != nil {
		log.Fatal(err)
	}
	tok, err := sealer.Token("user-1842")
	if err != nil {
		log.Fatal(err)
	}

	auditKeys, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	auditor, err := pseudo.NewAuditor(func(_ context.Context, e pseudo.AuditEvent) error {
		fmt.Printf("audit: %s by %s (%s) in %s, disclosed %v\n", e.Op, e.Who, e.Why, e.Domain, e.Disclosed)
		return nil // a real hook stores the event durably first
	}, auditKeys)
	if err != nil {
		log.Fatal(err)
	}
	opener, err := pseudo.NewTokenizer(tokenKeys, "cardio-check-up/partner-x", pseudo.WithAuditor(auditor))
	if err != nil {
		log.Fatal(err)
	}
	ctx := pseudo.WithAuditInfo(context.Background(), "dr.lee@partner-x", "recall: abnormal ECG")
	id, err := opener.Open(ctx, tok)
	fmt.Println(id, err)

	_, err = sealer.Open(ctx, tok) // made without an auditor
	fmt.Println(errors.Is(err, pseudo.ErrNoAudit))
	_, err = opener.Open(context.Background(), tok) // who and why missing
	fmt.Println(errors.Is(err, pseudo.ErrNoAuditInfo))
	// Output:
	// audit: open-token by dr.lee@partner-x (recall: abnormal ECG) in cardio-check-up/partner-x, disclosed true
	// user-1842 <nil>
	// true
	// true
}

// Audit events hold a keyed digest of the token, never the token or the
// identifier; whoever holds the audit keyset finds a token's events by
// recomputing its digest.
func ExampleJSONAuditLog() {
	tokenKeys, _ := pseudo.NewTokenKeyset()
	auditKeys, _ := pseudo.NewKeyset()
	var auditLog bytes.Buffer // an *os.File in production: each event is synced
	auditor, err := pseudo.NewAuditor(pseudo.JSONAuditLog(&auditLog), auditKeys)
	if err != nil {
		log.Fatal(err)
	}
	t, _ := pseudo.NewTokenizer(tokenKeys, "cardio-check-up/partner-x", pseudo.WithAuditor(auditor))
	tok, _ := t.Token("user-1842")
	ctx := pseudo.WithAuditInfo(context.Background(), "dr.lee@partner-x", "recall")
	if _, err := t.Open(ctx, tok); err != nil {
		log.Fatal(err)
	}
	if _, err := t.Open(ctx, "not-a-token"); !errors.Is(err, pseudo.ErrInvalidToken) {
		log.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(auditLog.String()), "\n")
	var first pseudo.AuditEvent
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(lines), "events")
	fmt.Println("identifier or token logged:", strings.Contains(auditLog.String(), "user-1842") || strings.Contains(auditLog.String(), tok))
	fmt.Println("digest found:", first.Digest == auditor.Digest(pseudo.OpOpenToken, t.Context(), tok))
	// Output:
	// 2 events
	// identifier or token logged: false
	// digest found: true
}

func ExampleFPE() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	// This process audits at another layer; without the option, Decrypt
	// would be refused for want of an audit hook.
	f, err := pseudo.NewFPE(ks, "device-serials", pseudo.Digits, pseudo.AllowUnauditedReversal())
	if err != nil {
		log.Fatal(err)
	}
	ct, err := f.Encrypt("4006123456")
	if err != nil {
		log.Fatal(err)
	}
	pt, _ := f.Decrypt(context.Background(), ct)
	fmt.Println(len(ct), pt)
	_, err = f.Encrypt("12345")
	fmt.Println(err)
	// Output:
	// 10 4006123456
	// pseudo: FPE input too short: fewer than 1,000,000 possible values: an input needs at least 6 characters of the alphabet Digits [0-9]
}

// Separators and fixed letters pass through in place; only the alphabet's
// characters are encrypted.
func ExampleWithPassThrough() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	f, err := pseudo.NewFPE(ks, "device-serials", pseudo.Digits, pseudo.WithPassThrough("SN-"))
	if err != nil {
		log.Fatal(err)
	}
	ct, err := f.Encrypt("SN-004217-93")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ct[:3], len(ct), ct[9:10], strings.Trim(ct[3:9]+ct[10:], pseudo.Digits) == "")
	_, err = f.Encrypt("SN-0042x7-93")
	fmt.Println(err)
	// Output:
	// SN- 12 - true
	// pseudo: character not in the FPE alphabet: character 7 is not in the alphabet Digits [0-9]
}
