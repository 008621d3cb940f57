package release

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WriteHTML writes the report as one self-contained HTML page for the
// person who approves the release: the policy and what it did to each
// field, the counts that reconcile, what k-anonymity reached and at what
// loss, charts of the class sizes, of the records' risk and of the
// generalization of each quasi-identifier, the population-uniqueness
// estimates, the key IDs and the checksums that bind the page to the
// input and output files.
//
// The page needs no network and no script: its style is inline and its
// charts are SVG. It is well-formed XML (XHTML), so that it can be checked
// and processed as such. It holds the report's figures and names (of
// fields, columns, levels, rules), never a value of the data. Every figure
// is marked with the path of its JSON field (data-json="k_anonymity.k"),
// so that a reader or a program can check it against the JSON report.
func (rep *Report) WriteHTML(w io.Writer) error {
	if rep == nil {
		return errors.New("release: no report to write")
	}
	if err := reportPage.Execute(w, newPage(rep)); err != nil {
		return fmt.Errorf("release: writing the HTML report: %w", err)
	}
	return nil
}

//go:embed html.tmpl
var pageTemplate string

var reportPage = template.Must(template.New("report").Parse(pageTemplate))

// A figure is a number or a name of the report as the page shows it, with
// the path of its JSON field and the factor from the JSON value to the
// text (100 for a share shown in percent).
type figure struct {
	Text  string
	Path  string
	Scale float64
}

func count[N int | int64](path string, v N) figure {
	return figure{Text: thousands(int64(v)), Path: path}
}

func decimal(path string, v float64, places int) figure {
	return figure{Text: strconv.FormatFloat(v, 'f', places, 64), Path: path}
}

// percent shows a share in [0, 1] in percent.
func percent(path string, v float64, places int) figure {
	return figure{Text: strconv.FormatFloat(100*v, 'f', places, 64) + "%", Path: path, Scale: 100}
}

// keyID shows a key ID as Tink writes it, without separators.
func keyID(path string, id uint32) figure {
	return figure{Text: strconv.FormatUint(uint64(id), 10), Path: path}
}

func text(path, s string) figure { return figure{Text: s, Path: path} }

// thousands writes n with comma separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// The page's view of a report.
type page struct {
	R      *Report
	Policy figure
	Counts []figure // read, written, quarantined, suppressed, excluded
	Bytes  [2]figure
	// Reconciles is the check of the counts, as the page states it.
	Reconciles   bool
	SuppressedBy []labelled
	Quarantine   []labelled
	Exclusion    []labelled
	Fields       []fieldRow
	Unrecognized []figure
	ProfileNotes []figure
	Profile      figure
	Warnings     []labelled
	Columns      []labelled
	K            *kPage
	InputSHA     figure
	OutputSHA    figure
	Keys         []labelled
}

// A labelled figure.
type labelled struct {
	Label figure
	Fig   figure
}

// caption is a name of the page, not the report's.
func caption(s string) figure { return figure{Text: s} }

type fieldRow struct {
	Field, Action, Values  figure
	Category, CategoryName figure
	Reason                 figure
	FromProfile            bool
	Identifier             bool
}

type kPage struct {
	Summary      []labelled
	QIs          []qiRow
	Notes        []figure
	ClassSizes   []classRow
	SizeChart    chart
	RiskChart    chart
	NCPChart     chart
	Population   *populationPage
	Person       figure
	KCounts      figure
	Verified     figure
	VerifiedBool bool
}

type qiRow struct {
	Name, Hierarchy, NCP figure
	Levels               chart
}

type classRow struct{ People, Classes, Records figure }

type populationPage struct {
	Sets []uniquenessPage
}

type uniquenessPage struct {
	Title                                 string
	People, Uniques, Fraction, Population figure
	Chosen                                figure
	Estimates                             []estimateRow
}

type estimateRow struct {
	Model, Uniques, Share, InRelease figure
	Valid, Chosen                    bool
}

