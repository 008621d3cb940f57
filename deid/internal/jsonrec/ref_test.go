package jsonrec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"unicode/utf8"

	"github.com/deidkit/deidkit/internal/lossyjson"
)

// stdDecode decodes line with encoding/json, numbers kept as text.
func stdDecode(line []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the value")
	}
	return v, nil
}

// unpairedSurrogate reports whether line escapes a surrogate that is not
// half of a pair, which encoding/json reads as U+FFFD.
func unpairedSurrogate(line []byte) bool {
	_, p := lossyjson.Find(line)
	return p == lossyjson.UnpairedSurrogate
}

// stdAccepts is the oracle for what Parse must accept: valid JSON per
// encoding/json, valid UTF-8, an object, no key twice in one object, at
// most maxDepth levels of nesting.
func stdAccepts(line []byte, maxDepth int) bool {
	if !utf8.Valid(line) || !json.Valid(line) || unpairedSurrogate(line) {
		return false
	}
	if t := bytes.TrimLeft(line, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	type frame struct {
		obj  bool
		keys map[string]bool
		key  bool // next string token is a key
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		top := len(stack) - 1
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				if top >= 0 && stack[top].obj {
					stack[top].key = true
				}
				stack = append(stack, frame{obj: v == '{', keys: map[string]bool{}, key: v == '{'})
				if len(stack) > maxDepth {
					return false
				}
			default:
				stack = stack[:top]
			}
			continue
		case string:
			if top >= 0 && stack[top].obj && stack[top].key {
				if stack[top].keys[v] {
					return false
				}
				stack[top].keys[v] = true
				stack[top].key = false
				continue
			}
		}
		if top >= 0 && stack[top].obj {
			stack[top].key = true
		}
	}
}

// eventsValue rebuilds the decoded value from events.
func eventsValue(events []Event) (any, error) {
	var root any
	var stack []any // *map[string]any or *[]any
	put := func(e Event, v any) error {
		if len(stack) == 0 {
			if e.Depth != 0 || root != nil {
				return fmt.Errorf("value outside an object")
			}
			root = v
			return nil
		}
		switch c := stack[len(stack)-1].(type) {
		case map[string]any:
			if e.Key == nil {
				return fmt.Errorf("member without a key")
			}
			c[string(e.Key)] = v
		case *[]any:
			if e.Key != nil {
				return fmt.Errorf("element with a key")
			}
			*c = append(*c, v)
		}
		return nil
	}
	var depths []int
	for _, e := range events {
		if n := len(depths); !e.Closes() && n > 0 && e.Depth != depths[n-1]+1 {
			return nil, fmt.Errorf("event at depth %d in a container at depth %d", e.Depth, depths[n-1])
		}
		var v any
		switch e.Kind {
		case BeginObject:
			m := map[string]any{}
			if err := put(e, m); err != nil {
				return nil, err
			}
			stack = append(stack, m)
			depths = append(depths, e.Depth)
			continue
		case BeginArray:
			a := &[]any{}
			stack = append(stack, a)
			depths = append(depths, e.Depth)
			continue
		case EndObject, EndArray:
			if len(stack) == 0 {
				return nil, fmt.Errorf("unbalanced events")
			}
			top := stack[len(stack)-1]
			stack, depths = stack[:len(stack)-1], depths[:len(depths)-1]
			if a, ok := top.(*[]any); ok {
				if e.Kind != EndArray {
					return nil, fmt.Errorf("array closed as an object")
				}
				if err := put(e, *a); err != nil {
					return nil, err
				}
			} else if e.Kind != EndObject {
				return nil, fmt.Errorf("object closed as an array")
			}
			continue
		case String:
			v = string(e.Str)
		case Number:
			v = json.Number(e.Raw)
		case True:
			v = true
		case False:
			v = false
		case Null:
			v = nil
		default:
			return nil, fmt.Errorf("bad kind %v", e.Kind)
		}
		if len(stack) == 0 {
			return nil, fmt.Errorf("leaf outside an object")
		}
		if err := put(e, v); err != nil {
			return nil, err
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("unbalanced events")
	}
	return root, nil
}

// copyAll re-emits every event unchanged.
func copyAll(w *Writer, events []Event) []byte {
	w.Reset(nil)
	emit(w, events, false)
	return w.Bytes()
}

// tokenPaths lists, in order, the paths of the scalars of a JSON object
// as encoding/json's tokenizer meets them: keys joined by dots, "[]" for
// an array's elements.
func tokenPaths(line []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	type frame struct {
		path  string
		array bool
		key   string // the member whose value comes next
		isKey bool   // the next string of an object is a key
	}
	var stack []frame
	var out []string
	// valuePath is the path of the value the decoder is at.
	valuePath := func() string {
		top := &stack[len(stack)-1]
		switch {
		case top.array:
			return top.path + "[]"
		case top.path == "":
			return top.key
		}
		return top.path + "." + top.key
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if k, ok := tok.(string); ok && len(stack) > 0 && stack[len(stack)-1].isKey {
			stack[len(stack)-1].key, stack[len(stack)-1].isKey = k, false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			path := ""
			if len(stack) > 0 {
				path = valuePath()
			}
			stack = append(stack, frame{path: path, array: tok == json.Delim('['), isKey: tok == json.Delim('{')})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			out = append(out, valuePath())
		}
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].isKey = true
		}
	}
}

// checkLine parses line and checks it against encoding/json: same
// acceptance, same value, and a re-emitted copy that decodes to the same
// value (and equals the input byte for byte if the input is compact).
func checkLine(line []byte) error {
	var p Parser
	events, err := p.Parse(line, nil)
	if want := stdAccepts(line, DefaultMaxDepth); (err == nil) != want {
		return fmt.Errorf("Parse(%q) error = %v, encoding/json oracle accepts: %v", line, err, want)
	}
	if err != nil {
		if len(events) != 0 {
			return fmt.Errorf("Parse(%q) failed but returned %d events", line, len(events))
		}
		return nil
	}
	got, err := eventsValue(events)
	if err != nil {
		return err
	}
	want, err := stdDecode(line)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("Parse(%q) = %v, encoding/json decodes %v", line, got, want)
	}
	var path Path
	var paths, wantPaths []string
	for i := range events {
		pth := string(path.Visit(&events[i]))
		if events[i].IsLeaf() {
			paths = append(paths, pth)
		}
	}
	if wantPaths, err = tokenPaths(line); err != nil {
		return err
	}
	if !slices.Equal(paths, wantPaths) {
		return fmt.Errorf("Parse(%q): leaf paths %q, want %q", line, paths, wantPaths)
	}
	var w Writer
	out := copyAll(&w, events)
	again, err := stdDecode(out)
	if err != nil || !reflect.DeepEqual(again, want) {
		return fmt.Errorf("re-emitted %q as %q: %v", line, out, err)
	}
	var compact bytes.Buffer
	if json.Compact(&compact, line) == nil && bytes.Equal(compact.Bytes(), line) && !bytes.Equal(out, line) {
		return fmt.Errorf("compact %q re-emitted as %q", line, out)
	}
	return nil
}
