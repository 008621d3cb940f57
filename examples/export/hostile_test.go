package main

import (
	"testing"

	"github.com/deidkit/deidkit/examples/internal/hostile"
)

// TestHostileCorpus runs the hostile inputs of examples/testdata/hostile
// through the job (see package hostile for what every case checks).
func TestHostileCorpus(t *testing.T) {
	hostile.RunPrograms(t, hostile.Program{Name: "export", Run: command().Run})
}
