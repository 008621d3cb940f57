package release

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// A choice is the hierarchy of one quasi-identifier and how the release
// describes it.
type choice struct {
	h *kanon.Hierarchy // nil: none (kanon's own handling)
	// kind names the hierarchy in the report; levels names its levels
	// above the values, the top ("*") included.
	kind   string
	levels []string
	// flat marks a categorical column without a hierarchy: it generalizes
	// straight to "*", which the report says.
	flat bool
}

// bandWidths are the widths, in years, of the bands of years and ages:
// each a multiple of the one before, so that the bands nest.
var bandWidths = []int{5, 10, 20, 40}

// choose picks the hierarchy of the quasi-identifier name, whose distinct
// values are values: the caller's, or the one that follows the field
// action that made the values, or one its values call for (US states),
// or none.
func choose(name string, values []string, p *Privacy, pol *deid.Policy) (choice, error) {
	if h, ok := p.Hierarchies[name]; ok {
		if h == nil {
			return none(values), nil
		}
		return choice{h: h, kind: "given", levels: levelNames(h.Depth())}, nil
	}
	rule := ruleOf(pol, name)
	action := pol.Default
	if action == "" {
		action = deid.Drop
	}
	if rule != nil {
		action = rule.Action
	}
	ref, _ := time.Parse(time.DateOnly, pol.ReferenceDate)
	var c choice
	var ok bool
	switch action {
	case deid.Year:
		c, ok = yearBands(values, topCode(rule, ref))
	case deid.Month:
		c, ok = monthBands(values, topCode(rule, ref))
	case deid.Age:
		c, ok = ageBands(values, label(rule))
	case deid.ZIP3:
		if c, ok = known(values, kanon.USZIP3(), "US ZIP3 by state", "state", "census division", "census region", "*"); !ok {
			c, ok = zipPrefixes(values)
		}
	case deid.Bucket:
		if rule.Width > 0 {
			c, ok = coarserBuckets(values, rule.Width, rule.Origin)
		}
	case deid.DateShift:
		c, ok = dates(values)
	}
	if ok {
		return c, nil
	}
	if c, ok = known(values, kanon.USStates(), "US states", "census division", "census region", "*"); ok {
		return c, nil
	}
	if c, ok = dates(values); ok {
		return c, nil
	}
	if c, ok = intervals(values); ok {
		return c, nil
	}
	return none(values), nil
}

// none is no hierarchy: numbers get kanon's automatic treatment (ranges,
// or automatic intervals), other values generalize straight to "*".
func none(values []string) choice {
	if _, ok := numbers(values); ok {
		return choice{kind: "numeric, no hierarchy", levels: []string{"*"}}
	}
	return choice{kind: "none", levels: []string{"*"}, flat: true}
}

// forAlgorithm returns the choice that algorithm a works with: TopDown
// follows hierarchies only, so a column without one gets automatic
// intervals (numbers) or the hierarchy of one level, "*".
func (c choice) forAlgorithm(a Algorithm, values []string) choice {
	if a != TopDown || c.h != nil {
		return c
	}
	if ic, ok := intervals(values); ok {
		return ic
	}
	c.h, _ = explicit(values, 1, func(string) ([]string, bool) { return []string{"*"}, true })
	return c
}

// ruleOf returns the rule of p that applies to the output field f: the
// rule naming it, or the rule of the nearest enclosing object; nil if
// none does.
func ruleOf(p *deid.Policy, f string) *deid.Rule {
	var best *deid.Rule
	for i := range p.Fields {
		r := &p.Fields[i]
		if r.Field == f {
			return r
		}
		if strings.HasPrefix(f, r.Field+".") && (best == nil || len(r.Field) > len(best.Field)) {
			best = r
		}
	}
	return best
}

// topCoding describes the top-coded category of dates of birth: its label,
// and the oldest year released as a year (people born in it are 89 at the
// reference date), when the policy top-codes.
type topCoding struct {
	label  string
	oldest int
	on     bool
}

func topCode(r *deid.Rule, ref time.Time) topCoding {
	if r.TopCode != nil && !*r.TopCode || ref.IsZero() {
		return topCoding{}
	}
	return topCoding{label: label(r), oldest: ref.Year() - 90, on: true}
}

func label(r *deid.Rule) string {
	if r == nil || r.Label == "" {
		return "90+"
	}
	return r.Label
}

// explicit builds an explicit hierarchy of rows (value, level 1, ...,
// top), keeping empty values apart up to "*". Its rows are in the order of
// the values (valueOrder), not in the order given, which is the order of
// their first appearance in the input: kanon orders the values of a
// column by their hierarchy's rows, and a release must not depend on the
// order of the input's records.
func explicit(values []string, depth int, labels func(v string) ([]string, bool)) (*kanon.Hierarchy, bool) {
	rows := make([][]string, 0, len(values))
	for _, i := range valueOrder(values) {
		v := values[i]
		var l []string
		if v == "" {
			l = apart(v, depth)
		} else {
			var ok bool
			if l, ok = labels(v); !ok {
				return nil, false
			}
		}
		rows = append(rows, append([]string{v}, l...))
	}
	if len(rows) == 0 {
		return nil, false
	}
	h, err := kanon.NewHierarchy(rows)
	return h, err == nil
}

