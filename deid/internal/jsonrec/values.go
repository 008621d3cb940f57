package jsonrec

import "encoding/binary"

// A Value is a leaf of a line read by [Parser.ParseValues]: its kind, and
// its text exactly as in the input and where it begins in the line.
type Value struct {
	Kind Kind
	At   int
	Raw  []byte
}

// A gap is the template's tokens between a leaf and the one before it (or
// the line's beginning), as a compact line writes them: text[from:end].
// Its first and last eight bytes are kept as words (the first masked to
// the gap when it is shorter), so that most gaps are compared with two
// loads of the line.
type gap struct {
	from, end  int32
	head, tail uint64
	mask       uint64 // of head
}

func (g *gap) set(text []byte, from int32) {
	g.from = from
	n := g.end - from
	g.mask = ^uint64(0)
	if n < 8 {
		g.mask = 1<<(8*n) - 1
	}
	g.head = binary.LittleEndian.Uint64(text[from:]) & g.mask // text is padded
	if n >= 8 {
		g.tail = binary.LittleEndian.Uint64(text[g.end-8:])
	}
}

// ParseValues reads line as a line of the structure of the last line the
// Parser parsed in full, written compactly: the same events but for the
// kinds and values of leaves, the keys written the same way, and no
// whitespace but before and after the object. If line is such a line and
// valid JSON, ParseValues sets vals to its leaves, in the order of their
// events, and texts to what they say: a string's value unescaped (the Str
// of its event), nil for null, the others as written. It then reports
// true; the line has the structure of the line
// of the last successful call to Parse or ParseValues, and SameKeys
// reports true. Otherwise it reports false, and the line is to be given
// to Parse, which alone tells why a line does not parse: ParseValues may
// report false for any line.
//
// It makes no events: the structure is the template's, so a caller that
// kept what it derived from the keys of that line (the paths of its
// leaves) needs only the values. The slices point into line or into the
// Parser's scratch buffer, as the events of Parse do, and are valid until
// the next call to Parse or ParseValues.
func (p *Parser) ParseValues(line []byte, vals []Value, texts [][]byte) ([]Value, [][]byte, bool) {
	t := &p.tmpl
	maxDepth := p.MaxDepth
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	p.same = false
	if !t.ok || t.rest > 0 || t.maxDepth != maxDepth {
		return vals[:0], texts[:0], false
	}
	n := len(t.gaps)
	if cap(vals) >= n {
		vals = vals[:n]
	} else {
		vals = make([]Value, n)
	}
	if cap(texts) >= n {
		texts = texts[:n]
	} else {
		texts = make([][]byte, n)
	}
	p.data, p.pos = line, 0
	p.scratch = p.scratch[:0]
	p.skipSpace()
	ok := p.values(vals, texts)
	p.data = nil
	if !ok {
		return vals[:0], texts[:0], false
	}
	t.tried(true) // a line read against the template, as Parse counts it
	p.same = true
	return vals, texts, true
}

// values reads the line at p.pos against the template's tokens, written
// compactly, and sets vals and texts (as long as the template's gaps) to
// its leaves.
func (p *Parser) values(vals []Value, texts [][]byte) bool {
	t := &p.tmpl
	d, pos := p.data, p.pos
	for k := range t.gaps {
		g := &t.gaps[k]
		n := int(g.end - g.from)
		switch {
		case n >= 8 && pos+n <= len(d):
			if binary.LittleEndian.Uint64(d[pos:]) != g.head || binary.LittleEndian.Uint64(d[pos+n-8:]) != g.tail {
				return false
			}
			for j := 8; j < n-8; j += 8 { // the words between, within the gap
				if binary.LittleEndian.Uint64(d[pos+j:]) != binary.LittleEndian.Uint64(t.text[int(g.from)+j:]) {
					return false
				}
			}
		case n < 8 && pos+8 <= len(d):
			if binary.LittleEndian.Uint64(d[pos:])&g.mask != g.head {
				return false
			}
		default: // near the end of the line
			if pos+n > len(d) || string(d[pos:pos+n]) != string(t.text[g.from:g.end]) {
				return false
			}
		}
		pos += n
		if pos >= len(d) {
			return false
		}
		v, text := &vals[k], &texts[k]
		i := pos
		switch c := d[i]; {
		case c == '"':
			// A string without escapes or bytes beyond ASCII in one scan;
			// any other is read by str.
			if j := plainEnd(d, i+1); j < len(d) && d[j] == '"' {
				pos = j + 1
				v.Kind, v.At, v.Raw, *text = String, i, d[i:pos:pos], d[i+1:j:j]
				continue
			}
			p.pos = i
			s, err := p.str()
			if err != nil {
				return false
			}
			pos = p.pos
			v.Kind, v.At, v.Raw, *text = String, i, d[i:pos:pos], s
			continue
		case c == '-' || ('0' <= c && c <= '9'):
			if pos, _, _ = numberEnd(d, i); pos < 0 {
				return false
			}
			v.Kind = Number
		case c == 't' && string(d[i:min(i+4, len(d))]) == "true":
			pos, v.Kind = i+4, True
		case c == 'f' && string(d[i:min(i+5, len(d))]) == "false":
			pos, v.Kind = i+5, False
		case c == 'n' && string(d[i:min(i+4, len(d))]) == "null":
			v.Kind, v.At, v.Raw, *text = Null, i, d[i:i+4:i+4], nil
			pos = i + 4
			continue
		default:
			return false
		}
		v.At, v.Raw = i, d[i:pos:pos]
		*text = v.Raw
	}
	from := int32(0)
	if n := len(t.gaps); n > 0 {
		from = t.gaps[n-1].end
	}
	n := int(t.last - from)
	if pos+n > len(d) || string(d[pos:pos+n]) != string(t.text[from:t.last]) {
		return false
	}
	p.pos = pos + n
	p.skipSpace()
	return p.pos == len(d)
}
