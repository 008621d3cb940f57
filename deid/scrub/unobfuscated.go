package scrub

// Unobfuscated returns text as Find and AppendKnown read it a second time,
// with the spellings that hide a value undone ("Z e l d a" as "Zelda",
// "zq at example dot org" as "zq@example.org"; see obfuscated.go), and
// true; or nil and false when text holds none of those spellings and is
// read only as it is. A caller that decides from a text's words which
// values Find may meet in it (a filter run before Known.Add) must read
// this text's words too.
func Unobfuscated(text []byte) ([]byte, bool) {
	var buf []byte
	text = read(text, &buf) // the view is of the text as it reads (skeleton.go)
	if !mayBeObfuscated(text) {
		return nil, false
	}
	return newView(text).b, true
}