func newPage(rep *Report) *page {
	p := &page{R: rep, Policy: text("policy", rep.Policy), Reconciles: rep.Reconciles()}
	p.Counts = []figure{
		count("records_read", rep.Read), count("records_written", rep.Written),
		count("records_quarantined", rep.Quarantined), count("records_suppressed", rep.Suppressed),
		count("records_excluded", rep.Excluded),
	}
	p.Bytes = [2]figure{count("bytes_read", rep.BytesRead), count("bytes_written", rep.BytesWritten)}
	for _, name := range sortedKeys(rep.SuppressedBy) {
		p.SuppressedBy = append(p.SuppressedBy, labelled{caption(name), count("suppressed_by."+name, rep.SuppressedBy[name])})
	}
	for _, name := range sortedKeys(rep.QuarantineReasons) {
		p.Quarantine = append(p.Quarantine, labelled{caption(name), count("quarantine_reasons."+name, rep.QuarantineReasons[name])})
	}
	if e := rep.Exclusion; e != nil {
		p.Exclusion = []labelled{
			{caption("identifiers listed"), count("exclusion.ids_listed", e.Listed)},
			{caption("identifiers matched"), count("exclusion.ids_matched", e.Matched)},
			{caption("identifiers that matched no record"), count("exclusion.ids_unmatched", e.Unmatched)},
		}
	}
	p.fields(rep)
	for i, w := range rep.Warnings {
		p.Warnings = append(p.Warnings, labelled{text(fmt.Sprintf("warnings.%d.field", i), w.Field), text(fmt.Sprintf("warnings.%d.message", i), w.Message)})
	}
	for i, c := range rep.Columns {
		p.Columns = append(p.Columns, labelled{text(fmt.Sprintf("columns.%d.name", i), c.Name), text(fmt.Sprintf("columns.%d.type", i), c.Type.String())})
	}
	p.InputSHA = text("input_sha256", rep.InputSHA256)
	p.OutputSHA = text("output_sha256", rep.OutputSHA256)
	if k := rep.Keys; k != nil {
		if k.PseudonymPrimary != 0 {
			p.Keys = append(p.Keys, labelled{caption("pseudonym keyset, primary key"), keyID("keys.pseudonym_primary", k.PseudonymPrimary)})
		}
		for i, id := range k.Pseudonyms {
			p.Keys = append(p.Keys, labelled{caption("pseudonym keyset, enabled key"), keyID(fmt.Sprintf("keys.pseudonym_keys.%d", i), id)})
		}
		if k.TokenPrimary != 0 {
			p.Keys = append(p.Keys, labelled{caption("token keyset, primary key"), keyID("keys.token_primary", k.TokenPrimary)})
		}
	}
	if rep.KAnonymity != nil {
		p.K = newKPage(rep.KAnonymity)
	}
	return p
}

// fields joins the field counts with what the profile made of each field.
func (p *page) fields(rep *Report) {
	profile := map[string]int{}
	if rep.Profile != nil {
		p.Profile = text("profile.profile", rep.Profile.Profile)
		for i, f := range rep.Profile.Fields {
			profile[f.Field] = i
		}
		for i, f := range rep.Profile.Unrecognized {
			p.Unrecognized = append(p.Unrecognized, text(fmt.Sprintf("profile.unrecognized.%d", i), f))
		}
		for i, n := range rep.Profile.Notes {
			p.ProfileNotes = append(p.ProfileNotes, text(fmt.Sprintf("profile.notes.%d", i), n))
		}
	}
	for i, f := range rep.Fields {
		row := fieldRow{
			Field:  text(fmt.Sprintf("fields.%d.field", i), f.Field),
			Action: text(fmt.Sprintf("fields.%d.action", i), string(f.Action)),
			Values: count(fmt.Sprintf("fields.%d.values", i), f.Values),
		}
		if j, ok := profile[f.Field]; ok {
			pf := rep.Profile.Fields[j]
			row.FromProfile = true
			row.Category = text(fmt.Sprintf("profile.fields.%d.category", j), string(pf.Category))
			row.CategoryName = text(fmt.Sprintf("profile.fields.%d.category_name", j), pf.CategoryName)
			row.Reason = text(fmt.Sprintf("profile.fields.%d.reason", j), pf.Reason)
			row.Identifier = pf.Category.IsIdentifier()
		}
		p.Fields = append(p.Fields, row)
	}
}

