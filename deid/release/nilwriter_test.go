package release

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A nil input or Writer, or one holding a nil pointer, is refused with
// ErrConfig and deid.ErrNilArgument, never a panic, with or without a
// k-anonymity stage.
func TestNilArgumentsRefused(t *testing.T) {
	var nilWriter *byteWriter
	var nilReader *bytes.Reader
	var nilFile *os.File
	good := func() io.Reader { return bytes.NewReader(sample(t, 10, 0)) }
	for _, tc := range []struct {
		name string
		in   io.Reader
		out  Writer
	}{
		{"nil Writer", good(), nil},
		{"Writer holding a nil pointer", good(), nilWriter},
		{"nil input", nil, CSV(io.Discard)},
		{"input holding a nil *bytes.Reader", nilReader, CSV(io.Discard)},
		{"input holding a nil *os.File", nilFile, CSV(io.Discard)},
	} {
		for _, k := range []int{0, 2} {
			t.Run(fmt.Sprintf("%s/k=%d", tc.name, k), func(t *testing.T) {
				cfg := Config{Profile: research, Keys: testKeys(t)}
				if k > 0 {
					cfg.Privacy = &Privacy{QuasiIdentifiers: []string{"zip"}, K: k}
				}
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panicked: %v", r)
					}
				}()
				_, err := Run(context.Background(), tc.in, tc.out, cfg)
				if !errors.Is(err, deid.ErrNilArgument) || !errors.Is(err, ErrConfig) {
					t.Fatalf("err = %v, want deid.ErrNilArgument and ErrConfig", err)
				}
			})
		}
	}
}
