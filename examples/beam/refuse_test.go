package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/deidkit/deidkit/deid"
)

// TestRefusedRelease feeds the final stages a release in which one
// combination of quasi-identifiers belongs to fewer than k people (as a
// faulty partition stage would make) and checks that the job fails and
// commits nothing: no output file, no report.
func TestRefusedRelease(t *testing.T) {
	out := t.TempDir()
	spec := &jobSpec{Out: out, Staging: filepath.Join(out, ".staging-test"), Report: filepath.Join(out, "report.json"),
		OutFormat: "csv", OutFields: []string{"user_id", "zip", "heart_rate"}, Shards: 2,
		K: 3, QI: []int{1}, Person: 0, Keys: "{}",
		Policy: `{"name":"test","fields":[{"field":"user_id","action":"keep"},{"field":"zip","action":"keep"},{"field":"heart_rate","action":"keep"}]}`}
	released := [][]string{
		{"p1", "02*", "60"}, {"p2", "02*", "61"}, {"p3", "02*", "62"},
		{"p4", "100", "70"}, {"p4", "100", "71"}, {"p5", "100", "72"}, // two people
	}
	p, s := beam.NewPipelineWithRoot()
	rows := beam.CreateList(s, released)
	field := beam.Create(s, deid.Report{Read: int64(len(released)), Written: int64(len(released))})
	doms := beam.Combine(s, &domainsFn{QI: spec.QI, Names: spec.qiNames(), Policy: spec.Policy, K: spec.K}, rows)
	parts := beam.Create(s, partsSummary{Partitions: 1, Rows: int64(len(released)), Penalty: []float64{0}, Levels: [][]int64{{6, 0, 0}}})
	summary := verifyStage(s, spec, rows, parts, beam.Create(s, 5), doms)
	commit(s, spec, rows, beam.CreateList(s, []string{}), field, summary, beam.CreateList(s, [][]byte{}), beam.Create(s, 0))
	err := ptest.Run(p)
	if err == nil || !strings.Contains(err.Error(), "1 of the release's 2 classes hold fewer than 3 people") {
		t.Fatalf("a release with a class of 2 people ran: %v", err)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}
