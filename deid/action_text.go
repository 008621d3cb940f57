package deid

import (
	"fmt"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/pseudo"
)

// scrubText replaces the identifiers the scrubber detects in free text:
// with typed tags, or with keyed pseudonyms of the identifiers (so the same
// e-mail address gets the same replacement throughout an export).
type scrubText struct{ s *scrub.Scrubber }

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
		p, err := pseudo.New(b.keys.Pseudonyms, r.Domain)
		if err != nil {
			return nil, err
		}
		opts = append(opts, scrub.WithReplacer(pseudonymReplacer{p}))
	}
	s, err := scrub.New(opts...)
	if err != nil {
		return nil, err
	}
	return scrubText{s}, nil
}

func (t scrubText) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	return t.s.Append(dst, v), nil
}

// pseudonymReplacer writes "[KIND:pseudonym]", keeping the kind visible.
type pseudonymReplacer struct{ p *pseudo.Pseudonymizer }

func (r pseudonymReplacer) AppendReplacement(dst []byte, k scrub.Kind, match []byte) []byte {
	tag := k.Tag()
	dst = append(dst, tag[:len(tag)-1]...)
	dst = append(dst, ':')
	dst = r.p.Append(dst, match)
	return append(dst, ']')
}
