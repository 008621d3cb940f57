package release

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// The HTML and JSON reports of a run that failed at any point (the input
// broken before or after the types are known, the Writer failing at its
// first record, midway or at its end, with and without a k-anonymity
// stage) check against each other, say that the run failed, show no
// input value and claim no verified release. (A run may also fail
// without a report, as one whose input breaks does.)
func TestReportsOfFailedRunsAtEveryPoint(t *testing.T) {
	in := sample(t, 2000, 1)
	kPrivacy := &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}
	for _, tc := range []struct {
		name    string
		privacy *Privacy
		in      func() *brokenReader
		out     func(*bytes.Buffer) Writer
	}{
		{"field only, input broken early", nil, func() *brokenReader { return &brokenReader{r: bytes.NewReader(in), n: len(in) / 50} }, func(b *bytes.Buffer) Writer { return &faultyWriter{Writer: CSV(b)} }},
		{"field only, first Write fails", nil, nil, func(b *bytes.Buffer) Writer { return &faultyWriter{Writer: CSV(b), failAt: 1} }},
		{"field only, Close fails", nil, nil, func(b *bytes.Buffer) Writer { return &faultyWriter{Writer: CSV(b), failClose: true} }},
		{"k, input broken midway", kPrivacy, func() *brokenReader { return &brokenReader{r: bytes.NewReader(in), n: len(in) / 2} }, func(b *bytes.Buffer) Writer { return CSV(b) }},
		{"k, Begin fails", kPrivacy, nil, func(b *bytes.Buffer) Writer { return &faultyWriter{Writer: CSV(b), failBegin: true} }},
		{"k, Write fails midway", kPrivacy, nil, func(b *bytes.Buffer) Writer { return &faultyWriter{Writer: CSV(b), failAt: 500} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r = bytes.NewReader(in)
			var out bytes.Buffer
			var err error
			var rep *Report
			cfg := Config{Profile: research, Keys: testKeys(t), Privacy: tc.privacy}
			if tc.in != nil {
				rep, err = Run(context.Background(), tc.in(), tc.out(&out), cfg)
			} else {
				rep, err = Run(context.Background(), r, tc.out(&out), cfg)
			}
			if err == nil {
				t.Fatal("Run succeeded")
			}
			if rep == nil {
				return // a run may fail without a report; then there is nothing to show
			}
			if !rep.Failed {
				t.Fatalf("the report of a run that failed (%v) does not say so", err)
			}
			var page bytes.Buffer
			if err := rep.WriteHTML(&page); err != nil {
				t.Fatal(err)
			}
			checkFigures(t, rep, page.Bytes())
			checkNoInput(t, in, page.String(), rep)
			if !strings.Contains(page.String(), "This run failed") || strings.Contains(page.String(), `<span class="ok">verified</span>`) {
				t.Error("the page does not say that the run failed, or says verified")
			}
			b, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			checkNoInput(t, in, string(b), rep)
			if !bytes.Contains(b, []byte(`"failed":true`)) || bytes.Contains(b, []byte(`"verified":true`)) {
				t.Errorf("the JSON report does not say the run failed, or says verified: %.300s", b)
			}
		})
	}
}
