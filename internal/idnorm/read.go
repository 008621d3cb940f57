package idnorm

import (
	"unicode"
	"unicode/utf8"
)

// ReadAs returns what the rune r reads as to a person looking for an
// identifier: the rune itself, another rune, several (many, for a
// ligature), or nothing (-1 and ""), for a character that shows nothing
// or only marks the letter before it. It is the one reading behind
// FoldRunes (field names), Fold (IDs) and Skeleton (values and free text
// before the detectors), so that what one of them takes for the same
// identifier, the others do too:
//
//   - invisible and format characters are read as nothing: soft hyphens,
//     zero-width spaces and joiners, word joiners, byte order marks,
//     bidirectional controls, variation selectors, and the other
//     default-ignorable code points;
//   - combining marks are read as nothing, so that an accent combined
//     with its letter and the same letter composed ("u\u0308", "ü")
//     both read as the plain letter "u", as do the accented Latin letters
//     of the look-alike table;
//   - compatibility forms are read as the plain character: fullwidth ASCII,
//     mathematical letters and digits, enclosed letters, ligatures,
//     superscript, subscript and enclosed digits, small form variants;
//   - the Cyrillic and Greek letters drawn like Latin ones are read as
//     those (the table below, not every homoglyph of every script);
//   - digits of other scripts (Arabic-Indic, Devanagari, …) are read as
//     the ASCII digits of the same value;
//   - separators drawn like ASCII ones are read as those: every dash
//     (Unicode's dash punctuation, of any script) and the minus signs
//     as '-', ideographic and other full stops as '.', small and
//     fullwidth commercial ats as '@', fraction and division slashes as
//     '/', typographic apostrophes as an ASCII one, spaces of other
//     widths as ' ' and line and paragraph separators as a newline.
//
// ASCII runes read as themselves: a text that is ASCII reads as it is.
// Letter case is left as it is.
func ReadAs(r rune) (read rune, many string) {
	if r < utf8.RuneSelf || plainBlock(r) {
		return r, ""
	}
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
		return r - 0xFEE0, ""
	case r >= 0x1D400 && r <= 0x1D6A3: // mathematical letters, 52 per style
		if off := (r - 0x1D400) % 52; off < 26 {
			return 'A' + off, ""
		} else {
			return 'a' + off - 26, ""
		}
	case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits, 10 per style
		return '0' + (r-0x1D7CE)%10, ""
	case ligatures[r] != "":
		// "ﬁrst_name": the letters the ligature joins
		return 0, ligatures[r]
	}
	if l, ok := lookAlikes[r]; ok {
		return l, ""
	}
	if l, ok := letterRun(r); ok {
		return l, ""
	}
	if s, ok := separators[r]; ok {
		return s, ""
	}
	if unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) {
		return -1, ""
	}
	if d, ok := digitValue(r); ok {
		return '0' + d, ""
	}
	switch {
	case unicode.Is(unicode.Zs, r):
		return ' ', ""
	case r == '\u2028' || r == '\u2029':
		return '\n', ""
	case unicode.Is(unicode.Pd, r):
		// Every dash, of any script (the long dashes of prose: see
		// longDash).
		return '-', ""
	}
	return r, ""
}

// digitValue returns the value of r, a decimal digit of any script
// (unicode.Nd) or a superscript, subscript or circled digit.
func digitValue(r rune) (rune, bool) {
	if d, ok := compatDigits[r]; ok {
		return d, true
	}
	if !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	// The decimal digits of a script are ten code points in a row, from
	// zero, and a range of the table joins such blocks only (the test
	// checks every range).
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10, true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10, true
		}
	}
	return 0, false
}

// compatDigits are the digits of compatibility forms that are not
// decimal digits to Unicode (No): superscripts, subscripts, and the
// enclosed ones.
var compatDigits = func() map[rune]rune {
	m := map[rune]rune{'¹': 1, '²': 2, '³': 3, '⁰': 0, '⓪': 0, '⓿': 0, '\U0001F100': 0, '\U0001F10B': 0, '\U0001F10C': 0}
	for _, run := range []struct{ first, value rune }{
		{0x2080, 0},  // subscripts 0-9
		{0x2074, 4},  // superscripts 4-9
		{0x2460, 1},  // circled 1-9
		{0x2474, 1},  // parenthesized 1-9
		{0x2488, 1},  // with a full stop 1-9
		{0x24F5, 1},  // double circled 1-9
		{0x2776, 1},  // dingbat negative circled 1-9
		{0x2780, 1},  // dingbat circled sans-serif 1-9
		{0x278A, 1},  // dingbat negative circled sans-serif 1-9
		{0x1F101, 0}, // with a comma 0-9
	} {
		for d := run.value; d <= 9; d++ {
			m[run.first+d-run.value] = d
		}
	}
	return m
}()

// separators are the characters drawn like the ASCII punctuation that
// identifiers are written with, which the fullwidth block does not hold.
var separators = map[rune]rune{
	// minus signs and hyphens that are not dashes to Unicode (the dashes,
	// Pd, read as '-' below)
	'\u2212': '-', '\u2043': '-', '\u02d7': '-', '\u2796': '-',
	// full stops and dots
	'\u3002': '.', '\uff61': '.', '\u2024': '.', '\ufe52': '.', '\u00b7': '.', '\u2219': '.', '\u22c5': '.',
	'\u0387': '.', '\u2027': '.', '\u2022': '.', '\u30fb': '.', '\uff65': '.', '\u2981': '.',
	// blanks drawn as a space that Unicode does not class as spaces
	'\u2800': ' ',
	// commercial at
	'\ufe6b': '@',
	// slashes, colons, plus signs, parentheses
	'\u2044': '/', '\u2215': '/', '\u29f8': '/', '\u2236': ':', '\ua789': ':', '\ufe55': ':', '\ufe13': ':',
	'\ufe62': '+', '\u2795': '+', '\ufe59': '(', '\ufe5a': ')', '\u207d': '(', '\u207e': ')',
	// apostrophes
	'\u2018': '\'', '\u2019': '\'', '\u02bc': '\'', '\u2032': '\'',
	// commas and other small forms
	'\ufe50': ',', '\u3001': ',', '\uff64': ',', '\ufe51': ',', '\ufe54': ';', '\ufe5f': '#', '\ufe60': '&',
	'\ufe64': '<', '\ufe65': '>', '\ufe66': '=', '\ufe69': '$', '\ufe6a': '%',
}

// longDash reports whether r is a dash that prose puts between words
// ("Grüße—jane@example.org—danke"), which running text reads as a '-'
// between digits only ("123—45—6789"); elsewhere it reads as itself, or
// the words around it would read as one.
func longDash(r rune) bool {
	switch r {
	case '\u2014', '\u2015', '\u2e3a', '\u2e3b', '\ufe58', '\ufe31', '\u301c', '\u3030':
		return true
	}
	return false
}

// otherScript reports whether r is a letter of a script whose letters
// the look-alike table reads as Latin ones (Cyrillic, Greek, Armenian):
// running text reads it so only in a word whose every letter reads as a
// Latin one ("Quіst" with a Cyrillic і, "Ԛսіѕt"), not in a word of its
// own script ("пример", "рфabc").
func otherScript(r rune) bool {
	return unicode.In(r, unicode.Cyrillic, unicode.Greek, unicode.Armenian)
}

// plainBlock reports whether r is in a block of letters that read as
// themselves only (CJK ideographs, Hangul syllables), which running text
// in those scripts is mostly made of: their look-up in every table
// was most of the cost of reading such text.
func plainBlock(r rune) bool {
	return r >= 0x3400 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7A3
}
