package jsonrec

// Path builds the dotted path ("device.model") of each event of an object
// while its events are visited in order. A key that itself contains a dot
// makes paths ambiguous ({"a.b":1} and {"a":{"b":1}} both give "a.b"); a
// policy matching on paths then treats both alike. The zero value is ready
// to use and reuses its buffer.
type Path struct {
	buf   []byte
	bases []int // length of buf before each open object's key
}

// Visit returns the path of e: for a leaf, the leaf's path; for a
// BeginObject or EndObject, the path of that object (empty for the line's
// own object). The result is valid until the next call.
func (p *Path) Visit(e *Event) []byte {
	switch {
	case e.Kind == BeginObject && e.Depth == 0:
		p.buf, p.bases = p.buf[:0], p.bases[:0]
		return p.buf
	case e.Kind == BeginObject:
		p.bases = append(p.bases, len(p.buf))
		p.push(e.Key)
		return p.buf
	case e.Kind == EndObject:
		path := p.buf
		if n := len(p.bases); n > 0 {
			p.buf = p.buf[:p.bases[n-1]]
			p.bases = p.bases[:n-1]
		}
		return path
	}
	base := len(p.buf)
	p.push(e.Key)
	path := p.buf
	p.buf = p.buf[:base]
	return path
}

func (p *Path) push(key []byte) {
	if len(p.buf) > 0 {
		p.buf = append(p.buf, '.')
	}
	p.buf = append(p.buf, key...)
}
