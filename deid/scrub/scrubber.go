package scrub

import (
	"errors"
	"fmt"
	"iter"
)

// A Replacer writes the replacement for one detected identifier.
//
// AppendReplacement appends the replacement for match, an identifier of kind
// k, to dst and returns the extended slice. match aliases the text being
// scrubbed and must not be retained or modified. A Replacer used by a
// Scrubber shared between goroutines must be safe for concurrent use.
type Replacer interface {
	AppendReplacement(dst []byte, k Kind, match []byte) []byte
}

// ReplacerFunc adapts a function to the Replacer interface.
type ReplacerFunc func(dst []byte, k Kind, match []byte) []byte

// AppendReplacement calls f(dst, k, match).
func (f ReplacerFunc) AppendReplacement(dst []byte, k Kind, match []byte) []byte {
	return f(dst, k, match)
}

// tagReplacer writes Kind.Tag.
type tagReplacer struct{}

func (tagReplacer) AppendReplacement(dst []byte, k Kind, _ []byte) []byte {
	return append(dst, k.Tag()...)
}

// ErrNoKinds is returned by New when WithKinds is given no kind: a scrubber
// that detects nothing is almost certainly a configuration mistake.
var ErrNoKinds = errors.New("scrub: no kinds selected")

// ErrNilReplacer is returned by New when WithReplacer is given nil.
var ErrNilReplacer = errors.New("scrub: nil replacer")

// An Option configures a Scrubber built by New.
type Option func(*config) error

type config struct {
	kinds    kindSet
	replacer Replacer
}

// WithKinds restricts scrubbing to the given kinds. Without this option every
// kind is scrubbed.
func WithKinds(kinds ...Kind) Option {
	return func(c *config) error {
		if len(kinds) == 0 {
			return ErrNoKinds
		}
		var set kindSet
		for _, k := range kinds {
			if !k.valid() {
				return fmt.Errorf("%w: %d", ErrUnknownKind, uint8(k))
			}
			set = set.with(k)
		}
		c.kinds = set
		return nil
	}
}

// WithReplacer replaces each identifier with what r writes instead of its
// tag, for example a keyed pseudonym. Scrubbing is idempotent only with the
// default tags.
func WithReplacer(r Replacer) Option {
	return func(c *config) error {
		if r == nil {
			return ErrNilReplacer
		}
		c.replacer = r
		return nil
	}
}

// A Scrubber detects identifiers in free text and replaces them. It is
// immutable once built and safe for concurrent use by multiple goroutines
// (provided its Replacer is).
type Scrubber struct {
	kinds    kindSet
	replacer Replacer
}

// New returns a Scrubber that scrubs every kind with its tag, as changed by
// opts.
func New(opts ...Option) (*Scrubber, error) {
	c := config{kinds: allKinds, replacer: tagReplacer{}}
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	return &Scrubber{kinds: c.kinds, replacer: c.replacer}, nil
}

// Scrubs reports whether s detects identifiers of kind k.
func (s *Scrubber) Scrubs(k Kind) bool { return k.valid() && s.kinds.has(k) }

// Append appends text, with every identifier replaced, to dst and returns
// the extended slice. It does not allocate when dst has room for the result
// and text holds none of the spellings that hide an identifier ("j o h n @
// e x a m p l e . c o m", "john at example dot com", "555 . 123 . 4567"),
// which are read once more with those spellings undone and scrubbed whole.
// dst and text must not overlap.
func (s *Scrubber) Append(dst, text []byte) []byte {
	return s.AppendCount(dst, text, nil)
}

// AppendCount is Append that also adds the number of identifiers replaced,
// per kind, to c. c may be nil.
func (s *Scrubber) AppendCount(dst, text []byte, c *Counts) []byte {
	return s.AppendKnown(dst, text, nil, c)
}

// AppendKnown is AppendCount that also replaces the values of known, a
// record's own identifiers, wherever text holds them, whatever kinds s
// detects. Where a known value and a detected identifier start at the same
// byte, the longer wins, and the known value if they are as long. known
// may be nil.
func (s *Scrubber) AppendKnown(dst, text []byte, known *Known, c *Counts) []byte {
	var sc matcher
	sc.init(text, s.kinds, known)
	last := 0
	for {
		m, ok := sc.match()
		if !ok {
			break
		}
		dst = append(dst, text[last:m.Start]...)
		dst = s.replacer.AppendReplacement(dst, m.Kind, text[m.Start:m.End])
		if c != nil {
			c.n[m.Kind]++
		}
		last = m.End
	}
	sc.release()
	return append(dst, text[last:]...)
}

// Scrub returns text with every identifier replaced. It allocates; use
// Append on hot paths.
func (s *Scrubber) Scrub(text string) string {
	return string(s.Append(make([]byte, 0, len(text)+16), []byte(text)))
}

// A Match is an identifier found in a text: text[Start:End] is of kind Kind.
type Match struct {
	Kind       Kind
	Start, End int
}

// Matches returns the identifiers Append would replace in text, in order.
func (s *Scrubber) Matches(text []byte) iter.Seq[Match] {
	return s.MatchesKnown(text, nil)
}

// MatchesKnown returns the identifiers AppendKnown would replace in text,
// in order. known may be nil.
func (s *Scrubber) MatchesKnown(text []byte, known *Known) iter.Seq[Match] {
	return func(yield func(Match) bool) {
		var sc matcher
		sc.init(text, s.kinds, known)
		defer sc.release()
		for {
			m, ok := sc.match()
			if !ok || !yield(m) {
				return
			}
		}
	}
}

// Counts holds the number of identifiers replaced, per kind. The zero value
// is ready to use.
type Counts struct {
	n [kindCount]int
}

// Get returns the count for kind k.
func (c *Counts) Get(k Kind) int {
	if !k.valid() {
		return 0
	}
	return c.n[k]
}

// Total returns the count over all kinds.
func (c *Counts) Total() int {
	t := 0
	for _, n := range c.n {
		t += n
	}
	return t
}

// Add adds the counts in o to c, to merge the counts of several texts or
// goroutines.
func (c *Counts) Add(o *Counts) {
	for i, n := range o.n {
		c.n[i] += n
	}
}

// kindSet is a bit set of kinds.
type kindSet uint16

const allKinds kindSet = 1<<kindCount - 1

func (s kindSet) has(k Kind) bool     { return s&(1<<k) != 0 }
func (s kindSet) with(k Kind) kindSet { return s | 1<<k }
