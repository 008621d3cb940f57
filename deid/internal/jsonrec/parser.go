package jsonrec

import (
	"bytes"
	"encoding/binary"
	"github.com/deidkit/deidkit/internal/lossyjson"
	"math/bits"
	"unicode/utf8"
)

// DefaultMaxDepth is the default limit on the nesting of objects and
// arrays in a line, the line's own object counting as one level.
const DefaultMaxDepth = 64

// Parser tokenizes one JSON object at a time into events. It keeps its
// scratch buffers between calls, so that the steady state allocates
// nothing. A Parser is not safe for concurrent use; give each worker its
// own. The zero value is ready to use.
type Parser struct {
	// MaxDepth limits nesting; zero means DefaultMaxDepth.
	MaxDepth int

	data     []byte
	pos      int
	maxDepth int
	events   []Event
	scratch  []byte     // unescaped keys and strings
	keys     []keyEntry // keys of the objects being parsed, for duplicate checks
	tmpl     template   // the structure of the last line parsed in full
	same     bool       // whether the last Parse matched tmpl
}

type keyEntry struct {
	h   uint64
	key []byte
}

// Parse tokenizes line, which must hold exactly one JSON object (with
// optional surrounding whitespace), and appends its events to events. On
// error it returns events as it was, with a [*SyntaxError].
func (p *Parser) Parse(line []byte, events []Event) ([]Event, error) {
	p.data, p.pos, p.events = line, 0, events
	p.scratch = p.scratch[:0]
	p.keys = p.keys[:0]
	p.maxDepth = p.MaxDepth
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	n := len(events)
	p.same = false
	p.skipSpace()
	if p.pos >= len(line) || line[p.pos] != '{' {
		return events[:n], p.fail(p.pos, ErrNotObject, "")
	}
	if p.tmpl.try(p.maxDepth) {
		start := p.pos
		p.same = p.parseLike(n)
		p.tmpl.tried(p.same)
		if p.same {
			events, p.events, p.data = p.events, nil, nil
			return events, nil
		}
		p.pos, p.events, p.scratch = start, p.events[:n], p.scratch[:0]
	}
	if err := p.object(nil, nil, 0); err != nil {
		return p.events[:n], err
	}
	p.skipSpace()
	if p.pos != len(line) {
		return p.events[:n], p.fail(p.pos, ErrSyntax, "data after the object")
	}
	p.tmpl.set(p.events[n:], p.maxDepth)
	events, p.events, p.data = p.events, nil, nil
	return events, nil
}

// SameKeys reports whether the line of the last call to Parse, which
// succeeded, has the structure of the line of the successful call before
// it: the same events but for the kinds and values of leaves (the same
// objects and arrays, as many elements in each, the same keys written the
// same way, in the same order). A caller can then reuse what it derived
// from the keys of that line, such as the paths of its leaves. It may
// report false for lines of the same structure.
func (p *Parser) SameKeys() bool { return p.same }

// push appends an event. It sets the fields of the new element one by one:
// appending an Event built as a whole copies it through the stack, whose
// wide loads of the narrower stores just made stall the processor.
func (p *Parser) push(kind Kind, depth int, key, rawKey, raw, str []byte) {
	// Every field of the event is set below, so an event left in the
	// slice's capacity by an earlier line is taken as it is, not zeroed
	// first (112 bytes, on every value of every line).
	n := len(p.events)
	if n < cap(p.events) {
		p.events = p.events[:n+1]
	} else {
		p.events = append(p.events, Event{})
	}
	e := &p.events[n]
	e.Kind, e.Depth = kind, depth
	e.Key, e.RawKey, e.Raw, e.Str = key, rawKey, raw, str
}

func (p *Parser) fail(pos int, err error, what string) error {
	return &SyntaxError{Column: pos + 1, What: what, Err: err}
}

