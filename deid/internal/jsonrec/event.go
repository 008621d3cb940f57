package jsonrec

// Kind is the kind of an [Event].
type Kind uint8

// Event kinds. Every kind but BeginObject and EndObject is a leaf.
const (
	BeginObject Kind = iota + 1
	EndObject
	String
	Number
	True
	False
	Null
	Array
)

var kindNames = [...]string{"", "begin-object", "end-object", "string", "number", "true", "false", "null", "array"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Event is one step of the walk through an object.
//
// The line's own object yields a BeginObject and an EndObject at Depth 0
// with no key. Each member yields, at the depth of the object holding it
// plus one, either a leaf or, for an object value, a BeginObject, the
// events of its members and an EndObject carrying the same key.
//
// The byte slices point into the line or into the Parser's scratch buffer
// and are valid until the next call to Parse.
type Event struct {
	Kind   Kind
	Depth  int
	Key    []byte // the member's key, unescaped
	RawKey []byte // the member's key as in the input, quotes included
	Raw    []byte // for leaves, the value exactly as in the input
	Str    []byte // for String leaves, the value unescaped
}

// IsLeaf reports whether e is a member value other than an object.
func (e Event) IsLeaf() bool { return e.Kind >= String }
