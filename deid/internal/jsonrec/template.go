package jsonrec

import (
	"bytes"
	"encoding/binary"
)

// A template is the structure of the last line the Parser parsed in full:
// for each of its events, the kind (any leaf as String), the depth and,
// for a member, its key as written. The lines of an export mostly share
// one structure, and a line that follows the template is parsed without
// reading its keys as strings, hashing them or checking them for
// duplicates: each key is compared, byte for byte, with the one the
// template holds, which was read, checked and found unique in its object
// when the template was made. Anything else, including every error, is
// left to the full parse, so that both accept the same lines and give the
// same events.
type template struct {
	steps    []step
	text     []byte // each step's tokens, written compactly
	maxDepth int    // the limit the template's line was parsed under
	ok       bool
	// For ParseValues: the tokens before each leaf, and the last step's
	// end in text.
	gaps  []gap
	last  int32
	opens []int32 // scratch: steps of the containers open while setting

	// A line that does not follow the template costs the part of it read
	// against the template on top of its full parse. When lines of
	// several structures alternate, the template is set aside for a while.
	tries, misses int // lines tried and not following, in this round
	rest          int // lines still to parse in full before trying again
}

// Lines are tried against the template in rounds of tryRound; a round in
// which more than a quarter do not follow it sets the template aside for
// restLines lines.
const (
	tryRound  = 64
	restLines = 4096
)

// try reports whether the next line is to be parsed against the template,
// under the depth limit maxDepth.
func (t *template) try(maxDepth int) bool {
	if t.rest > 0 {
		t.rest--
		return false
	}
	return t.ok && t.maxDepth == maxDepth
}

// tried records whether a line tried against the template followed it.
func (t *template) tried(followed bool) {
	t.tries++
	if !followed {
		t.misses++
	}
	if t.tries == tryRound {
		if t.misses > tryRound/4 {
			t.rest = restLines
		}
		t.tries, t.misses = 0, 0
	}
}

// A step is an event of the template and the tokens before it, as a
// compact line writes them: a comma if it is not the first of its
// container, the key as written and a colon if it is a member, and the
// bracket of a container's beginning or end.
type step struct {
	kind   Kind  // String for every leaf
	comma  bool  //
	depth  int32 //
	text   int32 // the tokens in text, from text to end
	end    int32
	keyLen int32 // the key's length as written, quotes included; 0 for none
	open   int32 // for the end of a container, the step that began it
}

// set makes events, those of a line that parsed, the template. A line
// with an escape in a key makes none: its keys as written are not their
// values, and such lines are rare.
func (t *template) set(events []Event, maxDepth int) {
	t.ok, t.maxDepth = false, maxDepth
	if t.rest > 0 {
		return // set aside: the line before trying again makes the template
	}
	t.steps, t.text, t.opens, t.gaps = t.steps[:0], t.text[:0], t.opens[:0], t.gaps[:0]
	for i := range events {
		e := &events[i]
		st := step{kind: e.Kind, depth: int32(e.Depth), text: int32(len(t.text)),
			comma: i > 0 && !events[i-1].Opens() && !e.Closes()}
		if st.comma {
			t.text = append(t.text, ',')
		}
		if e.IsLeaf() {
			st.kind = String
		}
		if e.RawKey != nil && !e.Closes() {
			if bytes.IndexByte(e.RawKey, '\\') >= 0 {
				return
			}
			st.keyLen = int32(len(e.RawKey))
			t.text = append(append(t.text, e.RawKey...), ':')
		}
		switch {
		case e.Opens():
			t.opens = append(t.opens, int32(i))
			t.text = append(t.text, opener(e.Kind))
		case e.Closes():
			n := len(t.opens) - 1
			st.open = t.opens[n]
			t.opens = t.opens[:n]
			t.text = append(t.text, closer(e.Kind))
		}
		st.end = int32(len(t.text))
		t.steps = append(t.steps, st)
		if e.IsLeaf() {
			t.gaps = append(t.gaps, gap{end: st.end})
		}
	}
	t.last = int32(len(t.text))
	// Past the last step's tokens, so that tokens may load two words
	// from any step's.
	t.text = append(t.text, make([]byte, 16)...)
	from := int32(0)
	for k := range t.gaps {
		t.gaps[k].set(t.text, from)
		from = t.gaps[k].end
	}
	t.ok = true
}

