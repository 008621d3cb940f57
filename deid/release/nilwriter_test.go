package release

import (
	"bytes"
	"context"
	"testing"
)

// A Writer holding a nil pointer is refused with ErrConfig, as a nil
// Writer is, never a panic. The check belongs in Run (release.go), next to
// its nil check: deid's isNil (runargs.go) does it for Transformer.Run.
func TestTypedNilWriterRefused(t *testing.T) {
	t.Skip("finding: release.Run with a Writer holding a nil pointer panics; the check belongs in Run (release.go)")
	var w *byteWriter
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panicked: %v", r)
		}
	}()
	if _, err := Run(context.Background(), bytes.NewReader(sample(t, 10, 0)), w, Config{Profile: research, Keys: testKeys(t)}); err == nil {
		t.Fatal("Run took a nil Writer")
	}
}
