package pseudo

import (
	"errors"
	"strings"
	"testing"
)

// The methods without an error result refuse a zero value with a panic
// whose value wraps ErrZeroValue and names the constructor; before, a zero
// Memo or Pseudonymizer died of a nil dereference inside the MAC.
func TestZeroValuesPanicClearly(t *testing.T) {
	for name, call := range map[string]func(){
		"Memo{}.Append":              func() { (&Memo{}).Append(nil, []byte("u-1")) },
		"Pseudonymizer{}.Append":     func() { (&Pseudonymizer{}).Append(nil, []byte("u-1")) },
		"Pseudonymizer{}.Pseudonym":  func() { (&Pseudonymizer{}).Pseudonym("u-1") },
		"Pseudonymizer{}.Uint64":     func() { (&Pseudonymizer{}).Uint64([]byte("u-1")) },
		"Pseudonymizer{}.NewMemo(8)": func() { (&Pseudonymizer{}).NewMemo(8).Append(nil, []byte("u-1")) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				err, ok := r.(error)
				if !ok || !errors.Is(err, ErrZeroValue) || !strings.Contains(err.Error(), "make it with") {
					t.Errorf("recovered %v, want an error wrapping ErrZeroValue that names the constructor", r)
				}
			}()
			call()
		})
	}
	if got := (&Memo{}).Pseudonymizer(); got != nil {
		t.Errorf("Memo{}.Pseudonymizer() = %v, want nil", got)
	}
}