// parseLike parses the object at p.pos as a line of the template's
// structure, appending its events after the first n of p.events. It
// reports false, with p's state to be reset by the caller, if the line
// does not follow the template or is not valid JSON.
func (p *Parser) parseLike(n int) bool {
	t := &p.tmpl
	d := p.data
	for k := range t.steps {
		st := &t.steps[k]
		var keyAt int
		// Most steps' tokens (a comma and a key) are short: compared in
		// two words here, without a call.
		if n := int(st.end - st.text); n <= 16 && p.pos+16 <= len(d) && sameWords(d[p.pos:], t.text[st.text:], n) {
			keyAt = p.pos
			if st.comma {
				keyAt++
			}
			p.pos += n
		} else {
			var ok bool
			if keyAt, ok = p.tokens(st); !ok {
				return false
			}
		}
		var key, rawKey []byte
		if st.keyLen > 0 {
			j := keyAt + int(st.keyLen)
			rawKey, key = d[keyAt:j:j], d[keyAt+1:j-1:j-1]
		}
		switch st.kind {
		case EndObject, EndArray:
			b := &p.events[n+int(st.open)]
			p.push(st.kind, int(st.depth), b.Key, b.RawKey, nil, nil)
		case BeginObject, BeginArray:
			p.push(st.kind, int(st.depth), key, rawKey, nil, nil)
		default:
			p.skipSpace()
			if i := p.pos; i < len(d) && d[i] == '"' {
				// A string without escapes or bytes beyond ASCII, in one
				// scan; any other is read by str.
				if j := plainEnd(d, i+1); j < len(d) && d[j] == '"' {
					p.pos = j + 1
					p.push(String, int(st.depth), key, rawKey, d[i:j+1:j+1], d[i+1:j:j])
					continue
				}
			}
			if p.leaf(key, rawKey, int(st.depth)) != nil {
				return false
			}
		}
	}
	p.skipSpace()
	return p.pos == len(d)
}

// tokens reads the tokens of st at p.pos, with whitespace between them
// where the full parse allows it, and returns where its key begins.
func (p *Parser) tokens(st *step) (keyAt int, ok bool) {
	d := p.data
	text := p.tmpl.text[st.text:st.end]
	if j := p.pos + len(text); j <= len(d) && string(d[p.pos:j]) == string(text) {
		keyAt = p.pos
		if st.comma {
			keyAt++
		}
		p.pos = j
		return keyAt, true
	}
	if st.comma {
		p.skipSpace()
		if p.pos >= len(d) || d[p.pos] != ',' {
			return 0, false
		}
		p.pos++
		text = text[1:]
	}
	p.skipSpace()
	if st.keyLen > 0 {
		keyAt = p.pos
		j := p.pos + int(st.keyLen)
		if j > len(d) || string(d[p.pos:j]) != string(text[:st.keyLen]) {
			return 0, false
		}
		p.pos = j
		p.skipSpace()
		if p.pos >= len(d) || d[p.pos] != ':' {
			return 0, false
		}
		p.pos++
		p.skipSpace()
		text = text[st.keyLen+1:]
	}
	if len(text) > 0 { // a bracket
		if p.pos >= len(d) || d[p.pos] != text[0] {
			return 0, false
		}
		p.pos++
	}
	return keyAt, true
}

// sameWords reports whether the first n bytes of a and b, n at most 16,
// are equal; both hold 16 bytes at least.
func sameWords(a, b []byte, n int) bool {
	x := binary.LittleEndian.Uint64(a) ^ binary.LittleEndian.Uint64(b)
	if n <= 8 {
		return x&(1<<(8*n)-1) == 0 // all ones for n = 8
	}
	y := binary.LittleEndian.Uint64(a[8:]) ^ binary.LittleEndian.Uint64(b[8:])
	return x == 0 && y&(1<<(8*(n-8))-1) == 0
}

func opener(k Kind) byte {
	if k == BeginArray {
		return '['
	}
	return '{'
}

func closer(k Kind) byte {
	if k == EndArray {
		return ']'
	}
	return '}'
}
