package testenv

import (
	"bytes"
	"io"
	"sync"
)

// LazyBytes returns a function that returns what write writes, written on
// the first call only: an input that only benchmarks need costs the tests
// nothing. A failing write is a broken test setup: the call panics.
func LazyBytes(write func(io.Writer) error) func() []byte {
	return sync.OnceValue(func() []byte {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			panic(err)
		}
		return b.Bytes()
	})
}