func newKPage(k *KAnonymityReport) *kPage {
	const pre = "k_anonymity."
	kp := &kPage{
		Person:       text(pre+"person", k.Person),
		KCounts:      text(pre+"k_counts", k.KCounts),
		Verified:     text(pre+"verified", strconv.FormatBool(k.Verified)),
		VerifiedBool: k.Verified,
	}
	kp.Summary = []labelled{
		{caption("algorithm"), text(pre+"algorithm", k.Algorithm.String())},
		{caption("k requested"), count(pre+"k_requested", k.KRequested)},
		{caption("k reached (fewest in a class)"), count(pre+"k", k.K)},
	}
	if k.Sensitive != "" {
		kp.Summary = append(kp.Summary,
			labelled{caption("sensitive column"), text(pre+"sensitive", k.Sensitive)},
			labelled{caption("l requested (distinct)"), count(pre+"l_requested", k.LRequested)},
			labelled{caption("l reached"), count(pre+"l", k.L)},
			labelled{caption("t requested"), decimal(pre+"t_requested", k.TRequested, 4)},
			labelled{caption("t reached (largest distance)"), decimal(pre+"t", k.T, 4)},
		)
	}
	kp.Summary = append(kp.Summary,
		labelled{caption("equivalence classes"), count(pre+"classes", k.Classes)},
		labelled{caption("records received"), count(pre+"records", k.Records)},
		labelled{caption("records withheld"), count(pre+"suppressed_records", k.SuppressedRecords)},
	)
	if k.People > 0 {
		kp.Summary = append(kp.Summary,
			labelled{caption("people received"), count(pre+"people", k.People)},
			labelled{caption("people released"), count(pre+"released_people", k.ReleasedPeople)},
			labelled{caption("people withheld (no record released)"), count(pre+"suppressed_people", k.SuppressedPeople)},
		)
	}
	kp.Summary = append(kp.Summary,
		labelled{caption("loss of detail (NCP)"), decimal(pre+"ncp_percent", k.NCP, 2)},
		labelled{caption("prosecutor risk, highest (1/k)"), decimal(pre+"prosecutor_risk_max", k.ProsecutorMax, 4)},
		labelled{caption("prosecutor risk, average"), decimal(pre+"prosecutor_risk_avg", k.ProsecutorAvg, 4)},
	)
	for i, n := range k.Notes {
		kp.Notes = append(kp.Notes, text(fmt.Sprintf(pre+"notes.%d", i), n))
	}
	ncp := chart{Title: "Loss of detail (NCP) per quasi-identifier, in percent", Fill: ncpFill, Max: 100}
	for i, q := range k.QuasiIdentifiers {
		qp := fmt.Sprintf(pre+"quasi_identifiers.%d.", i)
		row := qiRow{Name: text(qp+"name", q.Name), Hierarchy: text(qp+"hierarchy", q.Hierarchy), NCP: decimal(qp+"ncp_percent", q.NCP, 2)}
		row.Levels = chart{Title: "Records released at each level of " + q.Name, Fill: levelFill}
		for j, l := range q.Levels {
			row.Levels.add(text(fmt.Sprintf(qp+"levels.%d.level", j), l.Level), float64(l.Records), count(fmt.Sprintf(qp+"levels.%d.records", j), l.Records))
		}
		row.Levels.layout()
		kp.QIs = append(kp.QIs, row)
		ncp.add(caption(q.Name), q.NCP, decimal(qp+"ncp_percent", q.NCP, 1))
	}
	ncp.layout()
	kp.NCPChart = ncp
	kp.SizeChart = chart{Title: "Equivalence classes by size (" + k.KCounts + " per class)", Fill: sizeFill}
	for i, c := range k.ClassSizes {
		cp := fmt.Sprintf(pre+"class_sizes.%d.", i)
		kp.ClassSizes = append(kp.ClassSizes, classRow{count(cp+"people", c.People), count(cp+"classes", c.Classes), count(cp+"records", c.Records)})
	}
	kp.sizeBars(k.ClassSizes)
	kp.SizeChart.layout()
	kp.RiskChart = chart{Title: "Released records by prosecutor risk (1 / size of their class)", Fill: riskFill}
	for i, b := range k.Risk {
		kp.RiskChart.add(caption(bandLabel(b)), float64(b.Records), count(fmt.Sprintf(pre+"prosecutor_risk_distribution.%d.records", i), b.Records))
	}
	kp.RiskChart.layout()
	if pr := k.Population; pr != nil {
		kp.Population = &populationPage{Sets: []uniquenessPage{
			newUniquenessPage("Released", pre+"population.released.", pr.Released),
			newUniquenessPage("Before generalization (the field policy's output)", pre+"population.before_generalization.", pr.Before),
		}}
	}
	return kp
}

// maxSizeBars is the most bars of the class-size chart: beyond, sizes
// share bars.
const maxSizeBars = 40

