package jsonrec

// Kind is the kind of an [Event].
type Kind uint8

// Event kinds. The beginnings and ends of objects and arrays are
// containers; every other kind is a leaf.
const (
	BeginObject Kind = iota + 1
	EndObject
	BeginArray
	EndArray
	String
	Number
	True
	False
	Null
)

var kindNames = [...]string{"", "begin-object", "end-object", "begin-array", "end-array", "string", "number", "true", "false", "null"}

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
// events of its members and an EndObject carrying the same key; for an
// array value, a BeginArray, the events of its elements and an EndArray
// carrying the same key. An element of an array yields its events like a
// member, at the depth of the array plus one, with no key.
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

// IsLeaf reports whether e is a value other than an object or an array.
func (e Event) IsLeaf() bool { return e.Kind >= String }

// Opens reports whether e begins an object or an array.
func (e Event) Opens() bool { return e.Kind == BeginObject || e.Kind == BeginArray }

// Closes reports whether e ends an object or an array.
func (e Event) Closes() bool { return e.Kind == EndObject || e.Kind == EndArray }
