package pseudo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// Remap refuses the IDs package deid refuses to pseudonymize: a control
// character or line break inside ("u-1\nu-2", a CSV field that swallowed
// the next record's ID) or a spreadsheet's scientific notation
// ("4.82913E+11"). Before, it mapped a pseudonym that no release holds,
// for a person no one is. The error names the position, not the value.
func TestRemapRefusesMalformedIDs(t *testing.T) {
	from, to := rotated(t)
	for _, bad := range []string{"u-1\nu-2", "u-1\x00", "u\x7f1", "u-1\u0085x", "u-1\u2028x", "4.82913E+11", "1.2e1"} {
		_, err := Remap(context.Background(), from, to, slices.Values([]string{"u-0", bad}), AllowUnauditedReversal())
		if !errors.Is(err, ErrMalformedID) {
			t.Errorf("%q: got %v, want ErrMalformedID", bad, err)
			continue
		}
		if !strings.Contains(err.Error(), "identifier 2 ") || strings.Contains(err.Error(), "u-1") || strings.Contains(err.Error(), "4.82913") {
			t.Errorf("%q: the error does not name the position, or names the value: %v", bad, err)
		}
	}
	// A hexadecimal ID that looks like a number is an ID as written.
	if _, err := Remap(context.Background(), from, to, slices.Values([]string{"12e4", "u-1 x"}), AllowUnauditedReversal()); err != nil {
		t.Errorf("12e4: %v", err)
	}
}
