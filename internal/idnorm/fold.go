package idnorm

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Fold appends to dst the form of id that deid's exclusion list compares
// for near matches and that k counts people by (deid/release, kanon):
// lower case, and digits without a leading plus or zeros; and, for an ID that is not
// ASCII, its characters as they read (ReadAs), lower-cased before and
// after: an accent composed or combined, fullwidth forms, invisible
// characters, the letters of other scripts drawn like Latin ones, digits
// of other scripts and look-alike dashes write the same ID to whoever
// reads it. Fold is idempotent.
func Fold(dst, id []byte) []byte {
	for _, c := range id {
		if c >= utf8.RuneSelf {
			// Lower case first: a capital whose small letter is a
			// look-alike (Cyrillic "Ѵ", "ѵ") then reads as that letter at
			// once, and Fold is idempotent.
			var read []byte
			for _, r := range FoldRunes(string(bytes.ToLower(id))) {
				read = utf8.AppendRune(read, r)
			}
			id = read
			break
		}
	}
	if len(id) > 2 && id[0] == '+' && id[1] >= '0' && id[1] <= '9' {
		// "+12" is 12 to a spreadsheet: the plus goes with the zeros.
		digits := true
		for _, c := range id[1:] {
			digits = digits && '0' <= c && c <= '9'
		}
		if digits {
			id = id[1:]
		}
	}
	if len(id) > 1 && id[0] == '0' {
		digits := true
		for _, c := range id {
			digits = digits && '0' <= c && c <= '9'
		}
		if z := bytes.TrimLeft(id, "0"); digits && len(z) > 0 {
			return append(dst, z...)
		}
	}
	for i := 0; i < len(id); {
		r, n := utf8.DecodeRune(id[i:])
		if l := unicode.ToLower(r); l != r {
			dst = utf8.AppendRune(dst, l)
		} else {
			dst = append(dst, id[i:i+n]...)
		}
		i += n
	}
	return dst
}

