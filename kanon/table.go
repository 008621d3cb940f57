package kanon

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/deidkit/deidkit/internal/offheap"
)

// Type is the type of a column.
type Type int

const (
	// Auto makes a column numeric when every value parses as a finite
	// number, and categorical otherwise.
	Auto Type = iota
	// Categorical values are labels without order.
	Categorical
	// Numeric values are numbers; generalization keeps their order.
	Numeric
)

func (t Type) String() string {
	switch t {
	case Auto:
		return "auto"
	case Categorical:
		return "categorical"
	case Numeric:
		return "numeric"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// An Attribute declares a quasi-identifier.
type Attribute struct {
	Name string
	Type Type
	// Hierarchy generalizes the values. Mondrian releases numeric
	// attributes as ranges whether or not they have one; Optimal uses it,
	// or automatic intervals when there is none. A categorical attribute
	// without one generalizes straight to "*". Declare codes made of
	// digits (ZIP codes) Categorical so that their hierarchy applies.
	Hierarchy *Hierarchy
}

// A Schema names the columns that matter: the quasi-identifiers, which the
// algorithms generalize, the sensitive attributes, which are released as
// they are and which l-diversity and t-closeness protect, and optionally
// the column that tells which individual each row is about. Other columns
// of an input are not loaded.
type Schema struct {
	QuasiIdentifiers []Attribute
	// Sensitive are the sensitive attributes. Their values are compared
	// as a reader compares them, ignoring case and white space: "Flu",
	// " flu" and "FLU" are one value for l-diversity and t-closeness
	// (SensitiveValue returns the spelling met first), or a class of one
	// diagnosis spelled three ways would pass for 3-diverse.
	Sensitive []string
	// SensitiveTypes optionally gives the type of each sensitive
	// attribute (t-closeness uses an ordered distance for numeric ones).
	// Missing entries mean Auto.
	SensitiveTypes []Type
	// Individual names the column that identifies the person a row is
	// about (a pseudonymized user ID), for data with several rows per
	// person. When set, k-anonymity counts distinct individuals instead of
	// rows, and the sensitive-value models count each individual once per
	// value (see the package documentation). Its values are only compared,
	// as deid compares the IDs it excludes and pseudonymizes (white space,
	// byte order marks and quotes around an ID, and the zero fraction of a
	// whole number, are ignored): " u-1" and "\"u-1\"" are one person. The
	// table keeps a number per row, not the identifiers. Values empty once
	// so normalized are an error.
	Individual string
}

func (s Schema) validate() error {
	if len(s.QuasiIdentifiers) == 0 {
		return fmt.Errorf("%w: no quasi-identifiers", ErrSchema)
	}
	seen := map[string]bool{}
	for _, a := range s.QuasiIdentifiers {
		if a.Name == "" || seen[a.Name] {
			return fmt.Errorf("%w: quasi-identifier %q is empty or repeated", ErrSchema, a.Name)
		}
		if a.Type < Auto || a.Type > Numeric {
			return fmt.Errorf("%w: quasi-identifier %q has an unknown type", ErrSchema, a.Name)
		}
		seen[a.Name] = true
	}
	for _, n := range s.Sensitive {
		if n == "" || seen[n] {
			return fmt.Errorf("%w: sensitive attribute %q is empty or repeated", ErrSchema, n)
		}
		seen[n] = true
	}
	if s.Individual != "" && seen[s.Individual] {
		return fmt.Errorf("%w: individual column %q is also a quasi-identifier or sensitive attribute", ErrSchema, s.Individual)
	}
	if len(s.SensitiveTypes) > len(s.Sensitive) {
		return fmt.Errorf("%w: more sensitive types than sensitive attributes", ErrSchema)
	}
	return nil
}

// columns counts the loaded columns: the quasi-identifiers, the sensitive
// attributes, then the individual column if any.
func (s Schema) columns() int {
	n := len(s.QuasiIdentifiers) + len(s.Sensitive)
	if s.Individual != "" {
		n++
	}
	return n
}

func (s Schema) name(i int) string {
	if i < len(s.QuasiIdentifiers) {
		return s.QuasiIdentifiers[i].Name
	}
	if i -= len(s.QuasiIdentifiers); i < len(s.Sensitive) {
		return s.Sensitive[i]
	}
	return s.Individual
}

// A Table holds the quasi-identifiers and sensitive attributes of a data
// set in columns of dictionary codes (4 bytes per cell), and the individual
// of each row when the schema names an individual column (4 bytes per
// row). It is immutable and safe for concurrent use.
type Table struct {
	n    int
	qi   []column
	sens []column
	ind  individuals
}

// individuals numbers the individuals of a table densely in order of first
// appearance; the identifiers themselves are dropped once numbered.
type individuals struct {
	codes []int32 // by row; nil without an individual column
	count int
}

type column struct {
	name  string
	codes []int32
	dom   *domain
	hier  *Hierarchy // as the schema gave it; nil when automatic (Verify judges labels by it)
}

// Len reports the number of rows.
func (t *Table) Len() int { return t.n }

// QuasiIdentifiers returns the names of the quasi-identifiers in schema order.
func (t *Table) QuasiIdentifiers() []string { return names(t.qi) }

// Sensitive returns the names of the sensitive attributes in schema order.
func (t *Table) Sensitive() []string { return names(t.sens) }

func names(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

// Individuals reports the number of distinct individuals, or 0 when the
// schema names no individual column and every row counts as its own
// individual.
func (t *Table) Individuals() int { return t.ind.count }

// IndividualOf returns the individual of row as a number in
// [0, Individuals()), assigned in order of first appearance, or -1 when the
// schema names no individual column.
func (t *Table) IndividualOf(row int) int {
	if t.ind.codes == nil {
		return -1
	}
	return int(t.ind.codes[row])
}

// IsNumeric reports whether quasi-identifier i is numeric.
func (t *Table) IsNumeric(i int) bool { return t.qi[i].dom.numeric }

// Value returns the original value of quasi-identifier i in row.
func (t *Table) Value(row, i int) string {
	c := &t.qi[i]
	return c.dom.values[c.codes[row]]
}

// Generalize returns the label of quasi-identifier i of row at a level of
// its hierarchy: the value itself at level 0, the top ("*") at Levels(i).
// It panics if level is outside [0, Levels(i)].
func (t *Table) Generalize(row, i, level int) string {
	c := &t.qi[i]
	if level < 0 || level > c.dom.depth {
		panic(fmt.Sprintf("kanon: level %d out of range [0, %d]", level, c.dom.depth))
	}
	return c.dom.label(level, c.dom.node(level, c.codes[row]))
}

// SensitiveValue returns the value of sensitive attribute i in row.
func (t *Table) SensitiveValue(row, i int) string {
	c := &t.sens[i]
	return c.dom.values[c.codes[row]]
}

// Levels reports the number of generalization levels of quasi-identifier
// i above its values, counting the automatic hierarchy when the schema gave
// none.
func (t *Table) Levels(i int) int { return t.qi[i].dom.depth }

// A Builder collects rows and builds a Table. Values are encoded as they
// arrive, so the Builder holds codes, not strings.
type Builder struct {
	schema Schema
	cols   []rawColumn // quasi-identifiers, then sensitive attributes
	ind    *indColumn  // nil without an individual column
	n      int
	arena  *offheap.Arena // of the columns' codes; nil: the Go heap
}

// indColumn collects the individual column: only the numbering of the
// identifiers is kept (see number).
type indColumn struct {
	dict   map[string]int32
	codes  []int32
	people int32 // individuals numbered so far
}

// NewBuilder returns a Builder for tables of the given schema.
func NewBuilder(s Schema) (*Builder, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	b := &Builder{schema: s, cols: make([]rawColumn, len(s.QuasiIdentifiers)+len(s.Sensitive))}
	for i := range b.cols {
		b.cols[i] = rawColumn{name: s.name(i), dict: map[string]int32{}}
	}
	if s.Individual != "" {
		b.ind = &indColumn{dict: map[string]int32{}}
	}
	return b, nil
}

// AllocateIn has the Builder allocate the columns of its table in a,
// outside the Go heap, instead of on the heap; a's owner frees them once
// the table and everything made from it are no longer used. Arenas are
// made only inside this module, by the release pipeline, which owns its
// table from start to end: a table built without one is on the heap like
// any Go value, and nothing its users hold can be freed.
func (b *Builder) AllocateIn(a *offheap.Arena) { b.arena = a }

// Grow reserves room for n more rows.
func (b *Builder) Grow(n int) {
	for i := range b.cols {
		b.grow(&b.cols[i].codes, n)
	}
	if c := b.ind; c != nil {
		b.grow(&c.codes, n)
	}
}

// grow makes room for n more codes in a column, in one allocation.
func (b *Builder) grow(codes *[]int32, n int) {
	if cap(*codes)-len(*codes) < n {
		*codes = append(b.arena.Int32s(len(*codes)+n), *codes...)
	}
}

// Add appends a row: the quasi-identifiers in schema order, then the
// sensitive attributes, then the individual when the schema names an
// individual column.
func (b *Builder) Add(values ...string) error {
	want := len(b.cols)
	if b.ind != nil {
		want++
	}
	if len(values) != want {
		return &InputError{Row: b.n + 1, Reason: fmt.Sprintf("%d values, want %d", len(values), want)}
	}
	if b.n == math.MaxInt32 {
		return &InputError{Row: b.n + 1, Reason: "too many rows"}
	}
	var person int32
	if b.ind != nil {
		var ok bool
		if person, ok = b.ind.number(values[len(b.cols)]); !ok {
			return &InputError{Row: b.n + 1, Column: b.schema.Individual, Reason: "no individual"}
		}
	}
	b.n++
	nqi := len(b.schema.QuasiIdentifiers)
	for i, v := range values[:len(b.cols)] {
		if i >= nqi {
			b.cols[i].addAs(foldSensitive(v), v, b.n)
			continue
		}
		b.cols[i].add(v, b.n)
	}
	if c := b.ind; c != nil {
		c.codes = append(c.codes, person)
	}
	return nil
}

// foldSensitive returns v as sensitive values are compared: lower case,
// white space trimmed and each run of it one space. It returns v itself,
// without allocating, when v is already so.
func foldSensitive(v string) string {
	folded := true
	space := true // at the start, a space is not kept
	for _, r := range v {
		isSpace := unicode.IsSpace(r)
		if isSpace && (space || r != ' ') || unicode.ToLower(r) != r {
			folded = false
			break
		}
		space = isSpace
	}
	if folded && !space || v == "" {
		return v
	}
	return strings.ToLower(strings.Join(strings.Fields(v), " "))
}

// Build encodes the collected rows. It fails with an InputError, naming
// the first row at fault and the column, if a quasi-identifier value is
// missing from its hierarchy or a declared numeric value is not a number.
// The Builder must not be used afterwards.
func (b *Builder) Build() (*Table, error) {
	s := b.schema
	t := &Table{n: b.n}
	for i := range b.cols {
		c := &b.cols[i]
		var d *domain
		var err error
		if i < len(s.QuasiIdentifiers) {
			a := s.QuasiIdentifiers[i]
			d, err = buildDomain(c, a.Type, a.Hierarchy, true)
		} else {
			typ := Auto
			if j := i - len(s.QuasiIdentifiers); j < len(s.SensitiveTypes) {
				typ = s.SensitiveTypes[j]
			}
			d, err = buildDomain(c, typ, nil, false)
		}
		if err != nil {
			return nil, err
		}
		col := column{name: c.name, codes: c.codes, dom: d}
		if i < len(s.QuasiIdentifiers) {
			col.hier = s.QuasiIdentifiers[i].Hierarchy
			t.qi = append(t.qi, col)
		} else {
			t.sens = append(t.sens, col)
		}
		c.dict = nil
	}
	if c := b.ind; c != nil {
		t.ind = individuals{codes: c.codes, count: int(c.people)}
		if t.ind.codes == nil {
			t.ind.codes = []int32{}
		}
		c.dict = nil
	}
	b.cols, b.ind = nil, nil
	return t, nil
}

// NewTable builds a table from rows holding the quasi-identifiers in schema
// order followed by the sensitive attributes and, when the schema names
// one, the individual.
func NewTable(s Schema, rows [][]string) (*Table, error) {
	b, err := NewBuilder(s)
	if err != nil {
		return nil, err
	}
	b.Grow(len(rows))
	for _, r := range rows {
		if err := b.Add(r...); err != nil {
			return nil, err
		}
	}
	return b.Build()
}
