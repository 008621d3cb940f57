package release

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// Names with control characters (a vertical tab, an escape sequence, a
// line separator) went into the report as they were: the HTML page was no
// longer well-formed XML (CheckHTML failed on it), and a terminal showing
// the warnings obeyed the escape sequences. They are refused where they
// enter: the header, the JSON keys, the policy's name and its rules'
// fields. Markup in a name is text: the page escapes it and checks.
func TestHostileNamesInReports(t *testing.T) {
	const keep = `{"name":"p","default":"keep","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"}]}`
	for _, tc := range []struct {
		name, policy, in string
		format           deid.Format
	}{
		{"vertical tab in a CSV header", keep, "user_id,heart\vrate\nu1,60\n", deid.CSV},
		{"escape sequence in a CSV header", keep, "user_id,hr\x1b[8m\nu1,60\n", deid.CSV},
		{"line separator in a quoted CSV header", keep, "user_id,\"heart\u2028rate\"\nu1,60\n", deid.CSV},
		{"newline in a quoted CSV header", keep, "user_id,\"heart\nrate\"\nu1,60\n", deid.CSV},
		{"C1 control in an NDJSON key", keep, "{\"user_id\":\"u1\",\"hr\":60}\n{\"user_id\":\"u2\",\"hr\\u009b\":60}\n", deid.NDJSON},
		{"control in the policy's name", `{"name":"p\u000b","default":"keep","fields":[]}`, "user_id,hr\nu1,60\n", deid.CSV},
		{"control in a rule's field", `{"name":"p","fields":[{"field":"h\u0007r","action":"keep"}]}`, "user_id,hr\nu1,60\n", deid.CSV},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol, err := deid.ParsePolicy([]byte(tc.policy))
			if err == nil {
				_, err = Run(context.Background(), strings.NewReader(tc.in), CSV(&bytes.Buffer{}),
					Config{Input: tc.format, Policy: pol, Keys: testKeys(t)})
			}
			if !errors.Is(err, deid.ErrControlInName) {
				t.Fatalf("got %v, want ErrControlInName", err)
			}
			if strings.ContainsAny(err.Error(), "\v\x1b\u2028\u009b\a") {
				t.Errorf("the error repeats the control character: %q", err)
			}
		})
	}

	in := "user_id,<script>alert(1)</script>,\"a]]><b>&amp;\",\"" + strings.Repeat("x", 5000) + "\"\nu1,60,1,2\nu2,61,1,2\n"
	pol, err := deid.ParsePolicy([]byte(`{"name":"</title><script>alert(1)</script>","default":"keep","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), strings.NewReader(in), CSV(&bytes.Buffer{}), Config{Policy: pol, Keys: testKeys(t)})
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(rep)
	if _, err := CheckHTML(page.Bytes(), js); err != nil {
		t.Errorf("a page with markup in its names does not check: %v", err)
	}
	if strings.Contains(page.String(), "<script") || strings.Contains(page.String(), "<b>") {
		t.Error("markup from a name reached the page unescaped")
	}
}
