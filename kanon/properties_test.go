package kanon_test

import (
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
)

// TestGuarantees runs every algorithm on generated tables with any k up to
// the number of rows, alone and combined with sensitive-value models, and
// judges the releases with Verify.
func TestGuarantees(t *testing.T) {
	shape := kanontest.DefaultShape()
	numericSensitive := shape
	numericSensitive.Sensitive = []kanontest.Column{{Name: "weight", Numeric: true, Values: 40}}
	// Three skewed values: the whole table is often less diverse than
	// entropy 2.5-diversity asks, while some of its classes are not.
	threeValues := shape
	threeValues.Sensitive = []kanontest.Column{{Name: "diagnosis", Values: 3}}
	cases := []struct {
		name  string
		shape kanontest.Shape
		m     kanontest.Models
	}{
		{"k", shape, kanontest.Models{}},
		{"k with 10% suppression", shape, kanontest.Models{Suppression: 0.1}},
		{"k by discernibility with 5% suppression", shape, kanontest.Models{Suppression: 0.05, Metric: kanon.Discernibility}},
		{"k by average class size", shape, kanontest.Models{Metric: kanon.AverageClassSize, Suppression: 0.02}},
		{"k and distinct 2-diversity", shape, kanontest.Models{Extra: []kanon.Model{kanon.DistinctLDiversity(2)}, Suppression: 0.05}},
		{"k and entropy 2-diversity", shape, kanontest.Models{Extra: []kanon.Model{kanon.EntropyLDiversity(2)}}},
		{"k and recursive (3,2)-diversity", shape, kanontest.Models{Extra: []kanon.Model{kanon.RecursiveCLDiversity(3, 2)}}},
		{"k and 0.3-closeness", shape, kanontest.Models{Extra: []kanon.Model{kanon.TCloseness(0.3)}}},
		{"k and ordered 0.2-closeness", numericSensitive, kanontest.Models{Extra: []kanon.Model{kanon.TCloseness(0.2)}, Suppression: 0.1}},
		// Models that suppression makes non-monotone, and a limit that
		// allows withholding everything.
		{"k and entropy 2-diversity with 20% suppression", shape, kanontest.Models{Extra: []kanon.Model{kanon.EntropyLDiversity(2)}, Suppression: 0.2}},
		{"k and recursive (2,2)-diversity with 30% suppression", shape, kanontest.Models{Extra: []kanon.Model{kanon.RecursiveCLDiversity(2, 2)}, Suppression: 0.3}},
		{"k and 0.15-closeness with 20% suppression", shape, kanontest.Models{Extra: []kanon.Model{kanon.TCloseness(0.15)}, Suppression: 0.2}},
		{"2-anonymity and entropy 2.5-diversity of three values with 30% suppression", threeValues, kanontest.Models{K: 2, Extra: []kanon.Model{kanon.EntropyLDiversity(2.5)}, Suppression: 0.3}},
		{"k and entropy 3-diversity, all rows may be suppressed", shape, kanontest.Models{Extra: []kanon.Model{kanon.EntropyLDiversity(3)}, Suppression: 1, Metric: kanon.AverageClassSize}},
		{"k and distinct 4-diversity, all rows may be suppressed", shape, kanontest.Models{Extra: []kanon.Model{kanon.DistinctLDiversity(4)}, Suppression: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kanontest.Properties(kanontest.Parameters(60), c.shape, c.m).TestingRun(t)
		})
	}
}

// TestGuaranteesFixedK runs the properties the way a user would: their
// shape, their k and l.
func TestGuaranteesFixedK(t *testing.T) {
	shape := kanontest.Shape{MinRows: 30, MaxRows: 400, QuasiIdentifiers: []kanontest.Column{
		{Name: "birth_year", Numeric: true, Values: 70, Depth: 4},
		{Name: "zip3", Values: 30, Depth: 3},
		{Name: "sex", Values: 2},
		{Name: "state", Values: 10, Depth: 2},
		{Name: "device", Values: 8},
	}, Sensitive: []kanontest.Column{{Name: "condition", Values: 8}}}
	m := kanontest.Models{K: 10, Extra: []kanon.Model{kanon.DistinctLDiversity(3)}, Suppression: 0.05}
	kanontest.Properties(kanontest.Parameters(40), shape, m).TestingRun(t)
}

// individualShape is data with several rows per person: up to 8 rows each,
// one person in ten with quasi-identifiers that change from row to row.
func individualShape() kanontest.Shape {
	s := kanontest.DefaultShape()
	s.MinRows, s.MaxRows = 1, 300
	s.Individual = "user"
	s.RowsPerIndividual = 8
	s.Varying = 0.1
	return s
}

// TestGuaranteesIndividuals runs every algorithm on tables with several
// rows per individual: Verify must find k distinct individuals in every
// class, truthful values, and the suppression limit kept.
func TestGuaranteesIndividuals(t *testing.T) {
	shape := individualShape()
	numericSensitive := shape
	numericSensitive.Sensitive = []kanontest.Column{{Name: "weight", Numeric: true, Values: 40}}
	constant := shape
	constant.Varying = 0
	constant.RowsPerIndividual = 30
	cases := []struct {
		name  string
		shape kanontest.Shape
		m     kanontest.Models
	}{
		{"k", shape, kanontest.Models{}},
		{"k with constant quasi-identifiers and many rows", constant, kanontest.Models{}},
		{"k with 10% suppression", shape, kanontest.Models{Suppression: 0.1}},
		{"k by discernibility with 5% suppression", shape, kanontest.Models{Suppression: 0.05, Metric: kanon.Discernibility}},
		{"k by average class size", shape, kanontest.Models{Metric: kanon.AverageClassSize, Suppression: 0.02}},
		{"k and distinct 2-diversity", shape, kanontest.Models{Extra: []kanon.Model{kanon.DistinctLDiversity(2)}, Suppression: 0.05}},
		{"k and entropy 2-diversity", shape, kanontest.Models{Extra: []kanon.Model{kanon.EntropyLDiversity(2)}}},
		{"k and recursive (3,2)-diversity", shape, kanontest.Models{Extra: []kanon.Model{kanon.RecursiveCLDiversity(3, 2)}}},
		{"k and ordered 0.2-closeness", numericSensitive, kanontest.Models{Extra: []kanon.Model{kanon.TCloseness(0.2)}, Suppression: 0.1}},
		{"fixed k=5 with 3-diversity", constant, kanontest.Models{K: 5, Extra: []kanon.Model{kanon.DistinctLDiversity(3)}, Suppression: 0.05}},
		{"k and entropy 2-diversity with 20% suppression", shape, kanontest.Models{Extra: []kanon.Model{kanon.EntropyLDiversity(2)}, Suppression: 0.2}},
		{"k and recursive (2,2)-diversity, all rows may be suppressed", shape, kanontest.Models{Extra: []kanon.Model{kanon.RecursiveCLDiversity(2, 2)}, Suppression: 1, Metric: kanon.AverageClassSize}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kanontest.Properties(kanontest.Parameters(60), c.shape, c.m).TestingRun(t)
		})
	}
}
