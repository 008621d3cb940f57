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
	// ExpectSex: F, M, X, U, O, female, male, other, unknown, intersex,
	// nonbinary (or non-binary), not known, not specified.
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

// inCodes reports whether v, in lower case, is one of codes, empty, or a
// word for a missing value.
func inCodes(codes map[string]bool, v []byte) bool {
	if len(v) == 0 || len(v) > maxCodeLen {
		return len(v) == 0
	}
	var low [maxCodeLen]byte
	for i, c := range v {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	s := string(low[:len(v)])
	return codes[s] || missingWords[s]
}

// maxCodeLen bounds the codes' length ("northern mariana islands").
const maxCodeLen = 32

var (
	missingWords = codeSet(`null|na|n/a|nan|none`)
	sexCodes     = codeSet(`f|m|x|u|o|female|male|other|unknown|intersex|nonbinary|non-binary|not known|not specified`)
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
