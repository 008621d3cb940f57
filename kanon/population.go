package kanon

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// A Population counts the people of a population by their
// quasi-identifier values: a census table of residents per ZIP3, sex and
// birth-year band, or a register with one line per person. [Result.KMap]
// and [Result.Presence] match a release against it.
//
// Each cell of the population (a combination of values with a count) gives
// every quasi-identifier as a release writes it: an original value, a
// label of the attribute's hierarchy (ZIP3 "021**" under Masking(5), a
// month "1971-03" under Dates), a numeric interval "[1970, 1974]" or
// "[1970, 1975)", or "*". A cell counts for a released equivalence class
// when every person in it has values the class's released values
// generalize, quasi-identifier by quasi-identifier:
//
//   - a released "*", or a released value equal to the cell's, covers it;
//   - for a numeric quasi-identifier, a released number, range "[lo, hi]"
//     or interval label "[lo, hi)" covers a cell whose number or interval
//     lies inside it (as real numbers: a band of whole years is best
//     written as the closed range "[1970, 1974]");
//   - a released hierarchy label covers a cell whose value it generalizes,
//     or whose label lies under it: the labels above a cell's label are
//     read from the hierarchy's definition (explicit hierarchies), or from
//     any value that has the cell's label, among the released table's and
//     the population's values.
//
// A cell coarser than a class's released values (a ZIP3 count against a
// class released with its full ZIP code) counts for no class: the counts
// are lower bounds of the people matching each class, never guesses.
// Give the population at least as detailed as the release; the
// hierarchies must be those of the released table's schema.
//
// A Population is safe for concurrent use once built.
type Population struct {
	attrs  []Attribute
	dict   []map[string]int32 // per quasi-identifier: value -> code
	values [][]string         // per quasi-identifier: code -> value
	cells  []int32            // len(counts)·d codes
	counts []int64
	index  map[string]int // encoded codes -> cell
	people int64
}

// NewPopulation returns an empty population with the given
// quasi-identifiers, normally those of the released table's schema (names
// and hierarchies).
func NewPopulation(qis []Attribute) (*Population, error) {
	if err := (Schema{QuasiIdentifiers: qis}).validate(); err != nil {
		return nil, err
	}
	p := &Population{
		attrs:  append([]Attribute(nil), qis...),
		dict:   make([]map[string]int32, len(qis)),
		values: make([][]string, len(qis)),
		index:  map[string]int{},
	}
	for q := range p.dict {
		p.dict[q] = map[string]int32{}
	}
	return p, nil
}

// Add counts count more people with the given quasi-identifier values, in
// the order of the population's quasi-identifiers. Cells with the same
// values add up.
func (p *Population) Add(count int64, values ...string) error {
	row := len(p.counts) + 1
	if len(values) != len(p.attrs) {
		return &InputError{Row: row, Reason: fmt.Sprintf("%d values, want %d", len(values), len(p.attrs))}
	}
	if count < 0 {
		return &InputError{Row: row, Reason: "negative count"}
	}
	if p.people > math.MaxInt64-count {
		return &InputError{Row: row, Reason: "too many people"}
	}
	key := make([]byte, 4*len(values))
	codes := make([]int32, len(values))
	for q, v := range values {
		c, ok := p.dict[q][v]
		if !ok {
			c = int32(len(p.values[q]))
			v = strings.Clone(v)
			p.dict[q][v] = c
			p.values[q] = append(p.values[q], v)
		}
		codes[q] = c
		binary.LittleEndian.PutUint32(key[4*q:], uint32(c))
	}
	p.people += count
	if i, ok := p.index[string(key)]; ok {
		p.counts[i] += count
		return nil
	}
	p.index[string(key)] = len(p.counts)
	p.cells = append(p.cells, codes...)
	p.counts = append(p.counts, count)
	return nil
}

// People reports the number of people in the population.
func (p *Population) People() int64 { return p.people }

// Cells reports the number of distinct combinations of values.
func (p *Population) Cells() int { return len(p.counts) }

// QuasiIdentifiers returns the names of the quasi-identifiers.
func (p *Population) QuasiIdentifiers() []string {
	out := make([]string, len(p.attrs))
	for i, a := range p.attrs {
		out[i] = a.Name
	}
	return out
}

// PopulationOptions configures ReadPopulation.
type PopulationOptions struct {
	// QuasiIdentifiers names the columns that hold the quasi-identifiers,
	// with their hierarchies: normally the released table's.
	QuasiIdentifiers []Attribute
	// Count names the column holding the number of people of each line, a
	// whole number; empty when each line is one person.
	Count string
	// Comma is the field delimiter. 0 detects it from the header line
	// among ',', ';', tab and '|'.
	Comma rune
}

// ReadPopulation reads a population from CSV with a header line: one line
// per cell, the quasi-identifiers' columns and optionally a count column;
// other columns are skipped. Errors name the line and column, not the
// value.
func ReadPopulation(r io.Reader, opts PopulationOptions) (*Population, error) {
	p, err := NewPopulation(opts.QuasiIdentifiers)
	if err != nil {
		return nil, err
	}
	names := p.QuasiIdentifiers()
	if opts.Count != "" {
		names = append(names, opts.Count)
	}
	cr, cols, err := readHeader(r, opts.Comma, names)
	if err != nil {
		return nil, err
	}
	d := len(opts.QuasiIdentifiers)
	vals := make([]string, d)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return p, nil
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		for i := range vals {
			vals[i] = rec[cols[i]]
		}
		count := int64(1)
		if opts.Count != "" {
			count, err = strconv.ParseInt(strings.TrimSpace(rec[cols[d]]), 10, 64)
			if err != nil || count < 0 {
				return nil, &InputError{Line: line, Column: opts.Count, Reason: "not a whole number of people"}
			}
		}
		if err := p.Add(count, vals...); err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				ie.Line = line
			}
			return nil, err
		}
	}
}
