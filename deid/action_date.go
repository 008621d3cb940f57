package deid

import (
	"fmt"

	"github.com/deidkit/deidkit/deid/internal/csvrec"

	"github.com/deidkit/deidkit/pseudo"
)

// topCodeAge is the age from which HIPAA Safe Harbor requires ages, and
// dates that reveal them, to fall into one category.
const topCodeAge = 90

// generalizeDate keeps the year (or year and month) of a date. With top
// coding, a date of birth that makes its subject 90 or older at the
// reference date becomes the label instead: a year of birth would reveal
// such an age.
//
// It reads full dates (and RFC 3339 timestamps), and bare years "YYYY" for
// year generalization: a bare year is top-coded when its subject may be 90
// at the reference date (reference year - year >= 90), since the birthday
// is unknown.
type generalizeDate struct {
	month   bool
	topCode bool
	label   string
	ref     civil
}

func (g *generalizeDate) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	if len(v) == 4 && !g.month {
		y, ok := digits(v)
		if !ok {
			return dst, ErrMalformedDate
		}
		if g.topCode && g.ref.y-y >= topCodeAge {
			return append(dst, g.label...), nil
		}
		return append(dst, v...), nil
	}
	c, err := parseDate(v)
	if err != nil {
		return dst, err
	}
	if g.topCode && c.ageAt(g.ref) >= topCodeAge {
		return append(dst, g.label...), nil
	}
	dst = appendYear(dst, c.y)
	if g.month {
		dst = append(dst, '-')
		dst = append2(dst, c.m)
	}
	return dst, nil
}

// dateShiftDomains prefixes the pseudonym domains date_shift draws its
// offsets from. Pseudonymize refuses domains with it (Rule.validate): its
// pseudonyms would be those very MACs, and the offset of each person could
// be read off their released pseudonym.
const dateShiftDomains = "date-shift/"

// dateShift moves every date of a person by the same number of days (never
// none), drawn from a keyed MAC of the person's ID: the order of their events and the
// gaps between them survive, their calendar position does not. Timestamps
// keep their time of day and offset.
type dateShift struct {
	p         *pseudo.Pseudonymizer
	person    string
	personIdx int
	maxDays   int
}

func (b *binding) newDateShift(r *Rule) (transform, error) {
	if err := b.needPseudonyms(r); err != nil {
		return nil, err
	}
	// The offsets come from their own domain, so that no released
	// pseudonym (of any domain) says anything about them.
	domain := r.Domain
	if domain == "" {
		domain = "date-shift"
	}
	p, err := pseudo.New(b.keys.Pseudonyms, dateShiftDomains+domain, b.pinned(r)...)
	if err != nil {
		return nil, err
	}
	return &dateShift{p: p, person: r.Person, maxDays: r.MaxDays}, nil
}

func (s *dateShift) apply(dst, v []byte, c *applyCtx) ([]byte, error) {
	if s.personIdx < 0 {
		return dst, fmt.Errorf("%w: person field %q", ErrMissingField, s.person)
	}
	person, err := personID(c.in[s.personIdx]) // one person, one shift, as one pseudonym
	if err != nil {
		return dst, fmt.Errorf("person field %q: %w", s.person, err)
	}
	if len(person) == 0 {
		return dst, fmt.Errorf("%w: person field %q is empty", ErrMissingField, s.person)
	}
	d, err := parseDate(v)
	if err != nil {
		return dst, err
	}
	shifted := civilFromDays(d.days() + s.offset(person))
	if shifted.y < 0 || shifted.y > 9999 {
		return dst, ErrOutOfRange
	}
	dst = shifted.appendTo(dst)
	return append(dst, v[10:]...), nil
}

// offset returns the person's shift in days: in [-maxDays, maxDays] and
// never 0, or the person's true dates would go out as shifted ones. The
// draw that gave 0 (one person in 2·maxDays+1) takes a non-zero offset
// from other bits of the MAC, uniformly, so that the offsets of everyone
// else stay what earlier releases gave them and all 2·maxDays offsets are
// equally likely.
func (s *dateShift) offset(person []byte) int {
	span := uint64(2*s.maxDays + 1)
	h := s.p.Uint64(person)
	if off := int(h%span) - s.maxDays; off != 0 {
		return off
	}
	off := int(h/span%uint64(2*s.maxDays)) - s.maxDays
	if off >= 0 {
		off++
	}
	return off
}

// ageTopCode puts ages of 90 and over into one category.
type ageTopCode struct{ label string }

func (a ageTopCode) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	if len(v) > 1 && v[0] == '-' {
		if _, ok := digits(v[1:]); ok {
			return dst, ErrOutOfRange
		}
	}
	n, ok := digits(v)
	switch {
	case !ok:
		return dst, fmt.Errorf("%w: an age is a whole number of years", ErrMalformedNumber)
	case len(v) > 3 || n > maxAge:
		return dst, ErrOutOfRange
	case n >= topCodeAge:
		return append(dst, a.label...), nil
	}
	return append(dst, v...), nil
}

// maxAge bounds plausible ages; anything above is an input error.
const maxAge = 150

// plainOutput: digits and '-', or the top-coding label.
func (g *generalizeDate) plainOutput(comma byte) bool {
	return (comma < '0' || comma > '9') && comma != '-' && !csvrec.NeedsQuotes([]byte(g.label), comma)
}
