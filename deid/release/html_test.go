package release

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// htmlCases are releases of the sample whose HTML reports are checked.
func htmlCases(t *testing.T) map[string]Config {
	keys := testKeys(t)
	policy, _, err := research(sampleFields(t))
	if err != nil {
		t.Fatal(err)
	}
	policy.Suppress = append(policy.Suppress, deid.Condition{Name: "minors", Field: "date_of_birth", AgeBelow: ptr(18)})
	return map[string]Config{
		"research k=5, sampling fraction": {Profile: research, Keys: keys, Privacy: &Privacy{
			QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id", Suppression: 0.02, Population: kanon.SamplingFraction(0.01)}},
		"research k=10, no population": {Profile: research, Keys: keys, Privacy: &Privacy{
			QuasiIdentifiers: sampleQIs, K: 10, Person: "user_id"}},
		"policy as rules, l and t, population size": {Policy: policy, Keys: keys, Privacy: &Privacy{
			QuasiIdentifiers: []string{"date_of_birth", "zip"}, K: 4, Person: "user_id", Sensitive: "sex", L: 2, T: 0.4,
			Suppression: 0.05, Population: kanon.PopulationSize(200_000)}},
		"mondrian in records": {Profile: research, Keys: keys, Privacy: &Privacy{
			QuasiIdentifiers: sampleQIs, K: 8, Algorithm: Mondrian, Population: kanon.SamplingFraction(0.3)}},
		"field policy only": {Profile: research, Keys: keys},
	}
}

func ptr[T any](v T) *T { return &v }

// sampleFields returns the field names of the sample.
func sampleFields(t *testing.T) []string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(sample(t, 10, deid.CSV)))
	names, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// The HTML report is well-formed XML, holds every figure of the JSON
// report and only those, and no value of the input.
func TestHTMLReport(t *testing.T) {
	in := sample(t, 3000, deid.CSV)
	for name, cfg := range htmlCases(t) {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			rep, err := Run(context.Background(), bytes.NewReader(in), CSV(&out), cfg)
			if err != nil {
				t.Fatal(err)
			}
			var page bytes.Buffer
			if err := rep.WriteHTML(&page); err != nil {
				t.Fatal(err)
			}
			checkFigures(t, rep, page.Bytes())
			checkNoInput(t, in, page.String(), rep)
			checkSelfContained(t, page.String())
			if rep.KAnonymity != nil && rep.KAnonymity.Population == nil &&
				!strings.Contains(page.String(), "No sampling fraction or population size was given") {
				t.Error("the page does not say that no population-uniqueness estimate was made")
			}
		})
	}
}

// notShown are the report's fields the page shows as words rather than
// figures, or not at all because they say the same as another.
var notShown = regexp.MustCompile(`^(failed|profile\.fields\.\d+\.(field|action)` +
	`|warnings\.\d+\.(kind|category)` +
	`|k_anonymity\.prosecutor_risk_distribution\.\d+\.(above|at_most|classes)` +
	`|k_anonymity\.population\.\w+\.estimates\.\d+\.valid` +
	`|k_anonymity\.population\.\w+\.estimates\.\d+\.(population_uniques|population_unique_share|released_population_uniques))$`)

// checkFigures checks that every figure of the page is the JSON report's,
// and that every field of the JSON report is on the page.
func checkFigures(t *testing.T, rep *Report, page []byte) {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := CheckHTML(page, b)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, p := range paths {
		shown[p] = true
	}
	leaves := map[string]any{}
	flatten(doc, "", leaves)
	for path, v := range leaves {
		if shown[path] {
			continue
		}
		if notShown.MatchString(path) {
			// An estimate's figures are shown when it is valid.
			if strings.Contains(path, ".estimates.") && !strings.HasSuffix(path, ".valid") {
				valid, _ := lookupJSON(doc, path[:strings.LastIndex(path, ".")]+".valid")
				if valid == true {
					t.Errorf("the page lacks %s (%v) of a valid estimate", path, v)
				}
			}
			continue
		}
		t.Errorf("the page lacks %s (%v)", path, v)
	}
	if len(paths) < 30 {
		t.Errorf("the page shows only %d figures", len(paths))
	}
}

// flatten lists the leaves of a decoded JSON document by path.
func flatten(v any, path string, leaves map[string]any) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			flatten(e, join(k), leaves)
		}
	case []any:
		for i, e := range v {
			flatten(e, join(strconv.Itoa(i)), leaves)
		}
	default:
		leaves[path] = v
	}
}