// sizeBars charts the classes by size, one bar per size or, with many
// sizes, per range of sizes.
func (kp *kPage) sizeBars(sizes []ClassSize) {
	if len(sizes) <= maxSizeBars {
		for i, c := range sizes {
			kp.SizeChart.add(caption(strconv.Itoa(c.People)), float64(c.Classes), count(fmt.Sprintf("k_anonymity.class_sizes.%d.classes", i), c.Classes))
		}
		return
	}
	lo, hi := sizes[0].People, sizes[len(sizes)-1].People
	width := (hi - lo + maxSizeBars) / maxSizeBars
	for i := 0; i < len(sizes); {
		start := lo + (sizes[i].People-lo)/width*width
		n := 0
		for ; i < len(sizes) && sizes[i].People < start+width; i++ {
			n += sizes[i].Classes
		}
		kp.SizeChart.add(caption(fmt.Sprintf("%d–%d", start, start+width-1)), float64(n), figure{Text: thousands(int64(n))})
	}
}

func bandLabel(b RiskBand) string {
	return "≤ " + strconv.FormatFloat(b.AtMost, 'g', 2, 64)
}

func newUniquenessPage(title, pre string, u UniquenessReport) uniquenessPage {
	up := uniquenessPage{
		Title:      title,
		People:     count(pre+"people", u.People),
		Uniques:    count(pre+"sample_uniques", u.SampleUniques),
		Fraction:   decimal(pre+"sampling_fraction", u.Fraction, 4),
		Population: count(pre+"population", int64(math.Round(u.Population))),
		Chosen:     text(pre+"chosen", u.Chosen),
	}
	for i, e := range u.Estimates {
		ep := fmt.Sprintf(pre+"estimates.%d.", i)
		up.Estimates = append(up.Estimates, estimateRow{
			Model:     text(ep+"model", e.Model),
			Uniques:   decimal(ep+"population_uniques", e.Uniques, 1),
			Share:     percent(ep+"population_unique_share", e.Share, 3),
			InRelease: decimal(ep+"released_population_uniques", e.InRelease, 1),
			Valid:     e.Valid,
			Chosen:    e.Model == u.Chosen,
		})
	}
	return up
}

// The fills of the charts' bars: colours used nowhere else on the page.
const (
	sizeFill  = "#1f77b4"
	riskFill  = "#d95f02"
	levelFill = "#1b9e77"
	ncpFill   = "#7570b3"
)

// A chart is a bar chart in SVG.
type chart struct {
	Title  string
	Fill   string
	Max    float64 // the top of the scale; 0: the largest bar
	Bars   []bar
	Width  float64
	Height float64
	Base   float64 // y of the axis
	Slot   float64 // width per bar
}

type bar struct {
	Label      figure
	Value      float64
	Fig        figure
	X, Y, W, H float64
	Mid        float64 // x of the bar's centre
}

func (c *chart) add(name figure, v float64, fig figure) {
	c.Bars = append(c.Bars, bar{Label: name, Value: v, Fig: fig})
}

// Chart geometry, in CSS pixels.
const (
	chartSlot   = 44.0  // least width per bar
	chartGlyph  = 6.5   // width of a character of a label
	chartPlot   = 160.0 // height of the tallest bar
	chartTop    = 24.0  // room for the values above the bars
	chartBottom = 40.0  // room for the labels below the axis
	chartLeft   = 12.0
)

// layout places the bars.
func (c *chart) layout() {
	top := c.Max
	for _, b := range c.Bars {
		top = max(top, b.Value)
	}
	c.Slot = chartSlot
	for _, b := range c.Bars {
		c.Slot = max(c.Slot, chartGlyph*float64(utf8.RuneCountInString(b.Label.Text))+8)
	}
	c.Width = 2*chartLeft + c.Slot*float64(max(len(c.Bars), 1))
	c.Base = chartTop + chartPlot
	c.Height = c.Base + chartBottom
	for i := range c.Bars {
		b := &c.Bars[i]
		b.W = min(chartSlot, c.Slot) * 0.8
		b.X = chartLeft + c.Slot*float64(i) + (c.Slot-b.W)/2
		b.Mid = b.X + b.W/2
		if top > 0 {
			b.H = chartPlot * b.Value / top
		}
		if b.Value > 0 && b.H < 2 {
			b.H = 2 // a bar of something is seen
		}
		b.Y = c.Base - b.H
		b.X, b.Y, b.W, b.H, b.Mid = round2(b.X), round2(b.Y), round2(b.W), round2(b.H), round2(b.Mid)
	}
}

// round2 rounds a coordinate to hundredths of a pixel, which is all a
// screen shows.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
