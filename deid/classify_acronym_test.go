package deid

import "testing"

// A name spelled one letter at a time, the letters apart ("s.s.n",
// "D-O-B", "n_a_m_e"), reads as the word the letters make: a header
// spelled so was kept under a default keep with only the default's
// warning. A single letter beside a word ("vitamin_d") stays a letter.
func TestClassifySpelledOutNames(t *testing.T) {
	for name, want := range map[string]Category{
		"s.s.n":         CategorySSN,
		"S-S-N":         CategorySSN,
		"s_s_n":         CategorySSN,
		"S S N":         CategorySSN,
		"patient_s_s_n": CategorySSN,
		"d.o.b":         CategoryDates,
		"D-O-B":         CategoryDates,
		"n_a_m_e":       CategoryNames,
		"p.h.o.n.e":     CategoryPhone,
		"e-m-a-i-l":     CategoryEmail,
		"z.i.p":         CategoryGeographic,
	} {
		if c := classifyField(name); c.cat != want || !warnByName(c.kind) {
			t.Errorf("%q reads as %v (%v), want %v", name, c.cat, c.kind, want)
		}
	}
	for _, name := range []string{"vitamin_d", "heart_rate", "x", "blood_type", "step_count"} {
		if c := classifyField(name); warnByName(c.kind) {
			t.Errorf("%q reads as %v", name, c.cat)
		}
	}
}
