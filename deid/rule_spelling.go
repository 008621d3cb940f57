package deid

import (
	"fmt"
	"strings"
)

// A field that no rule names takes the policy's default. Under a default
// of keep, a field spelled like a rule's but for letter case, spacing,
// punctuation or how its letters are written ("Subject_Ref", "subject
// ref", "subject-ref", a fullwidth letter, beside a rule for
// "subject_ref") would be released as it is: a second source of the same
// records, a column added by a spreadsheet, or a record of another
// producer, whose values the rule was written to transform. Such a field
// is a policy error naming both names; a rule of its own (keep included)
// says what to do with it.

// spellingKey is the name of a field as spellings compare it: each key
// of the path folded to its lower-case letters and digits, as field
// names are read (splitWords), with the "[]" of array elements kept.
func spellingKey(path string) string {
	var b strings.Builder
	for i, seg := range strings.Split(path, ".") {
		if i > 0 {
			b.WriteByte('.')
		}
		key, arrays := seg, 0
		for strings.HasSuffix(key, "[]") {
			key, arrays = key[:len(key)-2], arrays+1
		}
		for _, w := range splitWords(key) {
			b.WriteString(w)
		}
		b.WriteString(strings.Repeat("[]", arrays))
	}
	return b.String()
}

// ruleSpellings indexes the field rules of p by spellingKey (the first
// rule of each key).
func ruleSpellings(p *Policy) map[string]int {
	m := make(map[string]int, len(p.Fields))
	for i := range p.Fields {
		k := spellingKey(p.Fields[i].Field)
		if _, ok := m[k]; !ok && k != "" {
			m[k] = i
		}
	}
	return m
}

// spelledLikeRule returns the error of field f, which no rule names and
// the default keeps, when f or a path enclosing it is spelled like a
// rule's field: a PolicyError, in a FieldError in a JSON record (!strict),
// where the field may first appear in any record.
func (b *binding) spelledLikeRule(f string, strict bool) error {
	r, ok := b.spellings[spellingKey(f)]
	if !ok {
		forEnclosing(f, func(enc string, _ byte) bool {
			r, ok = b.spellings[spellingKey(enc)]
			return !ok
		})
	}
	if !ok {
		return nil
	}
	rule := b.policy.Fields[r].Field
	pe := &PolicyError{Rule: r, Kind: "field rule", Field: rule,
		Msg: fmt.Sprintf("the input's field %q is spelled like it but for letter case, spacing or punctuation, and no rule names it, so the default would keep it as it is; give it a rule of its own", f)}
	if strict {
		return pe
	}
	return &FieldError{Field: f, Action: string(Keep), Err: pe}
}
