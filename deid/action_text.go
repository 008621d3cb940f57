package deid

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/idnorm"
	"github.com/deidkit/deidkit/pseudo"
)

// scrubText replaces the identifiers the scrubber detects in free text,
// and the values of the record's own identifying fields (scrub_known.go):
// with typed tags, or with keyed pseudonyms of the identifiers (so the same
// e-mail address gets the same replacement throughout an export).
type scrubText struct {
	s     *scrub.Scrubber
	known []knownField // set per plan by bindKnown
	bound *binding     // whose exclusion list it drops (exclude_kept.go)
}

func (b *binding) newScrub(r *Rule) (transform, error) {
	var opts []scrub.Option
	if len(r.Kinds) > 0 {
		kinds := make([]scrub.Kind, 0, len(r.Kinds))
		for _, name := range r.Kinds {
			k, err := scrub.ParseKind(name)
			if err != nil {
				return nil, fmt.Errorf("unknown kind %q", name)
			}
			kinds = append(kinds, k)
		}
		opts = append(opts, scrub.WithKinds(kinds...))
	}
	if r.With == "pseudonym" {
		if err := b.needPseudonyms(r); err != nil {
			return nil, err
		}
		p, err := pseudo.New(b.keys.Pseudonyms, r.Domain, b.pinned(r)...)
		if err != nil {
			return nil, err
		}
		opts = append(opts, scrub.WithReplacer(pseudonymReplacer{p}))
	}
	s, err := scrub.New(opts...)
	if err != nil {
		return nil, err
	}
	return scrubText{s: s, bound: b}, nil
}

func (t scrubText) apply(dst, v []byte, c *applyCtx) ([]byte, error) {
	from := len(dst)
	dst, err := t.scrub(dst, v, c)
	return t.bound.dropListed(dst, from), err
}

func (t scrubText) scrub(dst, v []byte, c *applyCtx) ([]byte, error) {
	if len(t.known) == 0 {
		return t.s.Append(dst, v), nil
	}
	k := &c.known
	for _, f := range t.known {
		if val := c.in[f.idx]; len(val) > 0 {
			k.Add(f.kind, val)
		}
	}
	dst = t.s.AppendKnown(dst, v, k, nil)
	k.Reset() // the record's identifiers do not outlive it
	return dst, nil
}

// pseudonymReplacer writes "[KIND:pseudonym]", keeping the kind visible.
// The pseudonym is of the identifier's canonical form, so that one phone
// number, e-mail address or MAC address written two ways gets one
// pseudonym.
type pseudonymReplacer struct{ p *pseudo.Pseudonymizer }

func (r pseudonymReplacer) AppendReplacement(dst []byte, k scrub.Kind, match []byte) []byte {
	tag := k.Tag()
	dst = append(dst, tag[:len(tag)-1]...)
	dst = append(dst, ':')
	var buf [64]byte
	dst = r.p.Append(dst, canonical(buf[:0], k, match))
	return append(dst, ']')
}

// canonical appends the canonical form of an identifier the scrubber
// found: phone numbers as their digits with the country code ("1" added to
// 10-digit North American numbers, a "(0)" trunk prefix left out), e-mail
// addresses in lower case, MAC addresses as 12 lower-case hex digits,
// names, addresses and IDs in lower case with runs of white space made one
// space ("JOHN  smith" and "John Smith" get one pseudonym); other kinds as
// written.
//
// A phone or MAC address spelled with digits of another script or
// fullwidth forms is read as it reads (idnorm.AppendRead) first, so that
// it gets the pseudonym of its plain spelling; that leaves the pseudonyms
// of numbers found before unchanged, whose digits were ASCII. The other
// kinds are as written, as before: a disguised SSN or e-mail address gets
// a pseudonym of its own.
func canonical(dst []byte, k scrub.Kind, match []byte) []byte {
	if (k == scrub.Phone || k == scrub.MAC) && !idnorm.ASCII(match) {
		match = idnorm.AppendRead(make([]byte, 0, len(match)), match)
	}
	switch k {
	case scrub.Phone:
		start := len(dst)
		for i := 0; i < len(match); i++ {
			if c := match[i]; c >= '0' && c <= '9' {
				dst = append(dst, c)
			} else if c == '(' && i+2 < len(match) && match[i+1] == '0' && match[i+2] == ')' {
				i += 2 // "+44 (0)20 ...": the trunk prefix is not dialled from abroad
			}
		}
		if n := len(dst) - start; n == 10 && match[0] != '+' {
			dst = append(dst[:start+1], dst[start:]...)
			dst[start] = '1'
		}
		return dst
	case scrub.Email:
		for _, c := range match {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst
	case scrub.Name, scrub.Address, scrub.ID:
		space := false
		for _, r := range string(match) {
			if unicode.IsSpace(r) {
				space = true
				continue
			}
			if space {
				dst = append(dst, ' ')
				space = false
			}
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		return dst
	case scrub.MAC:
		for _, c := range match {
			switch {
			case c >= 'A' && c <= 'F':
				dst = append(dst, c+'a'-'A')
			case c >= 'a' && c <= 'f', c >= '0' && c <= '9':
				dst = append(dst, c)
			}
		}
		return dst
	}
	return append(dst, match...)
}