func (p *Parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// object parses the object at p.pos, the value of key (nil for an array
// element) at the given depth.
func (p *Parser) object(key, rawKey []byte, depth int) error {
	if depth >= p.maxDepth {
		return p.fail(p.pos, ErrDepth, "")
	}
	p.pos++ // '{'
	p.push(BeginObject, depth, key, rawKey, nil, nil)
	frame := len(p.keys)
	var bloom uint64
	var seen map[string]struct{} // for objects of more than bigObject keys
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.push(EndObject, depth, key, rawKey, nil, nil)
		return nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return p.fail(p.pos, ErrSyntax, "expected a key")
		}
		keyPos := p.pos
		k, err := p.str()
		if err != nil {
			return err
		}
		h := keyHash(k)
		switch {
		case seen != nil:
			// A large object: one look-up per key, so that a line of many
			// keys costs linear time, not quadratic.
			if _, dup := seen[string(k)]; dup {
				return p.fail(keyPos, ErrDuplicateKey, "")
			}
			seen[string(k)] = struct{}{}
		case len(p.keys)-frame >= bigObject:
			seen = make(map[string]struct{}, 2*bigObject)
			for _, e := range p.keys[frame:] {
				seen[string(e.key)] = struct{}{}
			}
			if _, dup := seen[string(k)]; dup {
				return p.fail(keyPos, ErrDuplicateKey, "")
			}
			seen[string(k)] = struct{}{}
		default:
			if bit := uint64(1) << (h >> 58); bloom&bit == 0 {
				bloom |= bit
			} else {
				for _, e := range p.keys[frame:] {
					if e.h == h && bytes.Equal(e.key, k) {
						return p.fail(keyPos, ErrDuplicateKey, "")
					}
				}
			}
		}
		p.keys = append(p.keys, keyEntry{h, k})
		rk := p.data[keyPos:p.pos:p.pos]
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return p.fail(p.pos, ErrSyntax, "expected a colon")
		}
		p.pos++
		p.skipSpace()
		if err := p.value(k, rk, depth+1); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos < len(p.data) {
			switch p.data[p.pos] {
			case ',':
				p.pos++
				continue
			case '}':
				p.pos++
				p.keys = p.keys[:frame]
				p.push(EndObject, depth, key, rawKey, nil, nil)
				return nil
			}
		}
		return p.fail(p.pos, ErrSyntax, "expected a comma or the end of the object")
	}
}

func (p *Parser) value(key, rawKey []byte, depth int) error {
	if p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '{':
			return p.object(key, rawKey, depth)
		case '[':
			return p.array(key, rawKey, depth)
		}
	}
	return p.leaf(key, rawKey, depth)
}

// leaf parses the value at p.pos, which must be a leaf, and appends its
// event.
func (p *Parser) leaf(key, rawKey []byte, depth int) error {
	if p.pos >= len(p.data) {
		return p.fail(p.pos, ErrSyntax, "expected a value")
	}
	start := p.pos
	var kind Kind
	var s []byte
	switch c := p.data[p.pos]; {
	case c == '"':
		var err error
		if s, err = p.str(); err != nil {
			return err
		}
		kind = String
	case c == '-' || ('0' <= c && c <= '9'):
		if err := p.number(); err != nil {
			return err
		}
		kind = Number
	case c == 't':
		kind = True
		if !p.literal("true") {
			return p.fail(start, ErrSyntax, "expected a value")
		}
	case c == 'f':
		kind = False
		if !p.literal("false") {
			return p.fail(start, ErrSyntax, "expected a value")
		}
	case c == 'n':
		kind = Null
		if !p.literal("null") {
			return p.fail(start, ErrSyntax, "expected a value")
		}
	default:
		return p.fail(start, ErrSyntax, "expected a value")
	}
	p.push(kind, depth, key, rawKey, p.data[start:p.pos:p.pos], s)
	return nil
}

func (p *Parser) literal(lit string) bool {
	if len(p.data)-p.pos < len(lit) || string(p.data[p.pos:p.pos+len(lit)]) != lit {
		return false
	}
	p.pos += len(lit)
	return true
}

// array parses the array at p.pos, the value of key (nil for an array
// element) at the given depth; its elements have no key.
func (p *Parser) array(key, rawKey []byte, depth int) error {
	if depth >= p.maxDepth {
		return p.fail(p.pos, ErrDepth, "")
	}
	p.pos++ // '['
	p.push(BeginArray, depth, key, rawKey, nil, nil)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.push(EndArray, depth, key, rawKey, nil, nil)
		return nil
	}
	for {
		p.skipSpace()
		if err := p.value(nil, nil, depth+1); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos < len(p.data) {
			switch p.data[p.pos] {
			case ',':
				p.pos++
				continue
			case ']':
				p.pos++
				p.push(EndArray, depth, key, rawKey, nil, nil)
				return nil
			}
		}
		return p.fail(p.pos, ErrSyntax, "expected a comma or the end of the array")
	}
}

func (p *Parser) number() error {
	end, at, what := numberEnd(p.data, p.pos)
	if end < 0 {
		return p.fail(at, ErrSyntax, what)
	}
	p.pos = end
	return nil
}

// IsNumber reports whether b is exactly one JSON number.
func IsNumber(b []byte) bool {
	end, _, _ := numberEnd(b, 0)
	return end == len(b)
}

// numberEnd returns the end of the JSON number at d[i:], or -1 with the
// position and description of the first problem.
func numberEnd(d []byte, i int) (end, at int, what string) {
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i = digits(d, i+1)
	default:
		return -1, i, "expected a digit"
	}
	if i < len(d) && d[i] == '.' {
		j := digits(d, i+1)
		if j == i+1 {
			return -1, j, "expected a digit after the decimal point"
		}
		i = j
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := digits(d, i)
		if j == i {
			return -1, j, "expected a digit in the exponent"
		}
		i = j
	}
	return i, 0, ""
}

func digits(d []byte, i int) int {
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
}

