package pseudo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// recorder is an AuditHook that keeps the events it receives, and fails
// with err when err is set.
type recorder struct {
	mu     sync.Mutex
	events []AuditEvent
	err    error
}

func (r *recorder) hook(_ context.Context, e AuditEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return r.err
}

// take returns the events received since the last take.
func (r *recorder) take() []AuditEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.events
	r.events = nil
	return e
}

// reversibles holds a reversible transform of each kind, made with the
// same options.
type reversibles struct {
	ks       *Keyset
	tks      *TokenKeyset
	tok      *Tokenizer
	fpe      *FPE
	old, new *Pseudonymizer
	opts     []Option
}

func newReversibles(t *testing.T, opts ...Option) *reversibles {
	t.Helper()
	ks := mustKeyset(t)
	tks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := NewTokenizer(tks, "cardio/partner-x", opts...)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFPE(ks, "serials", LowerAlphaNum, opts...)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	return &reversibles{ks: ks, tks: tks, tok: tok, fpe: f, old: mustNew(t, ks, "fraud"), new: mustNew(t, rotated, "fraud"), opts: opts}
}

// calls returns one call of each reversal on id, by name; each returns the
// error of the reversal.
func (r *reversibles) calls(id string) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"open": func(ctx context.Context) error {
			tok, _ := r.tok.Token(id)
			_, err := r.tok.Open(ctx, tok)
			return err
		},
		"decrypt": func(ctx context.Context) error {
			ct, _ := r.fpe.Encrypt(id)
			_, err := r.fpe.Decrypt(ctx, ct)
			return err
		},
		"remap": func(ctx context.Context) error {
			_, err := Remap(ctx, r.old, r.new, slices.Values([]string{id}), r.opts...)
			return err
		},
	}
}

// remapTable is the text the digest of a remap table is documented to
// cover: one "old new\n" line per pair, in byte order of the old
// pseudonyms.
func remapTable(m map[string]string) string {
	var lines []string
	for o, n := range m {
		lines = append(lines, o+" "+n+"\n")
	}
	sort.Strings(lines)
	return strings.Join(lines, "")
}

