package testenv

import (
	"errors"
	"testing"
)

// recorder notes the errors a helper reports instead of failing the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }

func TestStickyError(t *testing.T) {
	boom, other := errors.New("boom"), errors.New("other")
	reader := func(errs ...error) func([]byte) (int, error) {
		calls := 0
		return func([]byte) (int, error) {
			calls++
			if calls <= 2 {
				return calls, nil
			}
			return 0, errs[min(calls-3, len(errs)-1)]
		}
	}
	r := &recorder{TB: t}
	if err := StickyError(r, reader(boom)); err != boom || r.failed {
		t.Errorf("sticky reader: %v, failed %v", err, r.failed)
	}
	r = &recorder{TB: t}
	if err := StickyError(r, reader(boom, other)); err != boom || !r.failed {
		t.Errorf("reader that changes its error: %v, failed %v", err, r.failed)
	}
}
