package deid

import (
	"errors"
	"fmt"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/fieldname"
	"github.com/deidkit/deidkit/internal/sealed"
	"github.com/deidkit/deidkit/pseudo"
)

// A binding is a validated policy with the keyed objects its rules need,
// built once: deriving a domain key costs a Tink PRF call, which is fine
// per policy and wrong per record or per input shape.
type binding struct {
	policy *Policy
	ref    civil // the policy's reference date (0001-01-01 when it has none)
	keys   Keys
	// transforms per field rule, made once and shared by every plan
	ts []transform
	// memoFor lists the pseudonymizers whose results each Applier memoizes;
	// a pseudonymize transform holds its index here.
	memoFor []*pseudo.Pseudonymizer
	// rules indexes the field rules by path; holds says, of each path
	// that encloses a rule's, whether the policy needs it to hold an
	// object (inObject) or an array (inArray)
	rules map[string]int
	holds map[string]byte
	// spellings indexes the rules by the spelling of their field
	// (rule_spelling.go)
	spellings map[string]int
	// values finds identifiers in the values of kept fields
	values *scrub.Scrubber
	// listed is the exclusion list of the Transformer the binding is
	// for, whose IDs its kept values must not hold (see checkListed)
	listed      sealed.Ref[IDSet]
	listedField string // the field whose values the list holds
	listedLens  uint64 // see listedLengths
}

func bind(p *Policy, keys Keys) (*binding, error) {
	if p == nil {
		return nil, &PolicyError{Rule: -1, Msg: "nil policy"}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	ref, _ := p.referenceDate() // validated above
	b := &binding{policy: p, ref: civil{ref.Year(), int(ref.Month()), ref.Day()}, keys: keys, ts: make([]transform, len(p.Fields)),
		rules: make(map[string]int, len(p.Fields)), holds: map[string]byte{}, spellings: ruleSpellings(p), values: fieldname.NewValueScrubber()}
	for i := range p.Fields {
		b.rules[p.Fields[i].Field] = i
		forEnclosing(p.Fields[i].Field, func(enc string, kind byte) bool {
			b.holds[enc] = kind // Validate checked that the rules agree
			return true
		})
	}
	for i := range p.Fields {
		t, err := b.newTransform(&p.Fields[i])
		if err != nil {
			var pe *PolicyError
			if errors.As(err, &pe) {
				return nil, err
			}
			return nil, &PolicyError{Rule: i, Kind: "field rule", Field: p.Fields[i].Field, Msg: err.Error(), Err: err}
		}
		b.ts[i] = t
	}
	return b, nil
}

// transform returns the transform of rule r, resolving the fields it reads
// besides its own (the person of a date shift) against the input's index.
func (b *binding) transform(r int, index map[string]int, strict bool) (transform, error) {
	t := b.ts[r]
	if ds, ok := t.(*dateShift); ok {
		i, ok := index[ds.person]
		if !ok {
			if strict {
				rule := &b.policy.Fields[r]
				return nil, &PolicyError{Rule: r, Kind: "field rule", Field: rule.Field,
					Msg: fmt.Sprintf("person field %q is not in the input", ds.person) + nearFields(ds.person, index)}
			}
			i = -1 // a JSON record without it: each of its dates is an error
		}
		c := *ds
		c.personIdx = i
		return &c, nil
	}
	return t, nil
}

func (b *binding) newTransform(r *Rule) (transform, error) {
	switch r.Action {
	case Keep, Drop:
		return nil, nil
	case Redact:
		tok := r.Token
		if tok == "" {
			tok = "[REDACTED]"
		}
		return constant(tok), nil
	case Replace:
		return constant(*r.Value), nil
	case Mask:
		return newMask(r), nil
	case Pseudonymize:
		return b.newPseudonymize(r)
	case Tokenize:
		return b.newTokenize(r)
	case FPE:
		return b.newFPE(r)
	case Year, Month:
		return &generalizeDate{month: r.Action == Month, topCode: r.topCode(), label: r.label(), ref: b.ref}, nil
	case DateShift:
		return b.newDateShift(r)
	case Age:
		return ageTopCode{label: r.label()}, nil
	case ZIP3:
		return zip3{}, nil
	case TruncateIP:
		return newTruncateIP(r), nil
	case Round:
		return round{decimals: *r.Decimals}, nil
	case Bucket:
		return newBucket(r), nil
	case Scrub:
		return b.newScrub(r)
	}
	return nil, fmt.Errorf("unknown action %q", r.Action)
}

func (b *binding) needPseudonyms(r *Rule) error {
	if b.keys.Pseudonyms == nil {
		return fmt.Errorf("%s needs a pseudonym keyset (Keys.Pseudonyms)", r.Action)
	}
	return nil
}

func errFieldCount(got, want int) error {
	return fmt.Errorf("%w: record has %d fields, the plan %d", ErrOutOfRange, got, want)
}
