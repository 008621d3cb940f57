package jsonrec

import "bytes"

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
	keys     []byte // the members' keys as written, quotes included
	maxDepth int    // the limit the template's line was parsed under
	ok       bool
	opens    []int32 // scratch: steps of the containers open while setting

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

type step struct {
	kind  Kind  // String for every leaf
	comma bool  // whether a comma comes before the event
	depth int32 //
	key   int32 // the member's key in keys, from key to end; key < 0 for none
	end   int32
	open  int32 // for the end of a container, the step that began it
}

// set makes events, those of a line that parsed, the template. A line
// with an escape in a key makes none: its keys as written are not their
// values, and such lines are rare.
func (t *template) set(events []Event, maxDepth int) {
	t.ok, t.maxDepth = false, maxDepth
	if t.rest > 0 {
		return // set aside: the line before trying again makes the template
	}
	t.steps, t.keys, t.opens = t.steps[:0], t.keys[:0], t.opens[:0]
	for i := range events {
		e := &events[i]
		st := step{kind: e.Kind, depth: int32(e.Depth), key: -1, comma: i > 0 && !events[i-1].Opens() && !e.Closes()}
		if e.IsLeaf() {
			st.kind = String
		}
		if e.RawKey != nil && !e.Closes() {
			if bytes.IndexByte(e.RawKey, '\\') >= 0 {
				return
			}
			st.key = int32(len(t.keys))
			t.keys = append(t.keys, e.RawKey...)
			st.end = int32(len(t.keys))
		}
		switch {
		case e.Opens():
			t.opens = append(t.opens, int32(i))
		case e.Closes():
			n := len(t.opens) - 1
			st.open = t.opens[n]
			t.opens = t.opens[:n]
		}
		t.steps = append(t.steps, st)
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
		if st.comma {
			p.skipSpace()
			if p.pos >= len(d) || d[p.pos] != ',' {
				return false
			}
			p.pos++
		}
		p.skipSpace()
		var key, rawKey []byte
		switch {
		case st.kind == EndObject || st.kind == EndArray:
			if p.pos >= len(d) || d[p.pos] != closer(st.kind) {
				return false
			}
			p.pos++
			b := &p.events[n+int(st.open)]
			p.push(st.kind, int(st.depth), b.Key, b.RawKey, nil, nil)
			continue
		case st.key >= 0:
			want := t.keys[st.key:st.end]
			i, j := p.pos, p.pos+len(want)
			if j > len(d) || !bytes.Equal(d[i:j], want) {
				return false
			}
			rawKey, key = d[i:j:j], d[i+1:j-1:j-1]
			p.pos = j
			p.skipSpace()
			if p.pos >= len(d) || d[p.pos] != ':' {
				return false
			}
			p.pos++
			p.skipSpace()
		}
		switch st.kind {
		case BeginObject, BeginArray:
			if p.pos >= len(d) || d[p.pos] != opener(st.kind) {
				return false
			}
			p.pos++
			p.push(st.kind, int(st.depth), key, rawKey, nil, nil)
		default:
			if p.leaf(key, rawKey, int(st.depth)) != nil {
				return false
			}
		}
	}
	p.skipSpace()
	return p.pos == len(d)
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
