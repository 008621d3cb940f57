package deid

import (
	"reflect"
	"unicode/utf8"
)

// appendRunes appends the elements of v, a slice or array of int32, to
// the walk's text as the runes they are: Go writes text in []rune as
// often as in string or []byte, and reflection cannot tell rune from
// int32. A slice of int32 that holds measurements is read as runes too:
// it can be taken for an identifier only if its values, read as
// characters, spell one (nine values from 48 to 57 spell nine digits), a
// rare false alarm that fails closed. An element that is no valid rune
// is written as U+FFFD.
func (w *keptWalk) appendRunes(v reflect.Value) {
	*w.text = append(*w.text, '\n')
	for i := range v.Len() {
		r := rune(v.Index(i).Int())
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		*w.text = utf8.AppendRune(*w.text, r)
	}
}