// identifying are the sample's columns whose values identify people or
// their moments; none of their values may be on the page.
var identifying = []string{"user_id", "email", "first_name", "last_name", "phone", "date_of_birth", "zip",
	"ip", "mac", "measured_at", "lat", "lon", "note"}

// checkNoInput checks that no identifying value of the input is on the
// page: values with letters or spaces anywhere, numbers, dates and
// addresses as a whole token (a ZIP code inside a longer number is not
// one). The checksums and key IDs are left out: hex and random digits
// hold any short number by chance.
func checkNoInput(t *testing.T, in []byte, page string, rep *Report) {
	t.Helper()
	for _, s := range []string{rep.InputSHA256, rep.OutputSHA256} {
		page = strings.ReplaceAll(page, s, " ")
	}
	if k := rep.Keys; k != nil {
		for _, id := range append(slices.Clone(k.Pseudonyms), k.PseudonymPrimary, k.TokenPrimary) {
			if id != 0 {
				page = strings.ReplaceAll(page, strconv.FormatUint(uint64(id), 10), " ")
			}
		}
	}
	tokens := map[string]bool{}
	for _, tok := range regexp.MustCompile(`[0-9.:\-]+`).FindAllString(page, -1) {
		tokens[tok] = true
	}
	numeric := regexp.MustCompile(`^[0-9.:\-]+$`)
	recs, err := csv.NewReader(bytes.NewReader(in)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cols []int
	for _, c := range identifying {
		i := slices.Index(recs[0], c)
		if i < 0 {
			t.Fatalf("the sample has no column %q", c)
		}
		cols = append(cols, i)
	}
	checked, leaked := 0, 0
	for _, rec := range recs[1:] {
		for _, i := range cols {
			v := rec[i]
			if len(v) < 4 {
				continue
			}
			checked++
			if numeric.MatchString(v) && tokens[v] || !numeric.MatchString(v) && strings.Contains(page, v) {
				if leaked++; leaked <= 5 {
					t.Errorf("the page holds a value of input column %q", recs[0][i])
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d input values checked", checked)
	}
}

// checkSelfContained checks that the page loads nothing and runs nothing.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	for _, bad := range []string{"<script", "src=", "<link", "url(", "http://", "https://", "@import", "<iframe", "<object", "<img"} {
		p := strings.ReplaceAll(page, `xmlns="http://www.w3.org/1999/xhtml"`, "")
		p = strings.ReplaceAll(p, `xmlns="http://www.w3.org/2000/svg"`, "")
		if strings.Contains(p, bad) {
			t.Errorf("the page holds %q: it must need no network and no script", bad)
		}
	}
}

// CheckHTML refuses a page that says otherwise than its report, that is
// not well-formed, or whose chart holds an HTML element.
func TestCheckHTMLRefuses(t *testing.T) {
	_, rep := runCSV(t, sample(t, 1000, deid.CSV), Config{Profile: research, Keys: testKeys(t),
		Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id", Suppression: 0.05}})
	var b bytes.Buffer
	if err := rep.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	report, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CheckHTML([]byte(page), report); err != nil {
		t.Fatal(err)
	}
	ncp := fmt.Sprintf(`data-json="k_anonymity.ncp_percent">%.2f<`, rep.KAnonymity.NCP)
	read := fmt.Sprintf(`data-json="records_read">%s<`, thousands(rep.Read))
	for name, bad := range map[string]string{
		"a count":             strings.Replace(page, read, `data-json="records_read">`+thousands(rep.Read+1)+`<`, 1),
		"a percentage":        strings.Replace(page, ncp, fmt.Sprintf(`data-json="k_anonymity.ncp_percent">%.2f<`, rep.KAnonymity.NCP+0.01), 1),
		"a name":              strings.Replace(page, `data-json="k_anonymity.algorithm">top-down<`, `data-json="k_anonymity.algorithm">optimal<`, 1),
		"a field it lacks":    strings.Replace(page, `data-json="records_read"`, `data-json="records_reed"`, 1),
		"a span in a chart":   strings.Replace(page, `<rect `, `<span/><rect `, 1),
		"an unclosed element": strings.Replace(page, `</table>`, ``, 1),
		"two roots":           page + "<p/>",
		"a bare HTML entity":  strings.Replace(page, `<h1>`, `<h1>&nbsp;`, 1),
	} {
		if bad == page {
			t.Fatalf("%s: the page is unchanged", name)
		}
		if _, err := CheckHTML([]byte(bad), report); !errors.Is(err, ErrHTMLReport) {
			t.Errorf("a page with %s changed: %v, want ErrHTMLReport", name, err)
		}
	}
}
