package testenv

import "testing"

// StickyError calls next (a chunker's Next) with a nil buffer until it
// fails and returns the error, after checking that one more call fails
// with the same error: a reader's errors are sticky.
func StickyError[T any](tb testing.TB, next func([]byte) (T, error)) error {
	tb.Helper()
	var err error
	for err == nil {
		_, err = next(nil)
	}
	if _, again := next(nil); again != err {
		tb.Errorf("error is not sticky: %v, then %v", err, again)
	}
	return err
}
