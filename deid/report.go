package deid

import (
	"maps"
	"slices"
)

// A Report accounts for every record of a run. Its counts reconcile:
// Read = Written + Quarantined + Suppressed + Excluded.
type Report struct {
	Policy string `json:"policy,omitempty"`
	// Read counts the input records, well-formed or not (the header row
	// excluded).
	Read int64 `json:"records_read"`
	// Written counts the records in the output.
	Written int64 `json:"records_written"`
	// Quarantined counts the records that could not be transformed and
	// went to the quarantine writer.
	Quarantined int64 `json:"records_quarantined"`
	// Suppressed counts the records that a suppress rule matched.
	Suppressed int64 `json:"records_suppressed"`
	// Excluded counts the records of excluded identifiers.
	Excluded int64 `json:"records_excluded"`
	// Exclusion accounts for the identifiers of the exclusion list (nil
	// without one), once the run has ended.
	Exclusion *ExclusionReport `json:"exclusion,omitempty"`

	// SuppressedBy counts suppressed records per rule name.
	SuppressedBy map[string]int64 `json:"suppressed_by,omitempty"`
	// QuarantineReasons counts quarantined records per reason. Reasons name
	// fields and causes, never values.
	QuarantineReasons map[string]int64 `json:"quarantine_reasons,omitempty"`
	// Fields describes what happened to each input field.
	Fields []FieldCount `json:"fields"`
	// Warnings are the risks that checking the policy against the input
	// found (at most 256, in the order found): kept fields whose names or
	// values look like identifiers, a default that keeps.
	Warnings []Warning `json:"warnings,omitempty"`

	BytesRead    int64 `json:"bytes_read"`
	BytesWritten int64 `json:"bytes_written"`

	// excludedIDs are the listed identifiers met so far in the run.
	excludedIDs map[string]struct{}
}

// A FieldCount says which action a field went through and how many
// non-empty values it transformed (in written records).
type FieldCount struct {
	Field  string `json:"field"`
	Action Action `json:"action"`
	Values int64  `json:"values"`
}

// Reconciles reports whether every record read is accounted for.
func (r *Report) Reconciles() bool {
	return r.Read == r.Written+r.Quarantined+r.Suppressed+r.Excluded
}

// add merges the counts of one chunk into r. byField indexes r.Fields by
// field; a field not yet listed is added while the list is shorter than
// maxReportFields, and counted under otherFields after that.
func (r *Report) add(s *chunkStats, conds []string, byField map[string]int) {
	for _, f := range s.fields {
		i, ok := byField[f.Field]
		if !ok && len(r.Fields) >= maxReportFields {
			f.Field, f.Action = otherFields, ""
			i, ok = byField[f.Field]
		}
		if !ok {
			i = len(r.Fields)
			byField[f.Field] = i
			r.Fields = append(r.Fields, FieldCount{Field: f.Field, Action: f.Action})
		}
		r.Fields[i].Values += f.Values
	}
	r.Read += s.read
	r.Written += s.written
	r.Quarantined += s.quarantined
	r.Excluded += s.excluded
	for id := range s.excludedIDs {
		if r.excludedIDs == nil {
			r.excludedIDs = map[string]struct{}{}
		}
		r.excludedIDs[id] = struct{}{}
	}
	for k, n := range s.suppressed {
		if n == 0 {
			continue
		}
		r.Suppressed += n
		if r.SuppressedBy == nil {
			r.SuppressedBy = map[string]int64{}
		}
		r.SuppressedBy[conds[k]] += n
	}
	for _, w := range s.warnings {
		r.Warnings = addWarning(r.Warnings, w)
	}
	for reason, n := range s.reasons {
		if r.QuarantineReasons == nil {
			r.QuarantineReasons = map[string]int64{}
		}
		r.QuarantineReasons[reason] += n
	}
}

// QuarantineReasonList returns the quarantine reasons, most frequent first.
func (r *Report) QuarantineReasonList() []string {
	reasons := slices.Collect(maps.Keys(r.QuarantineReasons))
	slices.SortFunc(reasons, func(a, b string) int {
		if d := r.QuarantineReasons[b] - r.QuarantineReasons[a]; d != 0 {
			if d > 0 {
				return 1
			}
			return -1
		}
		if a < b {
			return -1
		}
		return 1
	})
	return reasons
}

// chunkStats are the counts of one chunk, made by a worker and merged in
// input order by the writer.
type chunkStats struct {
	read, written, quarantined, excluded int64
	suppressed                           []int64 // per suppress rule
	reasons                              map[string]int64
	excludedIDs                          map[string]struct{} // the listed IDs met
	// fields counts the values of each field, in the order met; fieldAt
	// indexes it
	fields   []FieldCount
	fieldAt  map[string]int
	warnings []Warning
}

func (s *chunkStats) reset(nconds int) {
	*s = chunkStats{suppressed: s.suppressed[:0], reasons: s.reasons, fields: s.fields[:0], fieldAt: s.fieldAt, excludedIDs: s.excludedIDs,
		warnings: s.warnings[:0]}
	for range nconds {
		s.suppressed = append(s.suppressed, 0)
	}
	clear(s.reasons)
	clear(s.excludedIDs)
	clear(s.fieldAt)
}

// countValues adds n values of field under action.
func (s *chunkStats) countValues(field string, action Action, n int64) {
	if s.fieldAt == nil {
		s.fieldAt = map[string]int{}
	}
	i, ok := s.fieldAt[field]
	if !ok && len(s.fields) >= maxReportFields {
		// A chunk lists no more fields than a report: the rest are
		// counted together, and memory stays bounded.
		field, action = otherFields, ""
		i, ok = s.fieldAt[field]
	}
	if !ok {
		i = len(s.fields)
		s.fieldAt[field] = i
		s.fields = append(s.fields, FieldCount{Field: field, Action: action})
	}
	s.fields[i].Values += n
}

// countApplier moves the value counts of a, and the warnings of the
// values it released, into s.
func (s *chunkStats) countApplier(a *Applier) {
	for i, st := range a.Plan().steps {
		s.countValues(st.field, st.action, a.Count(i))
	}
	for _, w := range a.s.Get().warnings {
		s.warn(w)
	}
	a.resetCounts()
}

func (s *chunkStats) quarantine(reason string) {
	s.quarantined++
	if s.reasons == nil {
		s.reasons = map[string]int64{}
	}
	s.reasons[reason]++
}
