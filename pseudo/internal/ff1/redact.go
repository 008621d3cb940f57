package ff1

import "fmt"

// redacted is embedded in every type that holds key material. Its methods
// are promoted to the embedding type, so fmt never reaches the unexported
// fields: every verb (%v, %+v, %#v, %s, %x, %q, ...) and a panic with such a
// value print only the type name and "[redacted]".
type redacted struct{ name string }

const redactedText = "[redacted]"

// String returns the type's name and "[redacted]", never key material.
func (r redacted) String() string { return r.name + redactedText }

// GoString returns the type's name and "[redacted]", never key material.
func (r redacted) GoString() string { return r.name + redactedText }

// Format prints the type's name and "[redacted]" for every verb, never key
// material.
func (r redacted) Format(f fmt.State, _ rune) { fmt.Fprint(f, r.name+redactedText) }
