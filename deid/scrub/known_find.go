package scrub

// Find reports whether text holds one of k's values where AppendKnown
// would replace it (the same normalization and boundaries), and the kind
// of the first one found. It runs no detector: it is for checking that a
// text released as it is holds none of a record's own identifiers. It
// reads the text as written only: a value spelled out to hide it
// ("Z e l d a"), which AppendKnown finds in the text with such spellings
// undone, is not found.
func (k *Known) Find(text []byte) (Kind, bool) {
	if k.Len() == 0 {
		return 0, false
	}
	for i := range text {
		if k.first[text[i]] == 0 {
			continue
		}
		if end, kind := k.match(text, i, -1); end > i {
			return kind, true
		}
	}
	return 0, false
}
