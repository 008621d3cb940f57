package pseudo

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/deidkit/deidkit/internal/sealed"
	"github.com/deidkit/deidkit/pseudo/internal/keyio"
)

// An AuditOp names a reversal in an [AuditEvent].
type AuditOp string

// The reversals.
const (
	OpOpenToken  AuditOp = "open-token"  // [Tokenizer.Open]
	OpDecryptFPE AuditOp = "decrypt-fpe" // [FPE.Decrypt]
	OpRemap      AuditOp = "remap"       // [Remap]
)

// An AuditEvent records one reversal: who did it and why (from
// [WithAuditInfo]), what was reversed, under which key, when, and whether
// it disclosed anything. It never holds an identifier, a token or a
// pseudonym: the reversed value is known only by its keyed digest, which
// whoever holds the audit keyset can recompute ([Auditor.Digest]) to answer
// "was this token opened?", and which nobody can reverse.
type AuditEvent struct {
	Time   time.Time `json:"time"`
	Op     AuditOp   `json:"op"`
	Who    string    `json:"who"`
	Why    string    `json:"why"`
	Domain string    `json:"domain"` // the pseudonym or FPE domain, or the token context
	// KeyID is the key that sealed the token (0 when it did not open or
	// carries no key ID), the FPE key, or the key of Remap's old pseudonyms.
	KeyID   uint32 `json:"key_id"`
	ToKeyID uint32 `json:"to_key_id,omitempty"` // Remap: the key of the new pseudonyms
	Count   int    `json:"count,omitempty"`     // Remap: pseudonyms mapped
	// Digest is the keyed digest of the token or FPE ciphertext given, or
	// of the table Remap returns (as text: one "old new\n" line per pair,
	// in byte order of the old pseudonyms); DigestKeyID names the audit key.
	Digest      string `json:"digest"`
	DigestKeyID uint32 `json:"digest_key_id"`
	// Disclosed is false when the reversal failed (a token that does not
	// open, a collision): nothing is returned then.
	Disclosed bool `json:"disclosed"`
}

// An AuditHook receives the event of every audited reversal, before the
// reversal returns its result. It must record the event durably before it
// returns nil: an error fails the reversal closed ([ErrAuditFailed]), and
// nothing is disclosed. It may be called concurrently.
type AuditHook func(ctx context.Context, e AuditEvent) error

// An Auditor reports reversals to an [AuditHook] with keyed digests of what
// was reversed. Give it to the reversible transforms with [WithAuditor].
//
// An Auditor is immutable, safe for concurrent use, and never prints its
// key.
type Auditor struct {
	redacted
	hook  AuditHook
	key   sealed.Ref[[]byte] // see package sealed
	keyID uint32
}

// NewAuditor returns an Auditor that reports to hook, with digests keyed by
// a key derived from digestKeys (its primary, or the key of [WithKeyID]).
// Any pseudonym [Keyset] serves, since the digest key is derived for this
// purpose alone; a keyset of its own lets auditors check digests without
// being able to make pseudonyms.
func NewAuditor(hook AuditHook, digestKeys *Keyset, opts ...Option) (*Auditor, error) {
	if hook == nil {
		return nil, fmt.Errorf("%w: nil AuditHook; JSONAuditLog writes events to a file", ErrInvalidOption)
	}
	if digestKeys == nil {
		return nil, fmt.Errorf("%w: nil digest keyset", ErrKeyset)
	}
	if err := zero(digestKeys, "Keyset"); err != nil {
		return nil, err
	}
	c, err := newConfig("NewAuditor", auditorOptions, opts)
	if err != nil {
		return nil, err
	}
	keyID := c.keyIDOr(digestKeys.primary)
	key, err := digestKeys.derive(keyID, keyio.PurposeAudit, "reversals")
	if err != nil {
		return nil, err
	}
	return &Auditor{redacted: redacted{"Auditor"}, hook: hook, key: sealed.New(&key), keyID: keyID}, nil
}

