package testenv

import (
	"errors"
	"io"
	"testing"
)

func TestLazyBytes(t *testing.T) {
	calls := 0
	data := LazyBytes(func(w io.Writer) error {
		calls++
		_, err := io.WriteString(w, "a,b\n1,2\n")
		return err
	})
	if calls != 0 {
		t.Fatalf("written before the first call")
	}
	for range 2 {
		if got := string(data()); got != "a,b\n1,2\n" {
			t.Fatalf("data() = %q", got)
		}
	}
	if calls != 1 {
		t.Errorf("written %d times, want once", calls)
	}

	failing := LazyBytes(func(io.Writer) error { return errors.New("disk full") })
	defer func() {
		if recover() == nil {
			t.Errorf("a failing write did not panic")
		}
	}()
	failing()
}
