package release

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
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
			figs := parseHTML(t, page.Bytes())
			checkFigures(t, rep, figs)
			checkNoInput(t, in, page.String(), rep)
			checkSelfContained(t, page.String())
			if rep.KAnonymity != nil && rep.KAnonymity.Population == nil &&
				!strings.Contains(page.String(), "No sampling fraction or population size was given") {
				t.Error("the page does not say that no population-uniqueness estimate was made")
			}
		})
	}
}

// A figure of the page: the text of an element marked with the JSON path
// of a report field.
type pageFigure struct {
	path, text string
	scale      float64
}

// parseHTML checks that page is well-formed XML and returns its figures.
func parseHTML(t *testing.T, page []byte) []pageFigure {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	var stack []openElement
	var figs []pageFigure
	root := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				root++
			}
			if inSVG(stack) && !svgElements[tok.Name.Local] {
				// An HTML parser closes the chart at an HTML element.
				t.Errorf("<%s> in an SVG chart", tok.Name.Local)
			}
			o := openElement{name: tok.Name.Local}
			for _, a := range tok.Attr {
				if a.Name.Local == "data-json" {
					o.fig = &pageFigure{path: a.Value}
				}
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "data-scale" && o.fig != nil {
					if o.fig.scale, err = strconv.ParseFloat(a.Value, 64); err != nil {
						t.Fatalf("data-scale %q", a.Value)
					}
				}
			}
			stack = append(stack, o)
		case xml.CharData:
			for i := range stack {
				if f := stack[i].fig; f != nil {
					f.text += string(tok)
				}
			}
		case xml.EndElement:
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if o.fig != nil {
				figs = append(figs, *o.fig)
			}
		}
	}
	if root != 1 || len(stack) != 0 {
		t.Fatalf("the page has %d root elements and %d unclosed", root, len(stack))
	}
	return figs
}

// svgElements are the elements of the charts.
var svgElements = map[string]bool{"g": true, "title": true, "rect": true, "line": true, "text": true, "tspan": true}

// An openElement is an element of the page being parsed.
type openElement struct {
	fig  *pageFigure
	name string
}

// inSVG reports whether the open elements include an svg element.
func inSVG(stack []openElement) bool {
	for _, o := range stack {
		if o.name == "svg" {
			return true
		}
	}
	return false
}

// notShown are the report's fields the page shows as words rather than
// figures, or not at all because they say the same as another.
var notShown = regexp.MustCompile(`^(profile\.fields\.\d+\.(field|action)` +
	`|warnings\.\d+\.(kind|category)` +
	`|k_anonymity\.prosecutor_risk_distribution\.\d+\.(above|at_most|classes)` +
	`|k_anonymity\.population\.\w+\.estimates\.\d+\.valid` +
	`|k_anonymity\.population\.\w+\.estimates\.\d+\.(population_uniques|population_unique_share|released_population_uniques))$`)

// checkFigures checks that every figure of the page is the JSON report's,
// and that every field of the JSON report is on the page.
func checkFigures(t *testing.T, rep *Report, figs []pageFigure) {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, f := range figs {
		v, ok := lookup(doc, f.path)
		if !ok && (f.text == "0" || f.text == "") {
			// A zero the JSON report omits.
			shown[f.path] = true
			continue
		}
		if !ok {
			t.Errorf("the page shows %q as %s, which the JSON report lacks", f.text, f.path)
			continue
		}
		if err := sameFigure(v, f); err != nil {
			t.Errorf("%s: %v", f.path, err)
		}
		shown[f.path] = true
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
				valid, _ := lookup(doc, path[:strings.LastIndex(path, ".")]+".valid")
				if valid == true {
					t.Errorf("the page lacks %s (%v) of a valid estimate", path, v)
				}
			}
			continue
		}
		t.Errorf("the page lacks %s (%v)", path, v)
	}
	if len(figs) < 30 {
		t.Errorf("the page shows only %d figures", len(figs))
	}
}

// lookup finds a dotted path in a decoded JSON document; map keys may hold
// dots.
func lookup(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	switch v := v.(type) {
	case map[string]any:
		best := ""
		for k := range v {
			if (path == k || strings.HasPrefix(path, k+".")) && len(k) > len(best) {
				best = k
			}
		}
		if best == "" {
			return nil, false
		}
		return lookup(v[best], strings.TrimPrefix(strings.TrimPrefix(path, best), "."))
	case []any:
		head, rest, _ := strings.Cut(path, ".")
		i, err := strconv.Atoi(head)
		if err != nil || i < 0 || i >= len(v) {
			return nil, false
		}
		return lookup(v[i], rest)
	}
	return nil, false
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

// sameFigure reports whether the page's text of a figure shows the JSON
// value v: a string or boolean as it is, a number to the precision shown.
func sameFigure(v any, f pageFigure) error {
	switch v := v.(type) {
	case string:
		if f.text != v {
			return fmt.Errorf("page %q, JSON %q", f.text, v)
		}
	case bool:
		if f.text != strconv.FormatBool(v) {
			return fmt.Errorf("page %q, JSON %v", f.text, v)
		}
	case float64:
		s := strings.TrimSuffix(strings.ReplaceAll(f.text, ",", ""), "%")
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("page %q is not a number (JSON %v)", f.text, v)
		}
		scale := f.scale
		if scale == 0 {
			scale = 1
		}
		places := 0
		if _, frac, ok := strings.Cut(s, "."); ok {
			places = len(frac)
		}
		if tol := 0.5*math.Pow(10, -float64(places)) + 1e-9; math.Abs(x-v*scale) > tol {
			return fmt.Errorf("page %q, JSON %v (scale %g)", f.text, v, scale)
		}
	default:
		return fmt.Errorf("page %q, JSON %v of %T", f.text, v, v)
	}
	return nil
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
