package jsonrec

// Path builds the path of each event of an object while its events are
// visited in order: the keys from the line's object down, joined by dots,
// with "[]" after the key of an array for its elements. In
//
//	{"device":{"model":"S"},"readings":[{"bpm":61}],"tags":["a"],"m":[[1]]}
//
// the leaves are at "device.model", "readings[].bpm", "tags[]" and
// "m[][]". Every element of an array has the same path: a path names a
// place in the shape of a record, not one value.
//
// A key that itself contains a dot or "[]" makes paths ambiguous
// ({"a.b":1} and {"a":{"b":1}} both give "a.b"); a policy matching on
// paths then treats both alike. The zero value is ready to use and reuses
// its buffer.
type Path struct {
	buf   []byte
	bases []int  // length of buf before each open container's own part
	inArr []bool // per open container: whether it is an array
}

// Visit returns the path of e: for a leaf, the leaf's path; for the
// beginning or end of an object or array, the path of that container
// (empty for the line's own object). The result is valid until the next
// call.
func (p *Path) Visit(e *Event) []byte {
	switch e.Kind {
	case BeginObject, BeginArray:
		if e.Depth == 0 {
			p.buf, p.bases, p.inArr = p.buf[:0], p.bases[:0], p.inArr[:0]
		} else {
			p.bases = append(p.bases, len(p.buf))
			p.member(e.Key)
		}
		if e.Kind == BeginArray {
			p.buf = append(p.buf, "[]"...)
		}
		p.inArr = append(p.inArr, e.Kind == BeginArray)
		return p.buf
	case EndObject, EndArray:
		path := p.buf
		if n := len(p.inArr); n > 0 {
			p.inArr = p.inArr[:n-1]
		}
		if n := len(p.bases); n > 0 {
			p.buf = p.buf[:p.bases[n-1]]
			p.bases = p.bases[:n-1]
		}
		return path
	}
	base := len(p.buf)
	p.member(e.Key)
	path := p.buf
	p.buf = p.buf[:base]
	return path
}

// member appends the part of a value's path below its container: the key
// of an object's member, nothing for an array's element.
func (p *Path) member(key []byte) {
	if n := len(p.inArr); n > 0 && p.inArr[n-1] {
		return
	}
	if len(p.buf) > 0 {
		p.buf = append(p.buf, '.')
	}
	p.buf = append(p.buf, key...)
}
