package pseudo

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/deidkit/deidkit/internal/idnorm"
)

// Remap returns, for each identifier in ids, the pseudonym from makes
// (the old one) mapped to the pseudonym to makes (the new one): the table a
// recipient needs to carry its data across a key rotation without ever
// seeing the identifiers. Both must belong to the same domain; mapping
// across domains would link what different recipients hold.
//
// The table links a recipient's past data to its future data, which the
// rotation was meant to cut: Remap is a reversal, refused with [ErrNoAudit]
// unless opts hold [WithAuditor] (then ctx must carry [WithAuditInfo], and
// one [AuditEvent] with the table's digest is reported before the table is
// returned) or [AllowUnauditedReversal].
//
// Identifiers are normalized as package deid normalizes them before it
// pseudonymizes them (deid.NormalizeID: surrounding white space and quotes,
// a zero fraction), so that an ID listed as a tool wrote it maps the
// pseudonym that was released for it; an identifier that is empty once
// normalized is [ErrEmptyID], and one that deid refuses to pseudonymize (a
// control character inside, scientific notation) is [ErrMalformedID], each
// named by its position, never its value.
//
// Two identifiers with the same old pseudonym, or the same new one, are
// reported as ErrCollision: the map could not say which new pseudonym is
// right, or would merge two people. Remap stops early when ctx is done.
func Remap(ctx context.Context, from, to *Pseudonymizer, ids iter.Seq[string], opts ...Option) (map[string]string, error) {
	if from == nil || to == nil {
		return nil, fmt.Errorf("%w: nil Pseudonymizer given to Remap", ErrInvalidOption)
	}
	if err := zero(from, "Pseudonymizer"); err != nil {
		return nil, err
	}
	if err := zero(to, "Pseudonymizer"); err != nil {
		return nil, err
	}
	if from.domain != to.domain {
		return nil, ErrDomainMismatch
	}
	c, err := newConfig("Remap", remapOptions, opts)
	if err != nil {
		return nil, err
	}
	ev := AuditEvent{Op: OpRemap, Domain: from.domain, KeyID: from.keyID, ToKeyID: to.keyID}
	return audited(ctx, reversal{c.auditor, c.unaudited}, ev, func(ev *AuditEvent) (map[string]string, string, error) {
		m, err := remap(ctx, from, to, ids)
		if err != nil {
			return nil, "", err
		}
		ev.Count = len(m)
		return m, tableText(m), nil
	})
}

// ctxCheckEvery is how many identifiers Remap maps between looks at ctx.
const ctxCheckEvery = 4096

func remap(ctx context.Context, from, to *Pseudonymizer, ids iter.Seq[string]) (map[string]string, error) {
	m := make(map[string]string)
	used := make(map[string]bool) // new pseudonyms given out
	newBuf := make([]byte, 0, to.Len())
	oldBuf := make([]byte, 0, from.Len())
	n := 0
	for id := range ids {
		if n++; n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		norm := idnorm.Normalize([]byte(id))
		if len(norm) == 0 {
			return nil, fmt.Errorf("%w: identifier %d (from 1) is empty once normalized", ErrEmptyID, n)
		}
		if i := idnorm.ControlAt(norm); i >= 0 {
			return nil, fmt.Errorf("%w: identifier %d (from 1): a control character or line break at byte %d", ErrMalformedID, n, i+1)
		}
		if idnorm.Scientific(norm) {
			return nil, fmt.Errorf("%w: identifier %d (from 1): a number in scientific notation (a spreadsheet may have dropped digits)", ErrMalformedID, n)
		}
		oldBuf = from.Append(oldBuf[:0], norm)
		newBuf = to.Append(newBuf[:0], norm)
		if prev, ok := m[string(oldBuf)]; ok {
			if prev != string(newBuf) {
				return nil, fmt.Errorf("%w: two identifiers share the old pseudonym", ErrCollision)
			}
			continue // the same identifier listed twice
		}
		if used[string(newBuf)] {
			return nil, fmt.Errorf("%w: two identifiers share the new pseudonym", ErrCollision)
		}
		used[string(newBuf)] = true
		m[string(oldBuf)] = string(newBuf)
	}
	return m, ctx.Err()
}

// tableText is the canonical text of a remap table, which its audit digest
// is computed over: the pairs in order of old pseudonym, one
// "old new\n" line each (pseudonyms hold no space or newline).
func tableText(m map[string]string) string {
	olds := slices.Sorted(maps.Keys(m))
	var b []byte
	for _, old := range olds {
		b = append(b, old...)
		b = append(b, ' ')
		b = append(b, m[old]...)
		b = append(b, '\n')
	}
	return string(b)
}
