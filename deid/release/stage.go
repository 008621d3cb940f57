package release

import (
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/internal/offheap"
)

// A stage receives the records of the field stage (it is its
// deid.ChunkSink) and keeps what the k-anonymity stage needs: the
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
	spillCols []int  // the spilled columns
	typable   []bool // spilled, and made by one of typedActions
	nspilled  int
	declared  []Type // per column, Auto when undeclared
	checked   []int  // the columns of a declared type other than String

	qi     []*dict
	person *dict
	sens   *dict
	// The dictionary columns (quasi-identifiers, then person and
	// sensitive) and their output columns.
	dicts    []*dict
	dictCols []int
	mu       sync.RWMutex // over the dicts' indexes: read by Chunk, written by Commit
	parts    sync.Pool    // of *part
	spill    *spill
	infer    *inference
	rows     int64
	rowAtom  *codes // TopDown's atom of every record, once condensed
	// The columns of the kanon table, outside the Go heap: the table
	// never leaves the release, which frees them once nothing reads the
	// table.
	tableMem offheap.Arena
}

func newStage(p *Privacy, policy *deid.Policy, declare map[string]Type, tempDir string) *stage {
	return &stage{p: p, policy: policy, declare: declare, tempDir: tempDir, personCol: -1, sensCol: -1}
}

func (s *stage) Header(names []string) error {
	s.names = names
	if err := agesOutsideQIs(s.p.QuasiIdentifiers, s.policy, names); err != nil {
		return err
	}
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
		s.person = newPersonDict()
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
			s.spillCols = append(s.spillCols, i)
			s.nspilled++
			s.declared[i] = s.declare[n]
			if t := s.declared[i]; t != Auto && t != String {
				s.checked = append(s.checked, i)
			}
		} else if t := s.declare[n]; t != Auto && t != String {
			return fmt.Errorf("%w: column %q is a quasi-identifier, released as text, but declared %v", ErrConfig, n, t)
		}
	}
	for n := range s.declare {
		if !slices.Contains(names, n) {
			return fmt.Errorf("%w: Types names column %q, which the output lacks", ErrConfig, n)
		}
	}
	for q, d := range s.qi {
		s.dicts, s.dictCols = append(s.dicts, d), append(s.dictCols, s.qiCol[q])
	}
	if s.person != nil {
		s.dicts, s.dictCols = append(s.dicts, s.person), append(s.dictCols, s.personCol)
	}
	if s.sens != nil {
		s.dicts, s.dictCols = append(s.dicts, s.sens), append(s.dictCols, s.sensCol)
	}
	s.parts.New = s.newPart
	s.typable = typable(s.policy, names)
	for i := range s.typable {
		s.typable[i] = s.typable[i] && s.spilled[i]
	}
	s.infer = newInference(s.typable)
	s.spill, err = newSpill(s.tempDir)
	return err
}

// Chunk does the stage's work on the records of one chunk of the field
// stage's output, on the transformer's worker, in parallel with the
// other chunks: it numbers the chunk's values of each dictionary column,
// checks the records, narrows the column types and encodes the spilled
// fields. Commit adds the result to the stage in input order.
func (s *stage) Chunk(records iter.Seq[[][]byte]) (any, error) {
	p := s.parts.Get().(*part)
	// The dictionaries hold the values of the chunks merged so far; most
	// of the chunk's values are among them.
	s.mu.RLock()
	for fields := range records {
		for d, col := range s.dictCols {
			p.dicts[d].add(fields[col], s.dicts[d])
		}
		if p.fail < 0 {
			if p.failCol, p.noPerson = s.check(fields); p.failCol >= 0 {
				p.fail = p.n
			}
		}
		p.infer.add(fields)
		p.spill = appendSpill(p.spill, fields, s.spillCols)
		p.n++
	}
	for d, g := range s.dicts {
		p.dicts[d].resolve(g)
	}
	s.mu.RUnlock()
	var err error
	p.spilled, err = s.spill.write(p.spill)
	return p, err
}

// check returns the column of the first check fields fail, -1 if none:
// the person column if empty (noPerson), a column whose value does not
// fit its declared type.
func (s *stage) check(fields [][]byte) (col int, noPerson bool) {
	if s.person != nil && len(fields[s.personCol]) == 0 {
		return s.personCol, true
	}
	for _, i := range s.checked {
		if !fits(fields[i], s.declared[i]) {
			return i, false
		}
	}
	return -1, false
}

// Commit adds what Chunk made of a chunk to the stage: the chunk's values
// join the dictionaries in order of first appearance (so that the codes
// are those of a stage that numbered the records one by one), its codes
// are appended, its types narrow the columns' and its spilled fields go
// to the spill.
func (s *stage) Commit(chunk any) error {
	p := chunk.(*part)
	defer s.recycle(p)
	if p.fail >= 0 {
		row := s.rows + int64(p.fail) + 1
		if p.noPerson {
			return fmt.Errorf("release: record %d: the person column %q is empty, so k cannot count its person: %w", row, s.p.Person, deid.ErrMissingField)
		}
		return &TypeError{Record: row, Column: s.names[p.failCol], Type: s.declared[p.failCol]}
	}
	for d, g := range s.dicts {
		g.merge(&p.dicts[d], &s.mu)
	}
	s.infer.merge(p.infer)
	s.rows += int64(p.n)
	s.spill.add(p.spilled, p.n)
	return nil
}

// Record adds one record, as a chunk of one: the stage is a
// deid.RecordSink whose work the transformer runs as a deid.ChunkSink.
func (s *stage) Record(fields [][]byte) error {
	p, _ := s.Chunk(func(yield func([][]byte) bool) { yield(fields) })
	return s.Commit(p)
}

// A part is what Chunk made of a chunk's records, for Commit.
type part struct {
	n        int
	dicts    []chunkDict // as the stage's dicts
	spill    []byte      // the records' spilled fields
	spilled  span        // where they are in the spill
	infer    *inference
	fail     int // the first record that fails a check, -1 if none
	failCol  int
	noPerson bool // it fails for its empty person
}

// newPart returns a part for the stage's columns.
func (s *stage) newPart() any {
	return &part{dicts: make([]chunkDict, len(s.dicts)), infer: newInference(s.typable), fail: -1}
}

// recycle empties a committed part for another chunk.
func (s *stage) recycle(p *part) {
	for d := range p.dicts {
		p.dicts[d].reset()
	}
	p.n, p.fail, p.spill = 0, -1, p.spill[:0]
	p.infer.reset()
	s.parts.Put(p)
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

// dropIndexes lets the dictionaries' indexes go: they number the values of
// the field stage's records, and are read by nothing after it.
func (s *stage) dropIndexes() {
	for _, d := range s.dicts {
		d.short, d.index, d.fps = nil, nil, nil
	}
}

// dropCodes lets the records' codes go, once the k-anonymity stage has its
// own copy.
func (s *stage) dropCodes() {
	for _, d := range s.qi {
		d.rows.free()
		d.short, d.index = nil, nil
	}
	for _, d := range []*dict{s.person, s.sens} {
		if d != nil {
			d.rows.free()
			*d = dict{}
		}
	}
}

// close removes the spill and frees the codes.
func (s *stage) close() {
	if s.spill != nil {
		s.spill.close()
	}
	for _, d := range s.dicts {
		d.rows.free()
	}
	if s.rowAtom != nil {
		s.rowAtom.free()
	}
	s.tableMem.Free()
}
