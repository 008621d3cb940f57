package main

import (
	"testing"

	"github.com/deidkit/deidkit/examples/internal/hostile"
)

// TestHostileCorpus runs the hostile inputs of examples/testdata/hostile
// through the program (see package hostile for what every case checks).
func TestHostileCorpus(t *testing.T) {
	hostile.RunPrograms(t, hostile.Program{Name: "aiexport", Run: command().Run, HTMLReport: "-report-html"})
}
