package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
	"github.com/deidkit/deidkit/internal/testenv"
)

// The export of the built-in sample writes an HTML report beside its JSON
// report, or where -report-html says; its figures are the JSON report's
// (release.CheckHTML), it is bound to the output by its checksum, and it
// holds no identifier of the input.
func TestHTMLReport(t *testing.T) {
	dir := t.TempDir()
	_, recs := exporttest.Sample(t, dir, "csv", 5000)
	ids := exporttest.Identifiers(t, recs)
	out := filepath.Join(dir, "release.csv")
	for _, c := range []struct {
		name string
		args []string
		want []string // figures the page must show
	}{
		{"the sample's run", nil, []string{"k_anonymity.k", "k_anonymity.class_sizes.0.people"}},
		{"-report-html, -sampling-fraction", []string{"-k", "10", "-out", out, "-report", filepath.Join(dir, "r.json"),
			"-report-html", filepath.Join(dir, "r.html"), "-sampling-fraction", "0.01", "-quiet"},
			[]string{"k_anonymity.k", "k_anonymity.population.released.people", "k_anonymity.population.before_generalization.estimates.0.population_uniques"}},
	} {
		r := run(t, c.args...)
		if r.Code != exportcmd.ExitOK {
			t.Fatalf("%s: exit %d: %s", c.name, r.Code, r.Stderr)
		}
		m := regexp.MustCompile(`output: (\S+); report: (\S+)\n  HTML report: (\S+)\n`).FindStringSubmatch(r.Stderr)
		if m == nil {
			t.Fatalf("%s: the summary names no output, report and HTML report:\n%s", c.name, r.Stderr)
		}
		if c.args == nil {
			defer os.RemoveAll(filepath.Dir(m[1]))
			if filepath.Dir(m[3]) != filepath.Dir(m[1]) {
				t.Errorf("%s: the HTML report %s is not beside the output %s", c.name, m[3], m[1])
			}
		}
		page, err := os.ReadFile(m[3])
		if err != nil {
			t.Fatal(err)
		}
		report, err := os.ReadFile(m[2])
		if err != nil {
			t.Fatal(err)
		}
		shown, err := release.CheckHTML(page, report)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, p := range append(c.want, "records_read", "records_written", "input_sha256", "output_sha256", "k_anonymity.ncp_percent") {
			if !slices.Contains(shown, p) {
				t.Errorf("%s: the page does not show %s", c.name, p)
			}
		}
		data, err := os.ReadFile(m[1])
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if rep := exporttest.ReadReport(t, m[2]); rep.OutputSHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: the report's output SHA-256 %s is not the output's, %x", c.name, rep.OutputSHA256, sum)
		}
		exporttest.NoIdentifiers(t, ids, string(page))
	}
}

// A -report-html that names another output's file is a usage error.
func TestHTMLReportDistinct(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x")
	for _, args := range [][]string{{"-out", p, "-report-html", p}, {"-report", p, "-report-html", p}, {"-report-html", "-"}} {
		if r := run(t, args...); r.Code != exportcmd.ExitUsage {
			t.Errorf("%q: exit %d, want %d: %s", args, r.Code, exportcmd.ExitUsage, r.Stderr)
		}
	}
	if _, err := os.Stat(p); err == nil {
		t.Errorf("a usage error wrote %s", p)
	}
}

// The HTML report the export of the built-in sample writes renders in a
// real browser with its charts visible: every bar colour of the page's
// charts covers pixels of headless Chromium's screenshot.
func TestHTMLReportInChromium(t *testing.T) {
	if _, err := os.Stat(testenv.Chromium); err != nil {
		t.Skipf("%s is absent (Debian package chromium; .ci/run installs it as root): the HTML report is not rendered in a browser", testenv.Chromium)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	r := run(t, "-out", filepath.Join(dir, "release.csv"), "-report", filepath.Join(dir, "report.json"), "-report-html", page, "-quiet")
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	fills := map[string]bool{}
	for _, m := range regexp.MustCompile(`<rect [^>]*fill="(#[0-9a-f]{6})"`).FindAllStringSubmatch(string(html), -1) {
		fills[m[1]] = true
	}
	if len(fills) < 3 {
		t.Fatalf("the page has bars of %d colours, want the charts' (class sizes, risk, levels, NCP)", len(fills))
	}
	img := testenv.Screenshot(t, page, 1200, 4000)
	for fill := range fills {
		if n, box, bars := testenv.Pixels(img, fill); n < 500 {
			t.Errorf("the bars of colour %s cover %d pixels of the screenshot, want a visible chart", fill, n)
		} else {
			t.Logf("%s: %d pixels, %d bars, in %v", fill, n, bars, box)
		}
	}
}
