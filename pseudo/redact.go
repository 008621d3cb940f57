package pseudo

import "fmt"

// redacted is embedded in every type that holds key material (or values
// derived from it, such as HMAC pad states). Its methods are promoted to the
// embedding type, so fmt never reaches the unexported fields: every verb
// (%v, %+v, %#v, %s, %x, %q, ...) and a panic with such a value print only
// the type name and "[redacted]".
type redacted struct{ name string }

const redactedText = "[redacted]"

func (r redacted) String() string { return r.name + redactedText }

func (r redacted) GoString() string { return r.name + redactedText }

func (r redacted) Format(f fmt.State, _ rune) { fmt.Fprint(f, r.name+redactedText) }
