package deid

import "github.com/deidkit/deidkit/deid/scrub"

// ownZIP returns the five-digit ZIP code that v, the value of a field of
// the record read as an address, is ("11201", "11201-1234"), or nil. The
// policy cuts a ZIP code it releases to three digits at most, so a kept
// value that is the whole five-digit code of its own record releases what
// the policy cut.
func ownZIP(v []byte) []byte {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	if len(v) != 5 && len(v) != 10 || !allDigits(v[:5]) {
		return nil
	}
	if len(v) == 10 && (v[5] != '-' || !allDigits(v[6:])) {
		return nil
	}
	return v[:5]
}

func allDigits(v []byte) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkOwnZIP flags each kept plain number of k.texts that is zip, the
// record's own ZIP code, unless its field holds measurements: a weight or
// a step count of 11201 is a number, a device model or a note of 11201
// reads as the code.
func (k *keptValues) checkOwnZIP(pl *Plan, zip []byte, warnTo *[]Warning) {
	for _, sv := range k.texts {
		if sv.num && string(sv.v) == string(zip) && !pl.measured(sv.step) {
			k.flag(pl, sv.step, scrub.Address, true, warnTo)
		}
	}
}

// measured reports whether step i keeps measurements: its rule expects
// numbers (Rule.Expect), or its field is named as a measured quantity or
// in a unit, as the profiles read names ("steps", "weight_kg"), so that a
// policy written by hand is read as the profiles' is. One step count in
// a hundred thousand equals its record's ZIP code. It is asked only when
// a kept number equals the code.
func (pl *Plan) measured(i int) bool {
	st := &pl.steps[i]
	return st.expect == expectNumber || classifyField(st.field).kind == kindHealth && measuredName(st.field)
}
