package release

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/deid"
)

// A release computed in parts, such as by the workers of a distributed
// engine, reports as Run does when its parts use what this file offers:
// Attribute for the hierarchies, Levels for the names of their levels,
// ColumnTypes for the types of the columns, and Summarize for the figures
// that follow from the classes counted across the whole release.

// Levels returns the names that the report gives the levels of the
// quasi-identifier column's hierarchy (QIReport.Levels), for the attribute
// Attribute returns with the same arguments: levels[l-1] names level l,
// the labels l steps above the values, and the last is "*". A value
// released as it is counts under "value", and a numeric range of
// Mondrian under "range".
func Levels(policy *deid.Policy, p *Privacy, column string, values []string) ([]string, error) {
	if policy == nil || p == nil {
		return nil, fmt.Errorf("%w: Levels needs a policy and a Privacy configuration", ErrConfig)
	}
	c, err := choose(column, values, p, policy)
	if err != nil {
		return nil, err
	}
	return slices.Clone(c.forAlgorithm(p.Algorithm, values).levels), nil
}

// Summarize fills in the figures of r that follow from its classes and
// its quasi-identifiers, for a release whose classes were counted in
// parts: K, ProsecutorMax, Classes and the risk distribution from
// ClassSizes (which may list a size more than once: they are merged, and
// sorted), NCP from the quasi-identifiers' NCP, and the notes on
// quasi-identifiers without a hierarchy. What needs each person's classes
// (ProsecutorAvg, the people counts) is the caller's.
func (r *KAnonymityReport) Summarize() {
	bySize := map[int]*ClassSize{}
	for _, s := range r.ClassSizes {
		if bySize[s.People] == nil {
			bySize[s.People] = &ClassSize{People: s.People}
		}
		bySize[s.People].Classes += s.Classes
		bySize[s.People].Records += s.Records
	}
	r.setClassSizes(bySize)
	r.K, r.ProsecutorMax, r.Classes = 0, 0, 0
	if len(r.ClassSizes) > 0 && r.ClassSizes[0].People > 0 {
		r.K = r.ClassSizes[0].People
		r.ProsecutorMax = 1 / float64(r.K)
	}
	for _, s := range r.ClassSizes {
		r.Classes += s.Classes
	}
	r.NCP = 0
	for _, q := range r.QuasiIdentifiers {
		r.NCP += q.NCP / float64(len(r.QuasiIdentifiers))
	}
	r.Notes = nil
	for _, q := range r.QuasiIdentifiers {
		if q.Hierarchy == "none" {
			r.Notes = append(r.Notes, flatNote(q))
		}
	}
}

// flatNote is the report's note on a categorical quasi-identifier without
// a hierarchy.
func flatNote(q QIReport) string {
	star := 0
	for _, l := range q.Levels {
		if l.Level == "*" {
			star = l.Records
		}
	}
	return fmt.Sprintf("%s: categorical, no hierarchy: generalized straight to \"*\" where needed (%d records)", q.Name, star)
}

// ColumnTypes infers the types of a release's output columns from their
// values as Run does with a k-anonymity stage: from every value of the
// columns that the policy keeps, rounds or shifts, the others (and the
// quasi-identifiers) being strings. For a release whose records are seen
// in parts, each part adds its records to its own ColumnTypes, the parts
// are merged, and Columns returns the columns Run would report and write.
// Its JSON encoding carries it between the parts.
type ColumnTypes struct {
	names    []string
	consider []bool
	in       inference
}

// NewColumnTypes returns the inference of the types of the output columns
// names, under policy, with the quasi-identifiers quasiIdentifiers.
func NewColumnTypes(policy *deid.Policy, names, quasiIdentifiers []string) *ColumnTypes {
	consider := typable(policy, names)
	for i, n := range names {
		consider[i] = consider[i] && !slices.Contains(quasiIdentifiers, n)
	}
	return &ColumnTypes{names: slices.Clone(names), consider: consider, in: *newInference(consider)}
}

// Add narrows the types by one record's fields, in the order of the
// columns.
func (c *ColumnTypes) Add(fields [][]byte) { c.in.add(fields) }

// Merge narrows the types by the records added to o, an inference of the
// same columns.
func (c *ColumnTypes) Merge(o *ColumnTypes) error {
	if !slices.Equal(c.names, o.names) {
		return fmt.Errorf("%w: ColumnTypes of other columns merged", ErrConfig)
	}
	for i := range c.in.fit {
		c.in.fit[i] &= o.in.fit[i]
		c.in.nonEmpty[i] = c.in.nonEmpty[i] || o.in.nonEmpty[i]
	}
	return nil
}

// Columns returns the columns with the types every value added fits
// (Int64 before Double before Timestamp; String for a column without a
// value or of another action).
func (c *ColumnTypes) Columns() []Column {
	cols := make([]Column, len(c.names))
	for i, t := range c.in.types() {
		if !c.consider[i] {
			t = String
		}
		cols[i] = Column{Name: c.names[i], Type: t}
	}
	return cols
}

// columnTypesJSON is the JSON encoding of a ColumnTypes.
type columnTypesJSON struct {
	Names    []string `json:"names"`
	Consider []bool   `json:"consider"`
	Fit      []uint8  `json:"fit"`
	NonEmpty []bool   `json:"non_empty"`
}

// MarshalJSON encodes the inference so far.
func (c *ColumnTypes) MarshalJSON() ([]byte, error) {
	return json.Marshal(columnTypesJSON{Names: c.names, Consider: c.consider, Fit: c.in.fit, NonEmpty: c.in.nonEmpty})
}

// UnmarshalJSON decodes an inference that MarshalJSON encoded.
func (c *ColumnTypes) UnmarshalJSON(b []byte) error {
	var j columnTypesJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	n := len(j.Names)
	if len(j.Consider) != n || len(j.Fit) != n || len(j.NonEmpty) != n {
		return fmt.Errorf("%w: ColumnTypes: lengths differ in its JSON", ErrConfig)
	}
	*c = ColumnTypes{names: j.Names, consider: j.Consider, in: inference{fit: j.Fit, nonEmpty: j.NonEmpty, cols: indexes(j.Consider)}}
	return nil
}