// apart returns the labels of a value that stays itself up to "*".
func apart(v string, depth int) []string {
	l := make([]string, depth)
	for i := range l {
		l[i] = v
	}
	l[depth-1] = "*"
	return l
}

// yearBands generalizes years to bands of 5, 10, 20 and 40 years, then
// "*". With top-coding the bands start at the oldest year released as a
// year, so that they are age bands at the reference date (the first of 5
// years holds those aged 85 to 89), and the top-coded label ("90+") joins
// the oldest band in an open one, "≤1940": a 90-year-old is never
// generalized to "*" first.
func yearBands(values []string, tc topCoding) (choice, bool) {
	depth := len(bandWidths) + 1
	h, ok := explicit(values, depth, func(v string) ([]string, bool) {
		if tc.on && v == tc.label {
			return append(openBands(tc), "*"), true
		}
		y, ok := year(v)
		if !ok {
			return nil, false
		}
		return append(bands(y, tc), "*"), true
	})
	return choice{h: h, kind: "year bands", levels: bandLevels("years")}, ok
}

func year(v string) (int, bool) {
	if len(v) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(v)
	return y, err == nil && y >= 0
}

// bands returns the labels of year y at each band width.
func bands(y int, tc topCoding) []string {
	origin := 0
	if tc.on {
		origin = tc.oldest
	}
	out := make([]string, len(bandWidths))
	for i, w := range bandWidths {
		lo := origin + floorDiv(y-origin, w)*w
		if tc.on && lo == tc.oldest {
			out[i] = "≤" + strconv.Itoa(lo+w-1)
			continue
		}
		out[i] = strconv.Itoa(lo) + "-" + strconv.Itoa(lo+w-1)
	}
	return out
}

// openBands are the labels of the top-coded category: the oldest band,
// open.
func openBands(tc topCoding) []string {
	out := make([]string, len(bandWidths))
	for i, w := range bandWidths {
		out[i] = "≤" + strconv.Itoa(tc.oldest+w-1)
	}
	return out
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func bandLevels(unit string) []string {
	out := make([]string, 0, len(bandWidths)+1)
	for _, w := range bandWidths {
		out = append(out, fmt.Sprintf("%d %s", w, unit))
	}
	return append(out, "*")
}

// monthBands generalizes months ("2024-03") to quarters ("2024-Q1"),
// years, and the bands of years; the top-coded label stays itself to the
// year and joins the open band above.
func monthBands(values []string, tc topCoding) (choice, bool) {
	depth := 2 + len(bandWidths) + 1
	h, ok := explicit(values, depth, func(v string) ([]string, bool) {
		if tc.on && v == tc.label {
			return append(append([]string{v, v}, openBands(tc)...), "*"), true
		}
		t, err := time.Parse("2006-01", v)
		if err != nil {
			return nil, false
		}
		y := t.Year()
		q := fmt.Sprintf("%04d-Q%d", y, (int(t.Month())+2)/3)
		return append(append([]string{q, strconv.Itoa(y)}, bands(y, tc)...), "*"), true
	})
	return choice{h: h, kind: "months, quarters, years, year bands", levels: append([]string{"quarter", "year"}, bandLevels("years")...)}, ok
}

// ageBands generalizes ages in years to bands of 5, 10, 20 and 40 years
// from 0, then "*"; the top-coded label ("90+") joins the open band that
// holds 90 ("80+" at 20 years).
func ageBands(values []string, top string) (choice, bool) {
	depth := len(bandWidths) + 1
	h, ok := explicit(values, depth, func(v string) ([]string, bool) {
		age := 90
		if v != top {
			a, err := strconv.Atoi(v)
			if err != nil || a < 0 || a >= 90 {
				return nil, false
			}
			age = a
		}
		out := make([]string, 0, depth)
		for _, w := range bandWidths {
			lo := age - age%w
			if lo+w > 90 {
				out = append(out, strconv.Itoa(lo)+"+")
				continue
			}
			out = append(out, strconv.Itoa(lo)+"-"+strconv.Itoa(lo+w-1))
		}
		return append(out, "*"), true
	})
	return choice{h: h, kind: "age bands", levels: bandLevels("years")}, ok
}

// known uses a built-in hierarchy when it holds every value (empty values
// kept apart).
func known(values []string, h *kanon.Hierarchy, kind string, levels ...string) (choice, bool) {
	var vs []string
	for _, v := range values {
		if v != "" {
			vs = append(vs, v)
		}
	}
	l, err := labelsOf(h, vs)
	if err != nil {
		return choice{}, false
	}
	byValue := make(map[string][]string, len(vs))
	for i, v := range vs {
		byValue[v] = l[i]
	}
	eh, ok := explicit(values, h.Depth(), func(v string) ([]string, bool) { return byValue[v], true })
	return choice{h: eh, kind: kind, levels: levels}, ok
}

// labelsOf returns the labels of each value in h, read through a table of
// the values.
func labelsOf(h *kanon.Hierarchy, values []string) ([][]string, error) {
	rows := make([][]string, len(values))
	for i, v := range values {
		rows[i] = []string{v}
	}
	t, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "v", Type: kanon.Categorical, Hierarchy: h}}}, rows)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(values))
	for i := range values {
		for l := 1; l <= t.Levels(0); l++ {
			out[i] = append(out[i], t.Generalize(i, 0, l))
		}
	}
	return out, nil
}

