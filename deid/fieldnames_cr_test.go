package deid

import (
	"errors"
	"strings"
	"testing"
)

// A CSV whose lines end with CR alone reads as one header holding carriage
// returns: the error says so, by position, without the names.
func TestHeaderCROnlyLines(t *testing.T) {
	err := checkControls([]string{"user_id", "note\ru-1", "x"}, "field %d")
	if !errors.Is(err, ErrControlInName) || !strings.Contains(err.Error(), "CR alone") || strings.Contains(err.Error(), "u-1") {
		t.Fatalf("got %v, want ErrControlInName naming CR line ends, not the name", err)
	}
}
