package pseudo

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestOptions(t *testing.T) {
	ks := mustKeyset(t)
	tests := []struct {
		name    string
		opts    []Option
		wantLen int
		wantErr error
		alpha   string
	}{
		{"default hex 128", nil, 32, nil, "0123456789abcdef"},
		{"hex 64", []Option{WithBits(64)}, 16, nil, "0123456789abcdef"},
		{"hex 256", []Option{WithBits(256)}, 64, nil, "0123456789abcdef"},
		{"base32", []Option{WithEncoding(Base32)}, 26, nil, "abcdefghijklmnopqrstuvwxyz234567"},
		{"base64url", []Option{WithEncoding(Base64URL)}, 22, nil, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"},
		{"versioned", []Option{WithKeyVersion()}, 42, nil, "0123456789abcdefv."},
		{"56 bits refused", []Option{WithBits(56)}, 0, ErrInvalidOption, ""},
		{"not a multiple of 8", []Option{WithBits(100)}, 0, ErrInvalidOption, ""},
		{"over 256 refused", []Option{WithBits(264)}, 0, ErrInvalidOption, ""},
		{"bad encoding", []Option{WithEncoding(Encoding(9))}, 0, ErrInvalidOption, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(ks, "d", tc.opts...)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			s := p.Pseudonym("user-42")
			if len(s) != tc.wantLen || p.Len() != tc.wantLen {
				t.Fatalf("len %d (Len %d), want %d", len(s), p.Len(), tc.wantLen)
			}
			if i := strings.IndexFunc(s, func(r rune) bool { return !strings.ContainsRune(tc.alpha, r) }); i >= 0 {
				t.Fatalf("%q has %q outside the encoding's alphabet", s, s[i])
			}
		})
	}
}

// All encodings carry the same MAC bytes.
func TestEncodingsAgree(t *testing.T) {
	ks := mustKeyset(t)
	h := mustNew(t, ks, "d")
	b32 := mustNew(t, ks, "d", WithEncoding(Base32))
	b64 := mustNew(t, ks, "d", WithEncoding(Base64URL))
	raw, err := hex.DecodeString(h.Pseudonym("id"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw)); got != b32.Pseudonym("id") {
		t.Fatalf("base32 %q, want %q", b32.Pseudonym("id"), got)
	}
	if got := base64.RawURLEncoding.EncodeToString(raw); got != b64.Pseudonym("id") {
		t.Fatalf("base64url %q, want %q", b64.Pseudonym("id"), got)
	}
	for _, name := range []string{"hex", "base32", "base64url"} {
		if e, err := ParseEncoding(name); err != nil || e.String() != name {
			t.Fatalf("ParseEncoding(%q) = %v, %v", name, e, err)
		}
	}
	if _, err := ParseEncoding("base58"); !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("ParseEncoding(base58): %v", err)
	}
}

func TestDomains(t *testing.T) {
	ks := mustKeyset(t)
	for _, d := range []string{"", "a\x00b", "tab\there", strings.Repeat("x", 257),
		// A C1 control, Unicode line separators, invalid UTF-8, and white
		// space at either end: a forged audit line, or another key by a
		// stray space.
		"partner\u0085x", "partner\u2028x", "partner\u2029x", "partner\xffx", " partner-x", "partner-x ", "partner-x\u00a0"} {
		if _, err := New(ks, d); !errors.Is(err, ErrInvalidDomain) {
			t.Errorf("domain %q: got %v, want ErrInvalidDomain", d, err)
		}
	}
	for _, d := range []string{"research/partner-x", "recherche/partenaire-é", "研究/合作伙伴", "a b"} {
		if _, err := New(ks, d); err != nil {
			t.Errorf("domain %q: %v", d, err)
		}
	}
	if _, err := New(nil, "d"); !errors.Is(err, ErrKeyset) {
		t.Errorf("nil keyset: %v", err)
	}
	// Pseudonym keys and FPE keys of the same domain are different keys.
	pk, err := ks.derive(ks.primary, "pseudonym", "d")
	if err != nil {
		t.Fatal(err)
	}
	fk, err := ks.derive(ks.primary, "fpe", "d")
	if err != nil {
		t.Fatal(err)
	}
	if string(pk) == string(fk) {
		t.Fatal("purposes share a derived key")
	}
}