// Digest returns the keyed digest that an [AuditEvent] of op in domain
// carries for value (a token, an FPE ciphertext): 128 bits in hex. It is
// how an auditor finds the events of a token it holds.
func (a *Auditor) Digest(op AuditOp, domain, value string) string {
	m := hmac.New(sha256.New, *a.key.Get())
	for _, s := range []string{string(op), domain} {
		m.Write([]byte(s))
		m.Write([]byte{0})
	}
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// KeyID returns the ID of the key the digests are derived from.
func (a *Auditor) KeyID() uint32 { return a.keyID }

// WithAuditor makes reversals report to a: each call of [Tokenizer.Open],
// [FPE.Decrypt] or [Remap] that is not refused reports exactly one
// [AuditEvent], whether it succeeds or not, and returns its result only
// once the hook has accepted the event. Refused calls (no who and why in
// the context) report nothing, since nothing was attempted. It applies to
// [NewTokenizer], [NewFPE] and [Remap].
func WithAuditor(a *Auditor) Option {
	return func(c *config) {
		if a == nil {
			c.optionErrs = append(c.optionErrs, fmt.Errorf("%w: WithAuditor(nil); make one with NewAuditor", ErrInvalidOption))
			return
		}
		if err := zero(a, "Auditor"); err != nil {
			c.optionErrs = append(c.optionErrs, fmt.Errorf("WithAuditor: %w", err))
			return
		}
		c.auditor, c.given = a, c.given|optAuditor
	}
}

// AllowUnauditedReversal lets a transform reverse without an audit hook:
// for tests, and for callers that audit at another layer. Without it or
// [WithAuditor], reversals are refused with [ErrNoAudit]. It applies to
// [NewTokenizer], [NewFPE] and [Remap].
func AllowUnauditedReversal() Option {
	return func(c *config) { c.unaudited, c.given = true, c.given|optUnaudited }
}

type auditInfoKey struct{}

type auditInfo struct{ who, why string }

// WithAuditInfo returns a copy of ctx that says who asks for reversals and
// why ("dr.lee@partner-x", "recall: abnormal ECG, ticket 4711"); audited
// reversals refuse a context without it ([ErrNoAuditInfo]), or whose who
// or why is not visible text: blank or invisible, holding a control
// character or line separator, or not valid UTF-8.
func WithAuditInfo(ctx context.Context, who, why string) context.Context {
	return context.WithValue(ctx, auditInfoKey{}, auditInfo{who, why})
}

// AuditInfo returns who and why as set by [WithAuditInfo]; ok is false
// when ctx does not carry both, or carries one that reversals refuse (see
// WithAuditInfo).
func AuditInfo(ctx context.Context) (who, why string, ok bool) {
	i, _ := ctx.Value(auditInfoKey{}).(auditInfo)
	if auditTextProblem(i.who) != "" || auditTextProblem(i.why) != "" {
		return "", "", false
	}
	return i.who, i.why, true
}

// reversal is the audit setting of a reversible transform.
type reversal struct {
	auditor   *Auditor
	unaudited bool
}

// audited runs reverse under r: it refuses a reversal that cannot be
// audited, and otherwise reports exactly one event, completed with what
// reverse returns (its result, the value to digest, its error), before it
// lets the result out. A failing hook fails the reversal closed.
func audited[T any](ctx context.Context, r reversal, ev AuditEvent, reverse func(ev *AuditEvent) (T, string, error)) (T, error) {
	var zero T
	if r.unaudited {
		res, _, err := reverse(&ev)
		return res, err
	}
	if r.auditor == nil {
		return zero, ErrNoAudit
	}
	who, why, ok := AuditInfo(ctx)
	if !ok {
		return zero, auditInfoError(ctx)
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	res, subject, err := reverse(&ev)
	ev.Time = time.Now().UTC()
	ev.Who, ev.Why = who, why
	ev.Digest, ev.DigestKeyID = r.auditor.Digest(ev.Op, ev.Domain, subject), r.auditor.keyID
	ev.Disclosed = err == nil
	if herr := r.auditor.hook(ctx, ev); herr != nil {
		if err != nil {
			return zero, fmt.Errorf("%w: %w (the reversal had failed too: %w)", ErrAuditFailed, herr, err)
		}
		return zero, fmt.Errorf("%w: %w", ErrAuditFailed, herr)
	}
	if err != nil {
		return zero, err
	}
	return res, nil
}

// JSONAuditLog returns an [AuditHook] that writes each event to w as one
// line of JSON, in a single Write, and then syncs w if it has a Sync method
// (an *os.File): the event is on disk before the reversal returns. A write
// or sync error fails the reversal. The hook is safe for concurrent use.
func JSONAuditLog(w io.Writer) AuditHook {
	var mu sync.Mutex
	return func(_ context.Context, e AuditEvent) error {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		line = append(line, '\n')
		mu.Lock()
		defer mu.Unlock()
		if _, err := w.Write(line); err != nil {
			return fmt.Errorf("write audit log: %w", err)
		}
		if s, ok := w.(interface{ Sync() error }); ok {
			if err := s.Sync(); err != nil {
				return fmt.Errorf("sync audit log: %w", err)
			}
		}
		return nil
	}
}
