package deid

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// This file is an oracle of what a policy may release from NDJSON
// records, written apart from the transformer: it decodes records with
// encoding/json and resolves paths with string prefixes.

// A refLeaf is a scalar of a decoded record and its path.
type refLeaf struct {
	path string
	val  string // a string's value or a number's text; "" for true, false, null
	null bool
}

// refLeaves lists the scalars of the JSON object line, or reports that
// encoding/json does not read it as one object.
func refLeaves(line []byte) ([]refLeaf, bool) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	var out []refLeaf
	walkRef(m, "", &out)
	return out, true
}

func walkRef(v any, path string, out *[]refLeaf) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkRef(c, p, out)
		}
	case []any:
		for _, c := range x {
			walkRef(c, path+"[]", out)
		}
	case string:
		*out = append(*out, refLeaf{path: path, val: x})
	case json.Number:
		*out = append(*out, refLeaf{path: path, val: string(x)})
	default:
		*out = append(*out, refLeaf{path: path, null: x == nil})
	}
}

// refRelease says whether the value l may appear in the output (released)
// and whether its input value must not (hidden): only a keep, or a
// transform that keeps some of the value, releases the value as written.
// A rule on an enclosing path releases nothing: drop takes what it
// encloses, and any other action there makes the record an error. Nor
// does a default keep release a value whose path goes through an object
// where the rules have an array or the converse, or a non-null value
// where the rules have an object or array.
func refRelease(p *Policy, l refLeaf) (released, hidden bool) {
	for _, r := range p.Fields {
		if r.Field == l.path {
			return r.Action != Drop, slices.Contains(hiddenActions, r.Action)
		}
	}
	for _, r := range p.Fields {
		if strings.HasPrefix(l.path, r.Field+".") || strings.HasPrefix(l.path, r.Field+"[]") {
			return false, true
		}
	}
	if p.defaultAction() != Keep {
		return false, true
	}
	for _, r := range p.Fields {
		// Each path enclosing the rule's, and what the rule needs there.
		for i := 1; i < len(r.Field); i++ {
			var need byte
			switch {
			case r.Field[i] == '.':
				need = '.'
			case strings.HasPrefix(r.Field[i:], "[]"):
				need = '['
			default:
				continue
			}
			enc := r.Field[:i]
			switch {
			case l.path == enc && !l.null:
				return false, true
			case strings.HasPrefix(l.path, enc) && len(l.path) > len(enc):
				got := l.path[len(enc)]
				if (got == '.' || strings.HasPrefix(l.path[len(enc):], "[]")) && got != need {
					return false, true
				}
			}
		}
	}
	return true, false
}

// checkRelease checks the output of p on the input lines against the
// oracle: every value of the output is at a path the policy releases, and
// no value the policy hides in any record is an output value (unless
// another record releases the same text).
func checkRelease(p *Policy, in, out []byte, hideText ...string) error {
	secret, public := map[string]bool{}, map[string]bool{}
	for line := range bytes.Lines(in) {
		leaves, ok := refLeaves(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		if !ok {
			continue
		}
		for _, l := range leaves {
			if _, hidden := refRelease(p, l); hidden {
				secret[l.val] = true
			} else {
				public[l.val] = true
			}
		}
	}
	for _, t := range append(hideText, "") {
		delete(secret, t)
	}
	for n, line := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		if len(out) == 0 {
			break
		}
		leaves, ok := refLeaves(line)
		if !ok {
			return fmt.Errorf("output line %d is not a JSON object: %q", n+1, line)
		}
		for _, l := range leaves {
			if released, _ := refRelease(p, l); !released {
				return fmt.Errorf("output line %d has a value at %q, which the policy does not release", n+1, l.path)
			}
			if secret[l.val] && !public[l.val] {
				return fmt.Errorf("output line %d holds a hidden input value at %q", n+1, l.path)
			}
		}
	}
	return nil
}
