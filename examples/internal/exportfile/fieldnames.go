package exportfile

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"strings"
)

// ErrValueAsName is the cause of the errors of CheckFieldNames.
var ErrValueAsName = errors.New("a field name looks like a value")

// CheckFieldNames returns an error wrapping ErrValueAsName when a field
// name, or a part of an NDJSON path, looks like a value rather than a
// name: an e-mail address, an IP or MAC address, a date, a number, a
// URL, or a string of seven digits or more (a phone number). That is
// what a CSV without a header row looks like: its first record read as
// field names. The error names the field by its position, never by its
// name, since the name is then a value of the input; a program that
// prints or reports field names calls it first.
//
// It is a stopgap until package deid refuses such names itself.
func CheckFieldNames(names []string) error {
	for i, name := range names {
		if kind := valueKind(name); kind != "" {
			return fmt.Errorf("%w: field %d of the input looks like %s: "+
				"is the header row missing? (the name is not repeated: it may be a value)", ErrValueAsName, i+1, kind)
		}
	}
	return nil
}

var (
	dateLike   = regexp.MustCompile(`^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}`)
	urlLike    = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://`)
	numberLike = regexp.MustCompile(`^[-+]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][-+]?[0-9]+)?$`)
)

// valueKind says what name looks like, or "" for a name.
func valueKind(name string) string {
	s := strings.TrimSpace(name)
	switch {
	case strings.Contains(s, "@"):
		return "an e-mail address"
	case urlLike.MatchString(s):
		return "a URL"
	case isIP(s):
		return "an IP address"
	}
	if _, err := net.ParseMAC(s); err == nil {
		return "a MAC address"
	}
	// Also a key of an NDJSON path that is a date ({"readings":
	// {"2024-03-05": ...}}).
	for part := range strings.SplitSeq(s, ".") {
		if dateLike.MatchString(part) {
			return "a date"
		}
	}
	if dateLike.MatchString(s) {
		return "a date"
	}
	if len(strings.Map(keepDigit, s)) >= 7 {
		return "a phone number or another identifier"
	}
	// Not parts of a path: "weight.1" is how some tools name a second
	// "weight" column.
	if numberLike.MatchString(s) {
		return "a number"
	}
	return ""
}

func isIP(s string) bool {
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	_, err := netip.ParsePrefix(s)
	return err == nil
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}