// Folded reports whether Fold would return id as it is: a cheap test for
// the common case of IDs already in the form Fold gives (lower-case ASCII,
// hexadecimal pseudonyms), which then need no copy. It takes a string as
// well, so that a caller holding one need not convert it.
func Folded[T ~string | ~[]byte](id T) bool {
	if len(id) > 1 && (id[0] == '0' || id[0] == '+') {
		digits := true
		for i := 1; i < len(id); i++ {
			digits = digits && '0' <= id[i] && id[i] <= '9'
		}
		if digits {
			return false
		}
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// FoldRunes returns the runes of a field name as it reads: each rune as
// ReadAs reads it. "ｅｍａｉｌ", "e\u00admail" and "еmail" (Cyrillic е)
// are e-mail addresses to whoever reads the header, and so to the rules:
// a name spelled to look like one and read as another released first
// names as they were.
func FoldRunes(s string) []rune {
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		switch read, many := ReadAs(r); {
		case many != "":
			rs = append(rs, []rune(many)...)
		case read >= 0:
			rs = append(rs, read)
		}
	}
	return rs
}

// ligatures are the letters that join two or three Latin ones.
var ligatures = map[rune]string{
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬅ': "st", 'ﬆ': "st",
	'Ĳ': "IJ", 'ĳ': "ij", 'Ǆ': "DZ", 'ǅ': "Dz", 'ǆ': "dz", 'Ǉ': "LJ", 'ǈ': "Lj", 'ǉ': "lj", 'Ǌ': "NJ", 'ǋ': "Nj", 'ǌ': "nj",
}

// letterRuns are the blocks of enclosed Latin letters, in alphabet order:
// circled, parenthesized, squared and negative ones, and the regional
// indicators that flags are written with.
var letterRuns = []struct{ first, base rune }{
	{0x249C, 'a'}, {0x24B6, 'A'}, {0x24D0, 'a'}, {0x1F110, 'A'}, {0x1F130, 'A'},
	{0x1F150, 'A'}, {0x1F170, 'A'}, {0x1F1E6, 'A'},
}

func letterRun(r rune) (rune, bool) {
	for _, b := range letterRuns {
		if r >= b.first && r < b.first+26 {
			return b.base + r - b.first, true
		}
	}
	return 0, false
}

// compatLetters lists, for each Latin letter, the letters drawn like it
// that Unicode's compatibility or canonical decompositions would give
// (the standard library has no normalization): accented letters, small
// capitals, modifier (superscript) letters, letterlike symbols. A field
// name spelled with them reads as the plain letters.
var compatLetters = map[rune]string{
	'A': "ÀÁÂÃÄÅĀĂĄǍǞǠǺȀȂȦȺᴬÅⒶ", 'a': "àáâãäåāăąǎǟǡǻȁȃȧɑᴀᵃₐ",
	'B': "ƁɃℬᴮ", 'b': "ƀɓʙᵇ",
	'C': "ÇĆĈĊČƇȻℂℭ", 'c': "çćĉċčƈȼᴄᶜ",
	'D': "ĎĐƊᴰⅅ", 'd': "ďđɗᴅᵈⅆ",
	'E': "ÈÉÊËĒĔĖĘĚȄȆȨɆᴱℰ", 'e': "èéêëēĕėęěȅȇȩɇᴇᵉₑℯⅇ",
	'F': "Ƒℱ", 'f': "ƒꜰᶠ",
	'G': "ĜĞĠĢǤǦǴᴳ", 'g': "ĝğġģǥǧǵɡɢᵍℊ",
	'H': "ĤĦȞᴴℋℌℍ", 'h': "ĥħȟʜʰℎₕ",
	'I': "ÌÍÎÏĨĪĬĮİƗǏȈȊᴵℐℑ", 'i': "ìíîïĩīĭįıǐȉȋɨɩɪᵢⁱℹⅈ",
	'J': "ĴɈᴶ", 'j': "ĵǰȷɉᴊʲⅉ",
	'K': "ĶƘǨᴷK", 'k': "ķĸƙǩᴋᵏₖ",
	'L': "ĹĻĽĿŁȽᴸℒ", 'l': "ĺļľŀłƚʟˡₗℓ",
	'M': "ᴹℳ", 'm': "ᴍᵐₘ",
	'N': "ÑŃŅŇŊǸᴺℕ", 'n': "ñńņňŉŋǹɴⁿₙ",
	'O': "ÒÓÔÕÖØŌŎŐƟƠǑǪǬǾȌȎȪȬȮȰᴼ", 'o': "òóôõöøōŏőơǒǫǭǿȍȏȫȭȯȱᴏᵒₒℴ",
	'P': "Ƥᴾℙ", 'p': "ƥᴘᵖₚ",
	'Q': "ℚ", 'q': "ɋ",
	'R': "ŔŖŘȐȒɌᴿℛℜℝ", 'r': "ŕŗřȑȓɍʀʳᵣ",
	'S': "ŚŜŞŠȘ", 's': "śŝşšſșꜱˢₛ",
	'T': "ŢŤŦƬƮȚȾᵀ", 't': "ţťŧƫƭțᴛᵗₜ",
	'U': "ÙÚÛÜŨŪŬŮŰŲƯǓǕǗǙǛȔȖɄᵁ", 'u': "ùúûüũūŭůűųưǔǖǘǚǜȕȗʉᴜᵘᵤ",
	'V': "Ʋⱽ", 'v': "ʋᴠᵛᵥ",
	'W': "Ŵᵂ", 'w': "ŵᴡʷ",
	'X': "", 'x': "ˣₓ",
	'Y': "ÝŶŸƳȲɎ", 'y': "ýÿŷƴȳɏʏʸ",
	'Z': "ŹŻŽƵȤℤℨ", 'z': "źżžƶȥᴢᶻ",
}

func init() {
	for latin, forms := range compatLetters {
		for _, r := range forms {
			if _, ok := lookAlikes[r]; !ok {
				lookAlikes[r] = latin
			}
		}
	}
}

// lookAlikes are the Cyrillic and Greek letters drawn like Latin ones.
var lookAlikes = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'һ': 'h',
	'ԛ': 'q', 'ԝ': 'w', 'ѵ': 'v', 'ӏ': 'l', 'ɡ': 'g', 'ո': 'n',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'І': 'I',
	'Ј': 'J', 'Ѕ': 'S', 'Ү': 'Y',
	'ο': 'o', 'α': 'a', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'ρ': 'p', 'υ': 'u',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T',
	'Υ': 'Y', 'Χ': 'X',
}
