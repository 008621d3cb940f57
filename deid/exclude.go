package deid

import (
	"errors"
	"fmt"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/internal/nilarg"
)

// ErrNoExclusionMatch is the error of a run with an exclusion list of
// which no identifier matched a record (see [Options.ExcludeMayMatchNone]):
// the likeliest cause is a list in another form than the input's IDs (or
// the wrong list, or the wrong field), and the records of every listed
// user would then be released.
var ErrNoExclusionMatch = errors.New("deid: no identifier of the exclusion list matched a record")

// ErrExclusionNearMatch is the cause of a record whose ID is not on the
// exclusion list but matches a listed ID once case, leading zeros and how
// its letters are written in Unicode are ignored ("Zelda@Example.com" and
// "zelda@example.com", "007" and "7", "zoë" with the accent composed or
// combined, a fullwidth or look-alike letter, an invisible character):
// the mark of e-mail addresses written by different tools, or of a list
// or an input that a spreadsheet has opened and saved, which drops
// leading zeros. Such a record is neither excluded nor released: it is
// quarantined, or stops the run. Write the IDs the same way on both sides.
var ErrExclusionNearMatch = errors.New("deid: the ID matches a listed ID but for case or leading zeros (or how its letters are written in Unicode)")

// An ExclusionReport accounts for the identifiers of an exclusion list.
// Listed = Matched + Unmatched.
type ExclusionReport struct {
	// Listed counts the distinct identifiers of the list.
	Listed int64 `json:"ids_listed"`
	// Matched counts the listed identifiers that matched at least one
	// record (Report.Excluded counts the records).
	Matched int64 `json:"ids_matched"`
	// Unmatched counts the listed identifiers that matched no record: IDs
	// of users without records in this input, or IDs written otherwise
	// than in the input.
	Unmatched int64 `json:"ids_unmatched"`
}

// ErrNoIDSet reports an exclusion check without a list (a nil [IDSet]).
var ErrNoIDSet = errors.New("deid: exclusion check without a list (nil IDSet)")

// Excluded reports whether a record whose ID is id (its exclusion field)
// is excluded by set, as the transformer decides it: id is normalized
// ([NormalizeID]); an ID empty once normalized cannot be checked
// ([ErrMissingField]); an ID that matches a listed one but for case or
// leading zeros is neither excluded nor to be released
// ([ErrExclusionNearMatch]); a nil set (or one holding a nil pointer) is [ErrNoIDSet]. For code that applies a [Plan] record by
// record and must exclude as a Transformer does.
func Excluded(set IDSet, id []byte) (bool, error) {
	id, err := personID(id)
	switch {
	case err != nil:
		return false, err
	case nilarg.Is(set):
		// A caller that meant to exclude someone and lost the list must
		// not release the record as if nobody were listed.
		return false, ErrNoIDSet
	case len(id) == 0:
		return false, ErrMissingField
	case set.Contains(id):
		return true, nil
	case nearMatch(set, id):
		return false, ErrExclusionNearMatch
	}
	return false, nil
}

// exclude reports whether the record whose exclusion field holds id is
// excluded, and counts it if so. An ID that is empty once normalized
// cannot be checked: the record is an error, never released.
func (s *chunkStats) exclude(set IDSet, field string, id []byte) (bool, error) {
	id = NormalizeID(id)
	if ok, err := Excluded(set, id); !ok {
		if err != nil {
			err = &FieldError{Field: field, Action: "exclude", Err: err}
		}
		return false, err
	}
	s.excluded++
	if s.excludedIDs == nil {
		s.excludedIDs = map[string]struct{}{}
	}
	if _, ok := s.excludedIDs[string(id)]; !ok {
		s.excludedIDs[string(id)] = struct{}{}
	}
	return true, nil
}

// excludes reports whether the parsed CSV record is excluded (false
// without exclusion).
func (s *csvSource) excludes(stats *chunkStats, p *csvrec.Parser) (bool, error) {
	if s.exclude < 0 {
		return false, nil
	}
	return stats.exclude(s.t.opts.Get().Exclude, s.t.opts.Get().ExcludeField, p.Field(s.exclude))
}

// endExclusion completes the report of a run that ended with err: how
// many listed identifiers matched, and ErrNoExclusionMatch for a
// successful run in which none did.
func (t *Transformer) endExclusion(rep *Report, err error) error {
	if t.opts.Get().Exclude == nil || rep == nil {
		return err
	}
	listed := int64(t.opts.Get().Exclude.Len())
	matched := min(int64(len(rep.excludedIDs)), listed)
	rep.Exclusion = &ExclusionReport{Listed: listed, Matched: matched, Unmatched: listed - matched}
	rep.excludedIDs = nil
	if err == nil && matched == 0 && !t.opts.Get().ExcludeMayMatchNone {
		return fmt.Errorf("%w (%d listed, %d records read; field %q)", ErrNoExclusionMatch, listed, rep.Read, t.opts.Get().ExcludeField)
	}
	return err
}