func TestParseKeyVersion(t *testing.T) {
	tests := []struct {
		in   string
		id   uint32
		rest string
		ok   bool
	}{
		{"v0000002a.abcd", 42, "abcd", true},
		{"vffffffff.", 0xffffffff, "", true},
		{"vFFFFFFFF.x", 0, "vFFFFFFFF.x", false},
		{"v0000002a-abcd", 0, "v0000002a-abcd", false},
		{"w0000002a.abcd", 0, "w0000002a.abcd", false},
		{"v00000g2a.abcd", 0, "v00000g2a.abcd", false},
		{"abcdef", 0, "abcdef", false},
	}
	for _, tc := range tests {
		id, rest, ok := ParseKeyVersion(tc.in)
		if id != tc.id || rest != tc.rest || ok != tc.ok {
			t.Errorf("ParseKeyVersion(%q) = %d, %q, %v; want %d, %q, %v", tc.in, id, rest, ok, tc.id, tc.rest, tc.ok)
		}
	}
}

// The hot path allocates nothing once dst has room: a guarantee the
// streaming transformer relies on.
func TestAppendDoesNotAllocate(t *testing.T) {
	ks := mustKeyset(t)
	for _, opts := range [][]Option{nil, {WithEncoding(Base32)}, {WithEncoding(Base64URL), WithKeyVersion()}} {
		p := mustNew(t, ks, "d", opts...)
		m := p.NewMemo(64)
		dst := make([]byte, 0, 128)
		id := []byte("user-0000000001")
		if n := testing.AllocsPerRun(100, func() { dst = p.Append(dst[:0], id) }); n != 0 {
			t.Errorf("Append: %v allocs", n)
		}
		if n := testing.AllocsPerRun(100, func() { dst = m.Append(dst[:0], id); id[len(id)-1]++ }); n != 0 {
			t.Errorf("Memo.Append: %v allocs", n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = p.Uint64(id) }); n != 0 {
			t.Errorf("Uint64: %v allocs", n)
		}
	}
}

// A memo slot that is overwritten must never answer for the identifier
// that was there before.
func TestMemoEviction(t *testing.T) {
	p := mustNew(t, mustKeyset(t), "d")
	m := p.NewMemo(1) // 16 slots: plenty of conflicts below
	long := strings.Repeat("L", memoMaxID+1)
	for round := range 3 {
		for i := range 200 {
			id := []byte("u-" + string(rune('a'+i%26)) + strings.Repeat("x", i%40))
			if i%50 == 0 {
				id = []byte(long)
			}
			if got, want := string(m.Append(nil, id)), p.Pseudonym(string(id)); got != want {
				t.Fatalf("round %d id %q: memo %s, direct %s", round, id, got, want)
			}
		}
	}
	if m.Pseudonymizer() != p {
		t.Fatal("Pseudonymizer() does not return the memo's pseudonymizer")
	}
}

func TestRemapRefusesCrossDomain(t *testing.T) {
	ks := mustKeyset(t)
	a, b := mustNew(t, ks, "research/a"), mustNew(t, ks, "research/b")
	if _, err := Remap(t.Context(), a, b, func(yield func(string) bool) { yield("u") }, AllowUnauditedReversal()); !errors.Is(err, ErrDomainMismatch) {
		t.Fatalf("got %v, want ErrDomainMismatch", err)
	}
}

// Remap refuses a map that would merge two people, on either side.
func TestRemapCollisions(t *testing.T) {
	// 8-bit pseudonyms (below the public minimum) collide quickly.
	tiny := func(key string) *Pseudonymizer {
		p := newPseudonymizer([]byte(key), config{bits: 8, enc: Hex})
		p.domain = "d"
		return p
	}
	wide := mustNew(t, mustKeyset(t), "d")
	wide.domain = "d"
	ids := func(yield func(string) bool) {
		for i := range 100 {
			if !yield(fmt.Sprint("u-", i)) {
				return
			}
		}
	}
	if _, err := Remap(t.Context(), tiny("a"), wide, ids, AllowUnauditedReversal()); !errors.Is(err, ErrCollision) {
		t.Fatalf("old-side collision: %v", err)
	}
	if _, err := Remap(t.Context(), wide, tiny("b"), ids, AllowUnauditedReversal()); !errors.Is(err, ErrCollision) {
		t.Fatalf("new-side collision: %v", err)
	}
	if m, err := Remap(t.Context(), wide, wide, ids, AllowUnauditedReversal()); err != nil || len(m) != 100 {
		t.Fatalf("no collision: %d, %v", len(m), err)
	}
}
