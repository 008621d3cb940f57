package idnorm

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// A Skeleton is a text as it reads (each rune as ReadAs reads it), for
// the detectors of identifiers to look at instead of the text, with the
// span of the text that each of its bytes stands for, so that what they
// find in it is replaced in the text whole: "１２３‐４５‐６７８９" and
// "123-4\u200b5-6789" are Social Security numbers, and what stands for
// them in the text is every byte of them, the invisible ones included.
//
// The zero value is ready to use; a Skeleton reused keeps its memory.
type Skeleton struct {
	// Text is the skeleton, after a Read that returned true.
	Text       []byte
	start, end []int
	noSpans    bool // AppendRead's: the spans are not kept
}

// Read makes s the skeleton of text, and reports whether it differs from
// text; if not, s is to be ignored and text read as it is. An ASCII text
// reads as it is, and is only looked at eight bytes at a time.
func (s *Skeleton) Read(text []byte) bool {
	if ASCII(text) {
		return false
	}
	s.Text, s.start, s.end = s.Text[:0], s.start[:0], s.end[:0]
	return s.read(text)
}

// AppendRead appends text as it reads to dst: the Text of its Skeleton.
func AppendRead(dst, text []byte) []byte {
	s := Skeleton{Text: dst, noSpans: true}
	s.read(text)
	return s.Text
}

// read appends the skeleton of text to s, and reports whether it differs
// from text. Each rune reads as ReadAs reads it, but for two that running
// text reads by their neighbours: a long dash (longDash) and a letter of
// another script drawn like a Latin one (otherScript).
func (s *Skeleton) read(text []byte) bool {
	changed := false
	wordEnd, latin := 0, false // the word of the last letter of another script met
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(text[i:])
		}
		read, many := r, ""
		if n > 1 {
			read, many = ReadAs(r)
			switch {
			case read == r:
			case longDash(r):
				if !s.digitLast() || !digitAt(text, i+n) {
					read = r
				}
			case otherScript(r):
				if i >= wordEnd {
					wordEnd, latin = latinWord(text, i)
				}
				if !latin {
					read = r
				}
			}
		}
		switch {
		case many != "":
			s.add(many, i, i+n)
		case read < 0:
			// Nothing to read: the bytes go with what comes before, so
			// that a span that ends there covers them.
			if len(s.end) > 0 {
				s.end[len(s.end)-1] = i + n
			}
		case read == r:
			s.add(string(text[i:i+n]), i, i+n)
		default:
			s.add(string(read), i, i+n)
		}
		changed = changed || read != r || many != ""
		i += n
	}
	return changed
}

// digitLast reports whether the skeleton ends with a digit.
func (s *Skeleton) digitLast() bool {
	return len(s.Text) > 0 && '0' <= s.Text[len(s.Text)-1] && s.Text[len(s.Text)-1] <= '9'
}

// digitAt reports whether the rune at text[i] reads as a digit.
func digitAt(text []byte, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRune(text[i:])
	read, _ := ReadAs(r)
	return '0' <= read && read <= '9'
}

// latinWord returns the end of the word of letters (and the marks and
// invisible characters between them) around text[i], and whether each
// of its letters is Latin or reads as a Latin one.
func latinWord(text []byte, i int) (end int, latin bool) {
	latin = true
	inWord := func(r rune) bool {
		if !unicode.IsLetter(r) {
			return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf)
		}
		if read, _ := ReadAs(r); read >= utf8.RuneSelf && !unicode.Is(unicode.Latin, read) {
			latin = false
		}
		return true
	}
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRune(text[:j])
		if !inWord(r) {
			break
		}
		j -= n
	}
	end = i
	for end < len(text) {
		r, n := utf8.DecodeRune(text[end:])
		if !inWord(r) {
			break
		}
		end += n
	}
	return end, latin
}

// add appends b, read from text[start:end], to the skeleton.
func (s *Skeleton) add(b string, start, end int) {
	s.Text = append(s.Text, b...)
	if s.noSpans {
		return
	}
	for range len(b) {
		s.start, s.end = append(s.start, start), append(s.end, end)
	}
}

// Span returns the span of the text that Text[start:end] stands for.
func (s *Skeleton) Span(start, end int) (int, int) {
	return s.start[start], s.end[end-1]
}

// ASCII reports whether text is ASCII, which reads as it is.
func ASCII(text []byte) bool {
	i := 0
	for ; i+8 <= len(text); i += 8 {
		if binary.LittleEndian.Uint64(text[i:])&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
