package scrub

import (
	"errors"
	"fmt"
)

// Kind is a category of identifier the scrubber can detect.
type Kind uint8

// The kinds of identifier the scrubber detects.
const (
	Email       Kind = iota // an email address: local@domain.tld
	Phone                   // a North American or E.164 telephone number
	IP                      // an IPv4 or IPv6 address
	MAC                     // a MAC (EUI-48 or EUI-64) address
	URL                     // a web address starting with http://, https:// or www.
	SSN                     // a US Social Security number
	Card                    // a payment card number that passes the Luhn check
	Date                    // a full date (day, month and year), or an age over 89 written as one
	Name                    // a person's name after a title or a cue word, or a record's own
	Address                 // a US street address or post office box
	ID                      // a record's own identifier (found only as a known value)
	Number                  // a number a label announces: MRN: 00482193, member ID XK-4821, VIN, serial no.
	Coordinates             // a latitude and longitude: 48.8566, 2.3522 or 48°51'24"N 2°21'08"E
	Handle                  // a social media or chat handle: @zelda_q

	kindCount // number of kinds; keep last
)

// ErrUnknownKind is returned for a Kind value or name that does not denote
// one of the kinds above.
var ErrUnknownKind = errors.New("scrub: unknown kind")

var kindNames = [kindCount]string{
	Email:   "email",
	Phone:   "phone",
	IP:      "ip",
	MAC:     "mac",
	URL:     "url",
	SSN:     "ssn",
	Card:    "card",
	Date:    "date",
	Name:    "name",
	Address: "address",
	ID:      "id",

	Number:      "number",
	Coordinates: "coordinates",
	Handle:      "handle",
}

var kindTags = [kindCount]string{
	Email:   "[EMAIL]",
	Phone:   "[PHONE]",
	IP:      "[IP]",
	MAC:     "[MAC]",
	URL:     "[URL]",
	SSN:     "[SSN]",
	Card:    "[CARD]",
	Date:    "[DATE]",
	Name:    "[NAME]",
	Address: "[ADDRESS]",
	ID:      "[ID]",

	Number:      "[NUMBER]",
	Coordinates: "[COORDINATES]",
	Handle:      "[HANDLE]",
}

// Kinds returns every kind, in declaration order.
func Kinds() []Kind {
	ks := make([]Kind, kindCount)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

func (k Kind) valid() bool { return k < kindCount }

// String returns the lower-case name of k ("email", "phone", ...), the name
// ParseKind accepts.
func (k Kind) String() string {
	if !k.valid() {
		return fmt.Sprintf("Kind(%d)", uint8(k))
	}
	return kindNames[k]
}

// Tag returns the replacement the scrubber writes for k by default, such as
// "[EMAIL]". Tags never contain anything the scrubber detects, so scrubbing
// tagged text again leaves it unchanged.
func (k Kind) Tag() string {
	if !k.valid() {
		return "[REDACTED]"
	}
	return kindTags[k]
}

// ParseKind returns the kind named s, as returned by Kind.String.
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if s == name {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownKind, s)
}

// MarshalText implements encoding.TextMarshaler so that kinds appear by name
// in JSON policies.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownKind, uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *Kind) UnmarshalText(text []byte) error {
	parsed, err := ParseKind(string(text))
	if err != nil {
		return err
	}
	*k = parsed
	return nil
}
