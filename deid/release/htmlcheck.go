package release

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ErrHTMLReport is the cause of every error of CheckHTML.
var ErrHTMLReport = errors.New("release: the HTML report does not check")

// CheckHTML checks a page written by [Report.WriteHTML] against the JSON
// encoding of its report (or of any document that embeds the report at
// its top level, such as a program's report): the page must be
// well-formed XML whose charts hold SVG elements only (an HTML element
// would end a chart for a browser), and every figure it marks must show
// the value of its JSON field, to the precision shown. It returns the
// paths of the figures checked, so that a caller can tell which fields
// the page shows.
//
// A reviewer handed a release's JSON report and its page can so tell that
// the page says what the report says.
func CheckHTML(page, report []byte) (paths []string, err error) {
	var doc any
	if err := json.Unmarshal(report, &doc); err != nil {
		return nil, fmt.Errorf("%w: the JSON report: %w", ErrHTMLReport, err)
	}
	figs, err := pageFigures(page)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, f := range figs {
		paths = append(paths, f.path)
		v, ok := lookupJSON(doc, f.path)
		if !ok && (f.text == "0" || f.text == "") {
			continue // a zero the JSON report omits
		}
		if !ok {
			errs = append(errs, fmt.Errorf("%w: the page shows %s, which the JSON report lacks", ErrHTMLReport, f.path))
			continue
		}
		if err := f.shows(v); err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrHTMLReport, f.path, err))
		}
	}
	return paths, errors.Join(errs...)
}

// A pageFigure is the text of an element of the page marked with the
// JSON path of a report field, and the factor from the JSON value to the
// text (100 for a share in percent).
type pageFigure struct {
	path, text string
	scale      float64
}

// svgElements are the elements of the charts.
var svgElements = map[string]bool{"g": true, "title": true, "rect": true, "line": true, "text": true, "tspan": true}

// pageFigures parses the page and returns its figures.
func pageFigures(page []byte) ([]pageFigure, error) {
	type open struct {
		name string
		fig  *pageFigure
	}
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	var stack []open
	var figs []pageFigure
	roots, svg := 0, 0 // svg: open svg elements
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: the page is not well-formed: %w", ErrHTMLReport, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
			}
			if svg > 0 && !svgElements[tok.Name.Local] {
				return nil, fmt.Errorf("%w: <%s> in an SVG chart", ErrHTMLReport, tok.Name.Local)
			}
			o := open{name: tok.Name.Local}
			for _, a := range tok.Attr {
				if a.Name.Local == "data-json" {
					o.fig = &pageFigure{path: a.Value, scale: 1}
				}
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "data-scale" && o.fig != nil {
					if o.fig.scale, err = strconv.ParseFloat(a.Value, 64); err != nil || o.fig.scale == 0 {
						return nil, fmt.Errorf("%w: data-scale %q", ErrHTMLReport, a.Value)
					}
				}
			}
			if o.name == "svg" {
				svg++
			}
			stack = append(stack, o)
		case xml.CharData:
			for _, o := range stack {
				if o.fig != nil {
					o.fig.text += string(tok)
				}
			}
		case xml.EndElement:
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if o.name == "svg" {
				svg--
			}
			if o.fig != nil {
				figs = append(figs, *o.fig)
			}
		}
	}
	if roots != 1 {
		return nil, fmt.Errorf("%w: the page has %d root elements", ErrHTMLReport, roots)
	}
	return figs, nil
}

// lookupJSON finds a dotted path in a decoded JSON document; map keys
// may hold dots (the longest key that fits is taken).
func lookupJSON(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	switch v := v.(type) {
	case map[string]any:
		best, found := "", false
		for k := range v {
			if (path == k || strings.HasPrefix(path, k+".")) && (!found || len(k) > len(best)) {
				best, found = k, true
			}
		}
		if !found {
			return nil, false
		}
		return lookupJSON(v[best], strings.TrimPrefix(strings.TrimPrefix(path, best), "."))
	case []any:
		head, rest, _ := strings.Cut(path, ".")
		i, err := strconv.Atoi(head)
		if err != nil || i < 0 || i >= len(v) {
			return nil, false
		}
		return lookupJSON(v[i], rest)
	}
	return nil, false
}

// shows reports whether the figure's text shows the JSON value v: a
// string or boolean as it is, a number to the precision shown.
func (f pageFigure) shows(v any) error {
	switch v := v.(type) {
	case string:
		if f.text != v {
			return fmt.Errorf("the page shows %q, the JSON report %q", f.text, v)
		}
	case bool:
		if f.text != strconv.FormatBool(v) {
			return fmt.Errorf("the page shows %q, the JSON report %v", f.text, v)
		}
	case float64:
		s := strings.TrimSuffix(strings.ReplaceAll(f.text, ",", ""), "%")
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("the page shows %q, not a number (the JSON report: %v)", f.text, v)
		}
		places := 0
		if _, frac, ok := strings.Cut(s, "."); ok {
			places = len(frac)
		}
		if tol := 0.5*math.Pow(10, -float64(places)) + 1e-9; math.Abs(x-v*f.scale) > tol {
			return fmt.Errorf("the page shows %q, the JSON report %v (×%g)", f.text, v, f.scale)
		}
	default:
		return fmt.Errorf("the page shows %q for a JSON %T", f.text, v)
	}
	return nil
}
