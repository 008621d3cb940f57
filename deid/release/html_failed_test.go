package release

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// The page of a run that failed says so first: a reviewer handed it must
// not read a release into it.
func TestHTMLReportOfAFailedRun(t *testing.T) {
	in := sample(t, 3000, 1)
	cfg := Config{Profile: research, Keys: testKeys(t), Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}}
	var out bytes.Buffer
	rep, err := Run(context.Background(), bytes.NewReader(in), &failingWriter{Writer: CSV(&out), limit: 100}, cfg)
	if !errors.Is(err, errDiskFull) || rep == nil || !rep.Failed {
		t.Fatalf("Run = %v (report %v), want a failed run with its report", err, rep != nil)
	}
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	checkFigures(t, rep, page.Bytes())
	checkNoInput(t, in, page.String(), rep)
	if !strings.Contains(page.String(), "This run failed") {
		t.Error("the page of a failed run does not say that it failed")
	}
	if strings.Contains(page.String(), `<span class="ok">verified</span>`) {
		t.Error("the page of a failed run says verified")
	}
}
