package idnorm

import (
	"encoding/binary"
	"math"
	"slices"
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
	Text []byte
	// from[i] is the offset in the text of the rune Text[i] was read
	// from; a rune read as nothing belongs to the one before it (see
	// read).
	from    []int32
	n       int  // the length of the text
	noSpans bool // AppendRead's: from is not kept
	pending int  // where an opening bidirectional control read as nothing is, or -1
}

// Read makes s the skeleton of text, and reports whether it differs from
// text; if not, s is to be ignored and text read as it is. An ASCII text
// reads as it is, and is only looked at 32 bytes at a time.
func (s *Skeleton) Read(text []byte) bool {
	if ASCII(text) || len(text) > math.MaxInt32 {
		return false
	}
	s.Text, s.from, s.n = s.Text[:0], s.from[:0], len(text)
	return s.read(text)
}

// Span returns the span of the text that Text[start:end] stands for:
// from the first byte of the rune Text[start] was read from to the end
// of the rune Text[end-1] was read from and of the runes read as nothing
// after it.
func (s *Skeleton) Span(start, end int) (int, int) {
	j := end
	for j < len(s.Text) && s.from[j] == s.from[end-1] {
		j++ // end is inside what one rune reads as (a ligature)
	}
	if j == len(s.Text) {
		return int(s.from[start]), s.n
	}
	return int(s.from[start]), int(s.from[j])
}

// AppendRead appends text as it reads to dst: the Text of its Skeleton.
// It keeps no spans, and dst does not escape through it: a caller's
// buffer on the stack stays there.
func AppendRead(dst, text []byte) []byte {
	var rd reader
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			dst = append(dst, text[i])
			i++
			continue
		}
		digit := len(dst) > 0 && '0' <= dst[len(dst)-1] && dst[len(dst)-1] <= '9'
		read, many, n, same := rd.next(text, i, digit)
		switch {
		case same:
			dst = append(dst, text[i:i+n]...) // invalid UTF-8 as it is too
		case many != "":
			dst = append(dst, many...)
		case read >= 0:
			dst = utf8.AppendRune(dst, read)
		}
		i += n
	}
	return dst
}

// read appends the skeleton of text to s, and reports whether it differs
// from text.
func (s *Skeleton) read(text []byte) bool {
	changed := false
	s.pending = -1
	var rd reader
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			// A run of ASCII, as it is.
			j := i + 1
			for j < len(text) && text[j] < utf8.RuneSelf {
				j++
			}
			s.add(text[i:j], i, true)
			i = j
			continue
		}
		read, many, n, same := rd.next(text, i, s.digitLast())
		switch {
		case same:
			s.add(text[i:i+n], i, false)
		case read < 0 && many == "":
			// Nothing to read: the bytes belong to what comes before,
			// but for a bidirectional control that opens an embedding,
			// override or isolate, which belongs to what comes after
			// (as its closing one does to what comes before), so that a
			// span replaced holds both or neither.
			if r, _ := utf8.DecodeRune(text[i:]); opensBidi(r) && s.pending < 0 {
				s.pending = i
			}
		case many != "":
			s.add([]byte(many), i, false)
		default:
			var b [utf8.UTFMax]byte
			s.add(b[:utf8.EncodeRune(b[:], read)], i, false)
		}
		changed = changed || !same
		i += n
	}
	return changed
}

// A reader reads the runes of a text that are not ASCII: each as ReadAs
// reads it, but for two that running text reads by their neighbours, a
// long dash (longDash) and a letter of another script drawn like a Latin
// one (otherScript).
type reader struct {
	wordEnd int  // the end of the word of the last letter of another script met
	latin   bool // whether its letters all read as Latin
}

// next returns what the rune at text[i], not ASCII, reads as, its
// length, and whether it reads as itself (an invalid byte does); digit
// says whether what was read before it ends with a digit.
func (rd *reader) next(text []byte, i int, digit bool) (read rune, many string, n int, same bool) {
	r, n := utf8.DecodeRune(text[i:])
	if n == 1 {
		return r, "", 1, true
	}
	read, many = ReadAs(r)
	switch {
	case read == r:
	case longDash(r):
		if !digit || !digitAt(text, i+n) {
			read = r
		}
	case otherScript(r):
		if i >= rd.wordEnd {
			rd.wordEnd, rd.latin = latinWord(text, i)
		}
		if !rd.latin {
			read = r
		}
	}
	return read, many, n, read == r && many == ""
}

// add appends b, read from the text at offset at: byte by byte if run,
// else as one rune.
func (s *Skeleton) add(b []byte, at int, run bool) {
	s.Text = append(s.Text, b...)
	if s.noSpans {
		return
	}
	n := len(s.from)
	s.from = slices.Grow(s.from, len(b))[:n+len(b)]
	from := s.from[n:]
	if run {
		for k := range from {
			from[k] = int32(at + k)
		}
		if s.pending >= 0 {
			from[0], s.pending = int32(s.pending), -1
		}
		return
	}
	if s.pending >= 0 {
		at, s.pending = s.pending, -1
	}
	for k := range from {
		from[k] = int32(at)
	}
}

// digitLast reports whether the skeleton ends with a digit.
func (s *Skeleton) digitLast() bool {
	return len(s.Text) > 0 && '0' <= s.Text[len(s.Text)-1] && s.Text[len(s.Text)-1] <= '9'
}

// digitAt reports whether the first rune from text[i] that reads as
// something reads as a digit.
func digitAt(text []byte, i int) bool {
	for i < len(text) {
		r, n := utf8.DecodeRune(text[i:])
		if read, many := ReadAs(r); read >= 0 || many != "" {
			return '0' <= read && read <= '9'
		}
		i += n
	}
	return false
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

// ASCII reports whether text is ASCII, which reads as it is. It reads
// 32 bytes at a time: it stands in front of every scrub of a text.
func ASCII(text []byte) bool {
	const high = 0x8080808080808080
	for len(text) >= 32 {
		x := binary.LittleEndian.Uint64(text) | binary.LittleEndian.Uint64(text[8:]) |
			binary.LittleEndian.Uint64(text[16:]) | binary.LittleEndian.Uint64(text[24:])
		if x&high != 0 {
			return false
		}
		text = text[32:]
	}
	for len(text) >= 8 {
		if binary.LittleEndian.Uint64(text)&high != 0 {
			return false
		}
		text = text[8:]
	}
	for _, c := range text {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// opensBidi reports whether r opens a bidirectional embedding, override
// or isolate (LRE, RLE, LRO, RLO, LRI, RLI, FSI).
func opensBidi(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' && r != '\u202c' || r >= '\u2066' && r <= '\u2068'
}
