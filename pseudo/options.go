package pseudo

import (
	"fmt"
	"math/bits"
	"strings"
)

// An Option configures a [Pseudonymizer], an [FPE], a [Tokenizer], an
// [Auditor] or a [Remap]. Each says which of them it applies to; the others
// refuse it with [ErrInvalidOption], naming the option, rather than ignore
// it.
type Option func(*config)

type config struct {
	bits        int
	enc         Encoding
	versioned   bool
	keyID       uint32
	passThrough string
	auditor     *Auditor
	unaudited   bool
	given       optionSet
	optionErrs  []error
}

// optionSet is a set of options, one bit each, in the order of optionNames.
type optionSet uint16

const (
	optBits optionSet = 1 << iota
	optEncoding
	optKeyVersion
	optKeyID
	optPassThrough
	optAuditor
	optUnaudited
)

var optionNames = [...]string{"WithBits", "WithEncoding", "WithKeyVersion", "WithKeyID", "WithPassThrough", "WithAuditor", "AllowUnauditedReversal"}

// The options each constructor accepts.
const (
	pseudonymOptions = optBits | optEncoding | optKeyVersion | optKeyID
	reversalOptions  = optAuditor | optUnaudited
	fpeOptions       = optKeyID | optPassThrough | reversalOptions
	tokenOptions     = optKeyID | reversalOptions
	auditorOptions   = optKeyID
	remapOptions     = reversalOptions
)

func (s optionSet) names() []string {
	var out []string
	for s != 0 {
		i := bits.TrailingZeros16(uint16(s))
		out = append(out, optionNames[i])
		s &^= 1 << i
	}
	return out
}

// newConfig applies opts for the constructor named what, which accepts
// the options in allowed.
func newConfig(what string, allowed optionSet, opts []Option) (config, error) {
	c := config{bits: DefaultBits, enc: Hex}
	for _, o := range opts {
		if o == nil {
			return c, fmt.Errorf("%w: nil Option given to %s", ErrInvalidOption, what)
		}
		o(&c)
	}
	if len(c.optionErrs) > 0 {
		return c, c.optionErrs[0]
	}
	if extra := c.given &^ allowed; extra != 0 {
		return c, fmt.Errorf("%w: %s does not apply to %s, which takes %s", ErrInvalidOption,
			extra.names()[0], what, strings.Join(allowed.names(), ", "))
	}
	if c.auditor != nil && c.unaudited {
		return c, fmt.Errorf("%w: WithAuditor and AllowUnauditedReversal contradict each other; give one", ErrInvalidOption)
	}
	return c, nil
}

// keyIDOr returns the key chosen by WithKeyID, or primary.
func (c *config) keyIDOr(primary uint32) uint32 {
	if c.given&optKeyID != 0 {
		return c.keyID
	}
	return primary
}

// WithBits sets the pseudonym length in bits: a multiple of 8 from
// [MinBits] to [MaxBits]. The default is [DefaultBits]. It applies to [New].
func WithBits(n int) Option {
	return func(c *config) {
		if n < MinBits || n > MaxBits || n%8 != 0 {
			c.optionErrs = append(c.optionErrs, fmt.Errorf("%w: WithBits(%d); want a multiple of 8 from %d to %d", ErrInvalidOption, n, MinBits, MaxBits))
			return
		}
		c.bits, c.given = n, c.given|optBits
	}
}

// WithEncoding sets the text encoding of pseudonyms. The default is [Hex].
// It applies to [New].
func WithEncoding(e Encoding) Option {
	return func(c *config) {
		if !e.valid() {
			c.optionErrs = append(c.optionErrs, fmt.Errorf("%w: WithEncoding(%v); want Hex, Base32 or Base64URL", ErrInvalidOption, e))
			return
		}
		c.enc, c.given = e, c.given|optEncoding
	}
}

// WithKeyVersion prefixes every pseudonym with the ID of the key that made
// it, as "v" + 8 hex digits + ".", so that pseudonyms made before and after a
// rotation are told apart (see [ParseKeyVersion]). It applies to [New].
func WithKeyVersion() Option {
	return func(c *config) { c.versioned, c.given = true, c.given|optKeyVersion }
}

// WithKeyID pins a key of the keyset instead of its primary: to recompute
// pseudonyms, FPE outputs or date shifts made before a rotation, or to keep
// a release on one key version while the keyset rotates. It applies to
// [New], [NewFPE], [NewTokenizer] (the key that seals new tokens; tokens of
// every enabled key still open) and [NewAuditor].
func WithKeyID(id uint32) Option {
	return func(c *config) { c.keyID, c.given = id, c.given|optKeyID }
}
