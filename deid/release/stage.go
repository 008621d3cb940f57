package release

import (
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/deid"
)

// A stage receives the records of the field stage (it is its
// deid.RecordSink) and keeps what the k-anonymity stage needs: the
// quasi-identifiers, the person and the sensitive value of every record,
// dictionary-encoded in memory, and the other columns in the spill.
type stage struct {
	p       *Privacy
	policy  *deid.Policy
	declare map[string]Type
	tempDir string

	names     []string
	qiCol     []int // output column of each quasi-identifier
	personCol int   // -1: none
	sensCol   int   // -1: none
	spilled   []bool
	typable   []bool // spilled, and made by one of typedActions
	nspilled  int
	declared  []Type // per column, Auto when undeclared

	qi     []*dict
	person *dict
	sens   *dict
	spill  *spill
	infer  *inference
	rows   int64
}

func newStage(p *Privacy, policy *deid.Policy, declare map[string]Type, tempDir string) *stage {
	return &stage{p: p, policy: policy, declare: declare, tempDir: tempDir, personCol: -1, sensCol: -1}
}

func (s *stage) Header(names []string) error {
	s.names = names
	index := func(col, role string) (int, error) {
		i := slices.Index(names, col)
		if i < 0 {
			return -1, fmt.Errorf("%w: the %s column %q is not in the output of the field policy (dropped, or not in the input); output columns: %q",
				ErrConfig, role, col, names)
		}
		return i, nil
	}
	for _, q := range s.p.QuasiIdentifiers {
		i, err := index(q, "quasi-identifier")
		if err != nil {
			return err
		}
		s.qiCol = append(s.qiCol, i)
		s.qi = append(s.qi, newDict())
	}
	var err error
	if s.p.Person != "" {
		if s.personCol, err = index(s.p.Person, "person"); err != nil {
			return err
		}
		s.person = newDict()
	}
	if s.p.Sensitive != "" {
		if s.sensCol, err = index(s.p.Sensitive, "sensitive"); err != nil {
			return err
		}
		s.sens = newDict()
	}
	s.spilled = make([]bool, len(names))
	s.declared = make([]Type, len(names))
	for i, n := range names {
		s.spilled[i] = !slices.Contains(s.qiCol, i)
		if s.spilled[i] {
			s.nspilled++
			s.declared[i] = s.declare[n]
		} else if t := s.declare[n]; t != Auto && t != String {
			return fmt.Errorf("%w: column %q is a quasi-identifier, released as text, but declared %v", ErrConfig, n, t)
		}
	}
	for n := range s.declare {
		if !slices.Contains(names, n) {
			return fmt.Errorf("%w: Types names column %q, which the output lacks", ErrConfig, n)
		}
	}
	s.typable = typable(s.policy, names)
	for i := range s.typable {
		s.typable[i] = s.typable[i] && s.spilled[i]
	}
	s.infer = newInference(len(names))
	s.spill, err = newSpill(s.tempDir)
	return err
}

func (s *stage) Record(fields [][]byte) error {
	s.rows++
	for q, i := range s.qiCol {
		s.qi[q].add(fields[i])
	}
	if s.person != nil {
		v := fields[s.personCol]
		if len(v) == 0 {
			return fmt.Errorf("release: record %d: the person column %q is empty, so k cannot count its person: %w", s.rows, s.p.Person, deid.ErrMissingField)
		}
		s.person.add(v)
	}
	if s.sens != nil {
		s.sens.add(fields[s.sensCol])
	}
	for i, t := range s.declared {
		if t != Auto && !fits(fields[i], t) {
			return &TypeError{Record: s.rows, Column: s.names[i], Type: t}
		}
	}
	s.infer.add(fields, s.typable)
	return s.spill.write(fields, s.spilled)
}

// columns returns the output columns with their types: declared, or
// inferred from every value (columns of typedActions only); quasi-identifiers
// are strings.
func (s *stage) columns() []Column {
	inferred := s.infer.types()
	cols := make([]Column, len(s.names))
	for i, n := range s.names {
		t := s.declared[i]
		switch {
		case !s.spilled[i]:
			t = String
		case t == Auto:
			t = inferred[i]
		}
		cols[i] = Column{Name: n, Type: t}
	}
	return cols
}

// dropCodes lets the records' codes go, once the k-anonymity stage has its
// own copy.
func (s *stage) dropCodes() {
	for _, d := range s.qi {
		d.rows = codes{}
		d.index = nil
	}
	for _, d := range []*dict{s.person, s.sens} {
		if d != nil {
			*d = dict{}
		}
	}
}

// close removes the spill.
func (s *stage) close() {
	if s.spill != nil {
		s.spill.close()
	}
}
