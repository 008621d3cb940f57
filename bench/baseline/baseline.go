// Package baseline is the research export written the way a user would
// write it by hand with the standard library: encoding/csv or
// encoding/json into map[string]any, a fresh hmac.New per row, and
// csv.Writer or json.Encoder. It is the yardstick of the bench harness and
// the reference output of the streaming transformer, which must reproduce
// the CSV baseline byte for byte under the same policy and key.
//
// The research policy, as a contract:
//
//   - user_id becomes a pseudonym: the lowercase hex encoding of the first
//     16 bytes of HMAC-SHA256(DomainKey, user_id);
//   - email, first_name, last_name, phone, ip, mac, lat, lon and note are
//     dropped;
//   - date_of_birth, strictly YYYY-MM-DD and a valid calendar date, becomes
//     its four-digit year, or "90+" if the person is 90 or older on
//     RefDate (age = RefDate's year - birth year, minus one if RefDate's
//     month and day come before the birthday's);
//   - zip, DDDDD or DDDDD-DDDD, becomes its first three digits, or "000" for
//     the HHS restricted prefixes 036, 059, 063, 102, 203, 556, 692, 790,
//     821, 823, 830, 831, 878, 879, 884, 890 and 893;
//   - every other column or key is kept unchanged and in place; the CSV
//     header keeps the names of the columns it keeps.
//
// A date or ZIP code that does not parse, or a non-string value in
// NDJSON, stops the export with a [*FieldError] naming the line and the
// field, never the value. NDJSON policies apply to top-level keys only.
package baseline

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Params are the inputs of the research policy.
type Params struct {
	// DomainKey is the HMAC key of the recipient's pseudonym domain.
	DomainKey []byte
	// RefDate is the date on which ages are computed (the harness uses
	// 2026-01-01); only its year, month and day count.
	RefDate time.Time
}

// Sentinel causes of a [*FieldError].
var (
	ErrDate  = errors.New("not a YYYY-MM-DD date")
	ErrZIP   = errors.New("not a DDDDD or DDDDD-DDDD ZIP code")
	ErrValue = errors.New("not a string")
)

// FieldError reports a value the policy cannot transform. It names where
// the value is, not what it is.
type FieldError struct {
	Line  int    // physical line where the record starts, from 1
	Field string // column or key name
	Err   error  // ErrDate, ErrZIP or ErrValue
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("baseline: line %d, field %s: %v", e.Line, e.Field, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// action is what the policy does to a column.
type action int

const (
	keep action = iota
	drop
	pseudonymize
	birthYear
	zip3
)

var policy = map[string]action{
	"user_id":       pseudonymize,
	"email":         drop,
	"first_name":    drop,
	"last_name":     drop,
	"phone":         drop,
	"ip":            drop,
	"mac":           drop,
	"lat":           drop,
	"lon":           drop,
	"note":          drop,
	"date_of_birth": birthYear,
	"zip":           zip3,
}

// pseudonym is what a user writes: a new HMAC for every value.
func pseudonym(key []byte, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// birthYearOf returns the year of a YYYY-MM-DD date, or "90+" for people 90
// or older on ref.
func birthYearOf(dob string, ref time.Time) (string, error) {
	d, err := time.Parse(time.DateOnly, dob)
	if err != nil {
		return "", ErrDate
	}
	ry, rm, rd := ref.Date()
	age := ry - d.Year()
	if rm < d.Month() || (rm == d.Month() && rd < d.Day()) {
		age--
	}
	if age >= 90 {
		return "90+", nil
	}
	return dob[:4], nil
}

var restricted = map[string]bool{
	"036": true, "059": true, "063": true, "102": true, "203": true, "556": true,
	"692": true, "790": true, "821": true, "823": true, "830": true, "831": true,
	"878": true, "879": true, "884": true, "890": true, "893": true,
}

// zip3Of returns the first three digits of a ZIP or ZIP+4 code, or "000"
// for the restricted prefixes.
func zip3Of(zip string) (string, error) {
	if (len(zip) != 5 && len(zip) != 10) || (len(zip) == 10 && zip[5] != '-') {
		return "", ErrZIP
	}
	for i := 0; i < len(zip); i++ {
		if i != 5 && (zip[i] < '0' || zip[i] > '9') {
			return "", ErrZIP
		}
	}
	if restricted[zip[:3]] {
		return "000", nil
	}
	return zip[:3], nil
}