// Every reversal that is not refused reports exactly one event, whether it
// succeeds or fails, with who, why, what, under which key, and the digest
// of what it reversed.
func TestEachReversalReportsOneEvent(t *testing.T) {
	rec := &recorder{}
	auditKeys := mustKeyset(t)
	a, err := NewAuditor(rec.hook, auditKeys)
	if err != nil {
		t.Fatal(err)
	}
	r := newReversibles(t, WithAuditor(a))
	ctx := WithAuditInfo(t.Context(), "dr.lee@partner-x", "recall: ticket 4711")
	tok, _ := r.tok.Token("u-1842")
	ct, _ := r.fpe.Encrypt("u1842abc")
	tiny := func(key string) *Pseudonymizer { return newPseudonymizer([]byte(key), config{bits: 8, enc: Hex}) }
	var table string
	tests := []struct {
		name      string
		op        AuditOp
		domain    string
		keyID     uint32
		subject   *string // what the digest covers
		run       func() error
		disclosed bool
	}{
		{"open", OpOpenToken, "cardio/partner-x", r.tks.PrimaryKeyID(), &tok, func() error {
			id, err := r.tok.Open(ctx, tok)
			if err == nil && id != "u-1842" {
				return fmt.Errorf("opened to %q", id)
			}
			return err
		}, true},
		{"open a truncated token", OpOpenToken, "cardio/partner-x", 0, ptr(tok[:10]), func() error {
			_, err := r.tok.Open(ctx, tok[:10])
			return err
		}, false},
		{"decrypt", OpDecryptFPE, "serials", r.ks.PrimaryKeyID(), &ct, func() error {
			pt, err := r.fpe.Decrypt(ctx, ct)
			if err == nil && pt != "u1842abc" {
				return fmt.Errorf("decrypted to %q", pt)
			}
			return err
		}, true},
		{"decrypt outside the alphabet", OpDecryptFPE, "serials", r.ks.PrimaryKeyID(), ptr("U1842ABC"), func() error {
			_, err := r.fpe.Decrypt(ctx, "U1842ABC")
			return err
		}, false},
		{"remap", OpRemap, "fraud", r.old.KeyID(), &table, func() error {
			m, err := Remap(ctx, r.old, r.new, slices.Values([]string{"u-1", "u-2", "u-1"}), WithAuditor(a))
			if err == nil && len(m) != 2 {
				return fmt.Errorf("%d pairs", len(m))
			}
			table = remapTable(m)
			return err
		}, true},
		{"remap with a collision", OpRemap, "", 0, ptr(""), func() error {
			ids := func(yield func(string) bool) {
				for i := range 100 {
					if !yield(fmt.Sprint(i)) {
						return
					}
				}
			}
			_, err := Remap(ctx, tiny("a"), tiny("b"), ids, WithAuditor(a))
			return err
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec.take()
			before := time.Now().UTC()
			err := tc.run()
			if (err == nil) != tc.disclosed {
				t.Fatalf("err = %v, want success %v", err, tc.disclosed)
			}
			events := rec.take()
			if len(events) != 1 {
				t.Fatalf("%d events, want 1", len(events))
			}
			e := events[0]
			if e.Op != tc.op || e.Who != "dr.lee@partner-x" || e.Why != "recall: ticket 4711" || e.Domain != tc.domain ||
				e.KeyID != tc.keyID || e.Disclosed != tc.disclosed || e.DigestKeyID != auditKeys.PrimaryKeyID() {
				t.Errorf("event %+v", e)
			}
			if e.Time.Before(before) || e.Time.After(time.Now().UTC()) {
				t.Errorf("event time %v outside the call", e.Time)
			}
			if want := a.Digest(tc.op, tc.domain, *tc.subject); e.Digest != want || len(e.Digest) != 32 {
				t.Errorf("digest %q, want %q", e.Digest, want)
			}
			if tc.op == OpRemap && tc.disclosed && (e.Count != 2 || e.ToKeyID != r.new.KeyID()) {
				t.Errorf("remap event %+v", e)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// The property the audit trail exists for: whatever the identifier, no
// event holds it, nor the token, ciphertext or pseudonyms that stand for
// it, in any form a hook might store.
func TestAuditEventsHoldNoCleartext(t *testing.T) {
	rec := &recorder{}
	r := newReversibles(t, WithAuditor(mustAuditor(t, rec.hook)))
	ctx := WithAuditInfo(t.Context(), "dr.lee@partner-x", "recall")
	props := testenv.Properties(200)
	props.Property("no identifier, token, ciphertext or pseudonym in any event", prop.ForAll(func(id string) bool {
		tok, _ := r.tok.Token(id)
		ct, _ := r.fpe.Encrypt(id)
		secret := []string{id, tok, ct, r.old.Pseudonym(id), r.new.Pseudonym(id)}
		rec.take()
		for name, call := range r.calls(id) {
			if err := call(ctx); err != nil {
				t.Logf("%s: %v", name, err)
				return false
			}
		}
		events := rec.take()
		if len(events) != 3 {
			return false
		}
		for _, e := range events {
			j, err := json.Marshal(e)
			if err != nil {
				return false
			}
			for _, text := range []string{string(j), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e)} {
				for _, s := range secret {
					if strings.Contains(text, s) {
						return false
					}
				}
			}
		}
		return true
	}, gen.RegexMatch("[a-z0-9]{10,40}")))
	props.TestingRun(t)
}

// Without an auditor, and without the explicit opt-out, every reversal is
// refused; with an auditor, a context without who and why is refused.
// Refused calls report nothing.
func TestReversalsRefusedUnlessAudited(t *testing.T) {
	ctx := WithAuditInfo(t.Context(), "dr.lee@partner-x", "recall")
	for name, call := range newReversibles(t).calls("u1842abc") {
		if err := call(ctx); !errors.Is(err, ErrNoAudit) {
			t.Errorf("%s without an auditor: %v, want ErrNoAudit", name, err)
		}
	}
	for name, call := range newReversibles(t, AllowUnauditedReversal()).calls("u1842abc") {
		if err := call(t.Context()); err != nil {
			t.Errorf("%s with AllowUnauditedReversal: %v", name, err)
		}
	}
	rec := &recorder{}
	r := newReversibles(t, WithAuditor(mustAuditor(t, rec.hook)))
	for _, bad := range []context.Context{
		t.Context(),
		WithAuditInfo(t.Context(), "", "recall"),
		WithAuditInfo(t.Context(), "dr.lee", " "),
	} {
		for name, call := range r.calls("u1842abc") {
			if err := call(bad); !errors.Is(err, ErrNoAuditInfo) {
				t.Errorf("%s without who and why: %v, want ErrNoAuditInfo", name, err)
			}
		}
	}
	if n := len(rec.take()); n != 0 {
		t.Errorf("refused reversals reported %d events", n)
	}
	if _, err := NewTokenizer(r.tks, "c", WithAuditor(r.tok.rev.auditor), AllowUnauditedReversal()); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("both WithAuditor and AllowUnauditedReversal: %v", err)
	}
}

// A hook that fails fails the reversal closed: the error wraps
// ErrAuditFailed and the hook's error, and no result comes out.
func TestAuditHookFailureFailsClosed(t *testing.T) {
	hookErr := errors.New("audit store unreachable")
	rec := &recorder{err: hookErr}
	r := newReversibles(t, WithAuditor(mustAuditor(t, rec.hook)))
	ctx := WithAuditInfo(t.Context(), "dr.lee@partner-x", "recall")

	tok, _ := r.tok.Token("u1842abc")
	id, err := r.tok.Open(ctx, tok)
	if id != "" || !errors.Is(err, ErrAuditFailed) || !errors.Is(err, hookErr) {
		t.Errorf("Open: %q, %v", id, err)
	}
	ct, _ := r.fpe.Encrypt("u1842abc")
	pt, err := r.fpe.Decrypt(ctx, ct)
	if pt != "" || !errors.Is(err, ErrAuditFailed) {
		t.Errorf("Decrypt: %q, %v", pt, err)
	}
	m, err := Remap(ctx, r.old, r.new, slices.Values([]string{"u-1"}), r.opts...)
	if m != nil || !errors.Is(err, ErrAuditFailed) {
		t.Errorf("Remap: %v, %v", m, err)
	}
	// A reversal that fails on its input still fails when the hook does,
	// and says both.
	_, err = r.tok.Open(ctx, "AAAA")
	if !errors.Is(err, ErrAuditFailed) || !errors.Is(err, ErrInvalidToken) {
		t.Errorf("Open of a bad token: %v", err)
	}
	if n := len(rec.take()); n != 4 {
		t.Errorf("%d events offered to the hook, want 4", n)
	}
	if strings.Contains(fmt.Sprint(err), "u1842abc") {
		t.Error("the error holds the identifier")
	}
}

// Old tokens name the key that sealed them, after a rotation too.
func TestAuditNamesTheSealingKey(t *testing.T) {
	rec := &recorder{}
	tks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	old, _ := mustTokenizer(t, tks, "c").Token("u-1")
	rotated, err := tks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	tk, err := NewTokenizer(rotated, "c", WithAuditor(mustAuditor(t, rec.hook)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithAuditInfo(t.Context(), "a", "b")
	fresh, _ := tk.Token("u-1")
	for tok, want := range map[string]uint32{old: tks.PrimaryKeyID(), fresh: rotated.PrimaryKeyID()} {
		if _, err := tk.Open(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if e := rec.take(); len(e) != 1 || e[0].KeyID != want {
			t.Errorf("events %+v, want key %d", e, want)
		}
	}
}

func TestNewAuditor(t *testing.T) {
	ks := mustKeyset(t)
	rec := &recorder{}
	if _, err := NewAuditor(nil, ks); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("nil hook: %v", err)
	}
	if _, err := NewAuditor(rec.hook, nil); !errors.Is(err, ErrKeyset) {
		t.Errorf("nil keyset: %v", err)
	}
	if _, err := NewAuditor(rec.hook, ks, WithKeyID(ks.PrimaryKeyID()+1)); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := NewAuditor(rec.hook, ks, WithBits(64)); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("WithBits: %v", err)
	}
	if _, err := NewTokenizer(mustTokenKeyset(t), "c", WithAuditor(nil)); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("WithAuditor(nil): %v", err)
	}
	// Digests depend on the audit key, the op, the domain and the value.
	a, b := mustAuditor(t, rec.hook), mustAuditor(t, rec.hook)
	d := a.Digest(OpOpenToken, "c", "tok")
	for _, other := range []string{
		b.Digest(OpOpenToken, "c", "tok"),
		a.Digest(OpDecryptFPE, "c", "tok"),
		a.Digest(OpOpenToken, "d", "tok"),
		a.Digest(OpOpenToken, "c", "tok2"),
		a.Digest(OpOpenToken, "c\x00tok", ""),
	} {
		if other == d {
			t.Errorf("digest collision: %q", d)
		}
	}
	if a.Digest(OpOpenToken, "c", "tok") != d {
		t.Error("digest not deterministic")
	}
	if _, _, ok := AuditInfo(t.Context()); ok {
		t.Error("AuditInfo of a bare context")
	}
	if who, why, ok := AuditInfo(WithAuditInfo(t.Context(), "w", "y")); !ok || who != "w" || why != "y" {
		t.Errorf("AuditInfo = %q, %q, %v", who, why, ok)
	}
}

func mustAuditor(t testing.TB, hook AuditHook) *Auditor {
	t.Helper()
	a, err := NewAuditor(hook, mustKeyset(t))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustTokenKeyset(t testing.TB) *TokenKeyset {
	t.Helper()
	ks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

// syncBuffer is an io.Writer with a Sync method, as *os.File has.
type syncBuffer struct {
	bytes.Buffer
	syncs   int
	syncErr error
	writeOK bool
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	if !s.writeOK {
		return 0, errors.New("disk full")
	}
	return s.Buffer.Write(p)
}

func (s *syncBuffer) Sync() error { s.syncs++; return s.syncErr }

// JSONAuditLog writes one JSON line per event, whole even under concurrent
// reversals, syncs after each, and fails the reversal when it cannot.
func TestJSONAuditLog(t *testing.T) {
	w := &syncBuffer{writeOK: true}
	r := newReversibles(t, WithAuditor(mustAuditor(t, JSONAuditLog(w))))
	ctx := WithAuditInfo(t.Context(), "dr.lee@partner-x", "recall")
	var wg sync.WaitGroup
	const n = 20
	for i := range n {
		wg.Go(func() {
			for name, call := range r.calls(fmt.Sprintf("u%09d", i)) {
				if err := call(ctx); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n")
	if len(lines) != 3*n || w.syncs != 3*n {
		t.Fatalf("%d lines, %d syncs; want %d", len(lines), w.syncs, 3*n)
	}
	ops := map[AuditOp]int{}
	for _, l := range lines {
		var e AuditEvent
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		ops[e.Op]++
	}
	if ops[OpOpenToken] != n || ops[OpDecryptFPE] != n || ops[OpRemap] != n {
		t.Errorf("events by op: %v", ops)
	}
	for name, w := range map[string]*syncBuffer{"write": {}, "sync": {writeOK: true, syncErr: errors.New("EIO")}} {
		r := newReversibles(t, WithAuditor(mustAuditor(t, JSONAuditLog(w))))
		for op, call := range r.calls("u1842abc") {
			if err := call(ctx); !errors.Is(err, ErrAuditFailed) {
				t.Errorf("%s error, %s: %v", name, op, err)
			}
		}
	}
}