// plain marks the bytes that a string holds as they are: printable ASCII
// but '"' and '\\'.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainEnd returns the index of the first byte of d from i on that is not
// plain, or len(d). It reads eight bytes at a time: a byte is flagged in
// bit 7 of its lane if it is '"' or '\\' (it xors to zero), below 0x20, or
// from 0x80 on. A borrow can flag a lane above a flagged one, never the
// lowest, which is the one taken.
func plainEnd(d []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(d); i += 8 {
		x := binary.LittleEndian.Uint64(d[i:])
		q := x ^ ('"' * ones)
		b := x ^ ('\\' * ones)
		t := ((q - ones) & ^q) | ((b - ones) & ^b) | ((x - 0x20*ones) & ^x) | x
		if t &= highs; t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	for i < len(d) && plain[d[i]] {
		i++
	}
	return i
}

// str parses the string at p.pos and returns its unescaped value: a slice
// of the line if it holds no escapes, of the scratch buffer otherwise.
func (p *Parser) str() ([]byte, error) {
	d := p.data
	start := p.pos + 1
	i := start
	for {
		i = plainEnd(d, i)
		if i >= len(d) {
			return nil, p.fail(p.pos, ErrSyntax, "unterminated string")
		}
		switch c := d[i]; {
		case c == '"':
			p.pos = i + 1
			return d[start:i:i], nil
		case c == '\\':
			return p.unescape(start, i)
		case c < 0x20:
			return nil, p.fail(i, ErrSyntax, "control character in string")
		default:
			n, ok := validRune(d[i:])
			if !ok {
				return nil, p.fail(i, ErrUTF8, "")
			}
			i += n
		}
	}
}

// unescape continues str from the first backslash, at i, copying the
// string into the scratch buffer.
func (p *Parser) unescape(start, i int) ([]byte, error) {
	d := p.data
	mark := len(p.scratch)
	p.scratch = append(p.scratch, d[start:i]...)
	for {
		j := plainEnd(d, i)
		p.scratch = append(p.scratch, d[i:j]...)
		i = j
		if i >= len(d) {
			return nil, p.fail(p.pos, ErrSyntax, "unterminated string")
		}
		switch c := d[i]; {
		case c == '"':
			p.pos = i + 1
			n := len(p.scratch)
			return p.scratch[mark:n:n], nil
		case c < 0x20:
			return nil, p.fail(i, ErrSyntax, "control character in string")
		case c >= 0x80:
			n, ok := validRune(d[i:])
			if !ok {
				return nil, p.fail(i, ErrUTF8, "")
			}
			p.scratch = append(p.scratch, d[i:i+n]...)
			i += n
			continue
		}
		// A backslash.
		if i+1 >= len(d) {
			return nil, p.fail(i, ErrSyntax, "invalid escape")
		}
		switch e := d[i+1]; e {
		case '"', '\\', '/':
			p.scratch = append(p.scratch, e)
		case 'b':
			p.scratch = append(p.scratch, '\b')
		case 'f':
			p.scratch = append(p.scratch, '\f')
		case 'n':
			p.scratch = append(p.scratch, '\n')
		case 'r':
			p.scratch = append(p.scratch, '\r')
		case 't':
			p.scratch = append(p.scratch, '\t')
		case 'u':
			// An escaped surrogate that is not half of a pair is malformed,
			// as invalid UTF-8 is: encoding/json reads it as U+FFFD, which
			// would make two different broken IDs one person and change a
			// text unseen.
			r, n, unpaired := lossyjson.Escape(d[i:])
			switch {
			case unpaired:
				return nil, p.fail(i, ErrUTF8, "unpaired surrogate escape")
			case n == 0:
				return nil, p.fail(i, ErrSyntax, "invalid \\u escape")
			}
			i += n
			p.scratch = utf8.AppendRune(p.scratch, r)
			continue
		default:
			return nil, p.fail(i, ErrSyntax, "invalid escape")
		}
		i += 2
	}
}

// validRune reports the length of the UTF-8 sequence at the start of b and
// whether it is valid.
func validRune(b []byte) (int, bool) {
	r, n := utf8.DecodeRune(b)
	return n, r != utf8.RuneError || n > 1
}

// keyHash mixes a key's length and its first and last eight bytes: enough
// to tell the keys of an object apart quickly, before an exact comparison.
// bigObject is the number of keys after which an object checks duplicates
// with a map: the bloom filter of 64 bits is full by then, and scanning
// every earlier key for each new one would be quadratic.
const bigObject = 32

func keyHash(k []byte) uint64 {
	var a, b uint64
	if n := len(k); n >= 8 {
		a = binary.LittleEndian.Uint64(k)
		b = binary.LittleEndian.Uint64(k[n-8:])
	} else {
		for i, c := range k {
			a |= uint64(c) << (8 * i)
		}
	}
	h := (a ^ uint64(len(k))<<58) * 0x9e3779b97f4a7c15
	h = bits.RotateLeft64(h, 31) ^ b*0xc2b2ae3d27d4eb4f
	return h * 0x94d049bb133111eb
}
