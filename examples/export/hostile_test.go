package main

import (
	"testing"

	"github.com/deidkit/deidkit/examples/internal/hostile"
)

// TestHostileCorpus runs the hostile inputs of examples/testdata/hostile
// through the job (see package hostile for what every case checks). The
// cases are about the field stage and are shared with aiexport, on files
// of a few people: they run without the k-anonymity stage a research
// release has by default, unless a case asks for it with its own -k.
func TestHostileCorpus(t *testing.T) {
	hostile.RunPrograms(t, hostile.Program{Name: "export", Run: command().Run, Args: []string{"-k", "0"}, HTMLReport: "-report-html"})
}
