package deid

import (
	"fmt"
	"strings"
)

// The code lists of Rule.Expect: a kept category whose values are one of
// a few codes, so that a name, a note or an ID in the column is a record
// error naming the field, never released. Values compare in any letter
// case; the empty value and the words exports write for a missing one
// (see ExpectNumber) pass too. The profiles set them on the categories
// they keep by name (sex, gender, state).
const (
	// ExpectSex: the codes of ISO/IEC 5218 (0, 1, 2, 9) and HL7 (F, M,
	// O, U, A, N), X, female, male, woman, man, other, unknown, intersex,
	// nonbinary, transgender and genderqueer words, "not known", "prefer
	// not to say" and the like, and female and male in French, German and
	// Spanish.
	ExpectSex = "sex"
	// ExpectUSState: a USPS code of a state, DC, a territory or an
	// armed forces region (CA, DC, PR, AE), or a state's or territory's
	// name (California, District of Columbia, Puerto Rico).
	ExpectUSState = "us_state"
)

// expectKind is a step's compiled Rule.Expect.
type expectKind uint8

const (
	expectNone expectKind = iota
	expectNumber
	expectSex
	expectUSState
)

// expectKinds maps the values of Rule.Expect to their kinds.
var expectKinds = map[string]expectKind{ExpectNumber: expectNumber, ExpectSex: expectSex, ExpectUSState: expectUSState}

// holds reports whether v is a value of kind k.
func (k expectKind) holds(v []byte) bool {
	switch k {
	case expectNumber:
		return numberText(v)
	case expectSex:
		return inCodes(sexCodes, v)
	case expectUSState:
		return inCodes(usStateCodes, v)
	}
	return true
}

// inCodes reports whether v, without spaces around it and in lower case,
// is one of codes, empty, or a word for a missing value.
func inCodes(codes map[string]bool, v []byte) bool {
	var buf [maxWordLen]byte
	w, ok := lowerWord(&buf, v)
	return ok && (len(w) == 0 || codes[string(w)] || missingWords[string(w)])
}

var (
	// sexCodes hold ISO/IEC 5218 (0, 1, 2, 9), HL7's administrative
	// genders, and the words forms and exports write in English, French,
	// German and Spanish.
	sexCodes = codeSet(`0|1|2|9|f|m|w|x|u|o|a|n|d|female|male|woman|man|girl|boy|other|unknown|intersex|nonbinary|non-binary|non binary|diverse|divers|` +
		`not known|not specified|not stated|not applicable|undisclosed|declined|prefer not to say|prefer not to answer|ambiguous|` +
		`transgender|trans|trans woman|trans man|transgender woman|transgender man|genderqueer|genderfluid|agender|two-spirit|` +
		`femme|homme|féminin|masculin|weiblich|männlich|mujer|hombre|femenino|masculino`)
	usStateCodes = codeSet(`al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|` +
		`dc|pr|gu|vi|as|mp|um|aa|ae|ap|` +
		`alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|` +
		`district of columbia|puerto rico|guam|u.s. virgin islands|virgin islands|american samoa|northern mariana islands`)
)

func codeSet(list string) map[string]bool {
	m := map[string]bool{}
	for c := range strings.SplitSeq(list, "|") {
		m[c] = true
	}
	return m
}

// expectError is the error of a value of step i that is not of its
// rule's Expect.
func (pl *Plan) expectError(i int) error {
	st := &pl.steps[i]
	err := errNotNumber
	if st.expect != expectNumber {
		err = fmt.Errorf("%w: the field is kept as a category (expect %q), and the value is not one of its codes; drop or transform the field, or correct the record", ErrUnexpectedValue, pl.b.policy.Fields[st.rule].Expect)
	}
	return &FieldError{Field: st.field, Action: string(Keep), Err: err}
}

// codeListFor returns the code list a profile expects of a kept category
// named f, or "": sex and gender, and a state. A country, a device model
// or an ECG classification has no list here (see the profile's doc).
func codeListFor(f string) string {
	for _, w := range nameWords(f) {
		switch w {
		case "sex", "gender":
			return ExpectSex
		case "state":
			return ExpectUSState
		}
	}
	return ""
}
