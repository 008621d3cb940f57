package scrub

// Find reports whether text holds one of k's values where AppendKnown
// would replace it (the same normalization and boundaries, in the text as
// it reads: see [Known]), and the kind
// of the first one found. It runs no detector: it is for checking that a
// text released as it is holds none of a record's own identifiers. Like
// AppendKnown, it also reads the text with the spellings that hide a
// value undone ("Z e l d a", "zq at example dot org"; see obfuscated.go),
// when the text holds one.
func (k *Known) Find(text []byte) (Kind, bool) {
	if k.Len() == 0 {
		return 0, false
	}
	text = read(text, &k.scratch) // as AppendKnown reads it (skeleton.go)
	for i := range text {
		if k.first[text[i]] == 0 {
			continue
		}
		if end, kind := k.match(text, i, -1); end > i {
			return kind, true
		}
	}
	if !mayBeObfuscated(text) {
		return 0, false
	}
	// The reading AppendKnown makes of such a text: the view, scanned for
	// k's values alone.
	sc := scanner{text: newView(text).b, known: k}
	sc.reset()
	if m, ok := sc.next(); ok {
		return m.Kind, true
	}
	return 0, false
}
