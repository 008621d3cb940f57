package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"

	"github.com/deidkit/deidkit/kanon"
)

// anonymize is the k-anonymity stage. It reads the field-level output (CSV
// in tmp) three times: to learn the values of the quasi-identifiers (for
// their hierarchies), to load them into a kanon table, and to write each
// record with its quasi-identifiers generalized, in the final format.
// Mondrian (strict) makes the release; kanon.Verify checks it independently
// before anything is written.
func (j *job) anonymize(ctx context.Context, tmp *os.File, sink io.Writer) error {
	cfg := j.cfg
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	header, distinct, err := scanColumns(tmp, cfg.qi, cfg.sensitive)
	if err != nil {
		return err
	}
	schema := kanon.Schema{}
	// k counts people, not rows, when the output identifies them: a person
	// with ten measurements must not make a "10-anonymous" class alone.
	if slices.Contains(header, cfg.person) {
		schema.Individual = cfg.person
	} else {
		fmt.Fprintf(j.stderr, "warning: the output has no %q column: k counts records, not people; "+
			"a class may hold several records of one person\n", cfg.person)
	}
	for _, q := range cfg.qi {
		schema.QuasiIdentifiers = append(schema.QuasiIdentifiers, attributeFor(q, distinct[q]))
	}
	if cfg.sensitive != "" {
		schema.Sensitive = []string{cfg.sensitive}
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	t, err := kanon.ReadCSV(tmp, kanon.CSVOptions{Schema: schema, Comma: ','})
	if err != nil {
		return fmt.Errorf("k-anonymity stage: %w", err)
	}
	models := []kanon.Model{kanon.KAnonymity(cfg.k)}
	if cfg.l > 0 {
		models = append(models, kanon.DistinctLDiversity(cfg.l))
	}
	if t.Len() == 0 {
		return fmt.Errorf("k-anonymity stage: no records left to release")
	}
	res, err := kanon.Mondrian(ctx, t, kanon.Config{Models: models})
	if err != nil {
		return fmt.Errorf("k-anonymity stage: %w", err)
	}
	v, err := kanon.Verify(t, res, models...)
	if err != nil {
		return fmt.Errorf("k-anonymity stage: verify: %w", err)
	}
	if !v.Holds {
		return fmt.Errorf("k-anonymity stage: the release fails verification: %v", v)
	}
	m := res.Metrics()
	counts := "people"
	if schema.Individual == "" {
		counts = "records"
	}
	j.rep.KAnonymity = &kanonReport{
		QuasiIdentifiers: cfg.qi,
		Sensitive:        cfg.sensitive,
		Individual:       schema.Individual,
		KCounts:          counts,
		People:           m.Individuals,
		MinClassRecords:  m.MinClassRows,
		KRequested:       cfg.k,
		LRequested:       cfg.l,
		K:                m.K,
		L:                m.L,
		Classes:          m.Classes,
		NCP:              m.NCP,
		CAvg:             m.CAvg,
		ProsecutorMax:    m.ProsecutorMax,
		ProsecutorAvg:    m.ProsecutorAvg,
		Verified:         v.Holds,
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return j.writeReleased(tmp, header, res, sink)
}

// scanColumns reads the header and the distinct values of the named
// columns, which must be in the output of the field policy.
func scanColumns(r io.Reader, qi []string, sensitive string) ([]string, map[string][]string, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("k-anonymity stage: reading the field-level output: %w", err)
	}
	header = slices.Clone(header)
	idx := map[string]int{}
	want := append(slices.Clone(qi), sensitive)
	for _, name := range want {
		if name == "" {
			continue
		}
		i := slices.Index(header, name)
		if i < 0 {
			return nil, nil, usagef("column %q is not in the output of the field policy (dropped, or not in the input); output columns: %v", name, header)
		}
		idx[name] = i
	}
	seen := map[string]map[string]bool{}
	for _, q := range qi {
		seen[q] = map[string]bool{}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("k-anonymity stage: %w", err)
		}
		for _, q := range qi {
			seen[q][rec[idx[q]]] = true
		}
	}
	distinct := map[string][]string{}
	for q, s := range seen {
		for v := range s {
			distinct[q] = append(distinct[q], v)
		}
		slices.Sort(distinct[q])
	}
	return header, distinct, nil
}

var (
	yearRE  = regexp.MustCompile(`^[12][0-9]{3}$`)
	digitRE = regexp.MustCompile(`^[0-9]+$`)
)

// attributeFor chooses how a quasi-identifier generalizes, from its
// values: birth years (with the top-coded "90+") get 5-, 10- and 20-year
// bands; codes of digits of one length (ZIP3) are masked from the right;
// numbers get ranges; other values generalize to "*".
func attributeFor(name string, values []string) kanon.Attribute {
	years, codes, codeLen := true, true, -1
	for _, v := range values {
		if !yearRE.MatchString(v) && v != "90+" {
			years = false
		}
		if !digitRE.MatchString(v) || (codeLen >= 0 && len(v) != codeLen) {
			codes = false
		}
		codeLen = len(v)
	}
	switch {
	case years && len(values) > 0:
		if h, err := yearHierarchy(values); err == nil {
			return kanon.Attribute{Name: name, Type: kanon.Categorical, Hierarchy: h}
		}
	case codes && codeLen > 1 && codeLen <= 5:
		if h, err := kanon.Masking(codeLen); err == nil {
			return kanon.Attribute{Name: name, Type: kanon.Categorical, Hierarchy: h}
		}
	}
	return kanon.Attribute{Name: name, Type: kanon.Auto}
}

// yearHierarchy groups years into 5-, 10- and 20-year bands; "90+" stays
// its own category up to "*".
func yearHierarchy(values []string) (*kanon.Hierarchy, error) {
	band := func(y, w int) string {
		lo := y - y%w
		return strconv.Itoa(lo) + "-" + strconv.Itoa(lo+w-1)
	}
	rows := make([][]string, 0, len(values))
	for _, v := range values {
		if v == "90+" {
			rows = append(rows, []string{v, v, v, v, "*"})
			continue
		}
		y, _ := strconv.Atoi(v)
		rows = append(rows, []string{v, band(y, 5), band(y, 10), band(y, 20), "*"})
	}
	return kanon.NewHierarchy(rows)
}

// writeReleased writes every released record with its quasi-identifiers
// generalized; suppressed records are left out and counted.
func (j *job) writeReleased(r io.Reader, header []string, res *kanon.Result, sink io.Writer) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		return err
	}
	qiIdx := make([]int, len(j.cfg.qi))
	for q, name := range j.cfg.qi {
		qiIdx[q] = slices.Index(header, name)
	}
	enc := newRecordEncoder(sink, header, j.cfg.outFormat)
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			if row != res.Len() {
				return fmt.Errorf("k-anonymity stage: %d records written back, %d released", row, res.Len())
			}
			break
		}
		if err != nil {
			return err
		}
		if res.Suppressed(row) {
			j.rep.Records.Written--
			j.rep.Records.Suppressed++
			j.rep.Records.SuppressedByKAnonymity++
			continue
		}
		for q, i := range qiIdx {
			rec[i] = res.Released(row, q)
		}
		if err := enc.write(rec); err != nil {
			return err
		}
	}
	return enc.flush()
}