// zipPrefixes generalizes ZIP3 codes by dropping digits from the right
// ("021" → "02*" → "0**" → "*"); "000", which stands for any restricted
// area, stays apart.
func zipPrefixes(values []string) (choice, bool) {
	h, ok := explicit(values, 3, func(v string) ([]string, bool) {
		if len(v) != 3 || strings.Trim(v, "0123456789") != "" {
			return nil, false
		}
		if v == "000" {
			return apart(v, 3), true
		}
		return []string{v[:2] + "*", v[:1] + "**", "*"}, true
	})
	return choice{h: h, kind: "ZIP3 prefixes", levels: []string{"2 digits", "1 digit", "*"}}, ok
}

// coarserBuckets generalizes the "[lo, hi)" labels of fixed-width buckets
// to buckets 2, 4, 8 and 16 times as wide from the same origin.
func coarserBuckets(values []string, width, origin float64) (choice, bool) {
	decimals := 0
	for _, x := range []float64{width, origin} {
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if i := strings.IndexByte(s, '.'); i >= 0 {
			decimals = max(decimals, len(s)-i-1)
		}
	}
	factors := []float64{2, 4, 8, 16}
	h, ok := explicit(values, len(factors)+1, func(v string) ([]string, bool) {
		lo, _, ok := parseBucket(v)
		if !ok {
			return nil, false
		}
		out := make([]string, 0, len(factors)+1)
		for _, f := range factors {
			w := width * f
			l := origin + math.Floor((lo-origin)/w+1e-9)*w
			out = append(out, "["+strconv.FormatFloat(l, 'f', decimals, 64)+", "+strconv.FormatFloat(l+w, 'f', decimals, 64)+")")
		}
		return append(out, "*"), true
	})
	levels := []string{"2 buckets", "4 buckets", "8 buckets", "16 buckets", "*"}
	return choice{h: h, kind: "coarser buckets", levels: levels}, ok
}

// parseBucket reads a "[lo, hi)" label.
func parseBucket(v string) (lo, hi float64, ok bool) {
	if !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, ")") {
		return 0, 0, false
	}
	a, b, found := strings.Cut(v[1:len(v)-1], ", ")
	if !found {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseFloat(a, 64)
	hi, err2 := strconv.ParseFloat(b, 64)
	return lo, hi, err1 == nil && err2 == nil && lo < hi
}

// dates generalizes dates ("2024-03-15", or RFC 3339 times) to months,
// quarters, years and "*".
func dates(values []string) (choice, bool) {
	h, ok := explicit(values, 4, func(v string) ([]string, bool) {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			if t, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return nil, false
			}
		}
		y := t.Year()
		return []string{t.Format("2006-01"), fmt.Sprintf("%04d-Q%d", y, (int(t.Month())+2)/3), strconv.Itoa(y), "*"}, true
	})
	return choice{h: h, kind: "dates", levels: []string{"month", "quarter", "year", "*"}}, ok
}

// numbers parses every value, which must all be finite numbers.
func numbers(values []string) ([]float64, bool) {
	nums := make([]float64, 0, len(values))
	for _, v := range values {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
		nums = append(nums, x)
	}
	return nums, len(nums) > 0
}

// intervals generalizes numbers to the automatic intervals kanon gives a
// numeric column without a hierarchy: aligned, their width doubling.
func intervals(values []string) (choice, bool) {
	if _, ok := numbers(values); !ok {
		return choice{}, false
	}
	rows := make([][]string, len(values))
	for i, v := range values {
		rows[i] = []string{v}
	}
	t, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "v", Type: kanon.Numeric}}}, rows)
	if err != nil || t.Levels(0) < 2 {
		return choice{}, false
	}
	byValue := make(map[string][]string, len(values))
	for i, v := range values {
		for l := 1; l <= t.Levels(0); l++ {
			byValue[v] = append(byValue[v], t.Generalize(i, 0, l))
		}
	}
	h, ok := explicit(values, t.Levels(0), func(v string) ([]string, bool) { return byValue[v], true })
	levels := levelNames(t.Levels(0))
	for i := range levels[:len(levels)-1] {
		levels[i] = "intervals " + strconv.Itoa(i+1)
	}
	return choice{h: h, kind: "intervals", levels: levels}, ok
}

func levelNames(depth int) []string {
	out := make([]string, depth)
	for i := range out {
		out[i] = "level " + strconv.Itoa(i+1)
	}
	out[depth-1] = "*"
	return out
}
