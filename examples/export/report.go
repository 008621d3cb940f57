package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/deidkit/deidkit/deid"
)

// report is the JSON report of a run. Its record counts reconcile:
// read = written + quarantined + suppressed + excluded.
type report struct {
	// Status is "ok": a failed run writes a failedReport instead.
	Status   string              `json:"status"`
	Policy   string              `json:"policy"`
	Profile  *deid.ProfileReport `json:"profile,omitempty"`
	KeyID    uint32              `json:"key_id"`
	DemoKeys bool                `json:"demo_keys,omitempty"`
	Records  records             `json:"records"`
	// QuarantineReasons counts quarantined records by reason (field and
	// cause, never a value).
	QuarantineReasons map[string]int64  `json:"quarantine_reasons,omitempty"`
	SuppressedBy      map[string]int64  `json:"suppressed_by,omitempty"`
	Fields            []deid.FieldCount `json:"fields"`
	KAnonymity        *kanonReport      `json:"k_anonymity,omitempty"`
	// Exclusion accounts for the IDs of -exclude: how many matched no
	// record.
	Exclusion *deid.ExclusionReport `json:"exclusion,omitempty"`
	Output    string                `json:"output"`
	BytesRead int64                 `json:"bytes_read"`
	Seconds   float64               `json:"seconds"`
}

// failedReport is the report of a run that failed: it says why (the
// error names lines, fields and files, never a value) and describes no
// output, since a failed run publishes none.
type failedReport struct {
	Status string `json:"status"` // "failed"
	Error  string `json:"error"`
	Policy string `json:"policy,omitempty"`
}

type records struct {
	Read        int64 `json:"read"`
	Written     int64 `json:"written"`
	Quarantined int64 `json:"quarantined"`
	Suppressed  int64 `json:"suppressed"`
	Excluded    int64 `json:"excluded"`
	// SuppressedByKAnonymity is the part of Suppressed that the
	// k-anonymity stage withheld.
	SuppressedByKAnonymity int64 `json:"suppressed_by_k_anonymity"`
}

type kanonReport struct {
	QuasiIdentifiers []string `json:"quasi_identifiers"`
	Sensitive        string   `json:"sensitive,omitempty"`
	// Individual is the column identifying people; KCounts says whether k
	// (and the risks) count "people" or, without that column, "records".
	Individual      string  `json:"individual,omitempty"`
	KCounts         string  `json:"k_counts"`
	People          int     `json:"people,omitempty"`
	MinClassRecords int     `json:"min_class_records"`
	KRequested      int     `json:"k_requested"`
	LRequested      int     `json:"l_requested,omitempty"`
	K               int     `json:"k"`
	L               int     `json:"l,omitempty"`
	Classes         int     `json:"classes"`
	NCP             float64 `json:"ncp_percent"`
	CAvg            float64 `json:"c_avg"`
	ProsecutorMax   float64 `json:"prosecutor_risk_max"`
	ProsecutorAvg   float64 `json:"prosecutor_risk_avg"`
	Verified        bool    `json:"verified"`
}

func (r *report) fromDeid(d *deid.Report) {
	if d == nil {
		return
	}
	r.Policy = d.Policy
	r.Records.Read = d.Read
	r.Records.Written = d.Written
	r.Records.Quarantined = d.Quarantined
	r.Records.Suppressed = d.Suppressed
	r.Records.Excluded = d.Excluded
	r.QuarantineReasons = d.QuarantineReasons
	r.SuppressedBy = d.SuppressedBy
	r.Fields = d.Fields
	r.BytesRead = d.BytesRead
	r.Exclusion = d.Exclusion
}

// fieldNames lists the names the report and the summary print.
func (r *report) fieldNames() []string {
	names := make([]string, 0, len(r.Fields))
	for _, f := range r.Fields {
		names = append(names, f.Field)
	}
	if r.Profile != nil {
		for _, f := range r.Profile.Fields {
			names = append(names, f.Field)
		}
	}
	return names
}

func (r *report) reconciles() bool {
	c := r.Records
	return c.Read == c.Written+c.Quarantined+c.Suppressed+c.Excluded
}

// summary prints what a person running the job wants to know.
func (j *job) summary() {
	r := &j.rep
	c := r.Records
	w := j.stderr
	fmt.Fprintf(w, "policy %q: %d records read, %d written, %d quarantined, %d suppressed, %d excluded (%.1f MB in %.2fs)\n",
		r.Policy, c.Read, c.Written, c.Quarantined, c.Suppressed, c.Excluded, float64(r.BytesRead)/1e6, r.Seconds)
	if e := r.Exclusion; e != nil {
		fmt.Fprintf(w, "  exclusion list: %d IDs, %d matched records, %d matched none\n", e.Listed, e.Matched, e.Unmatched)
	}
	var dropped, kept, transformed []string
	for _, f := range r.Fields {
		switch f.Action {
		case deid.Drop:
			dropped = append(dropped, f.Field)
		case deid.Keep:
			kept = append(kept, f.Field)
		default:
			transformed = append(transformed, f.Field+"→"+string(f.Action))
		}
	}
	fmt.Fprintf(w, "  dropped: %s\n  transformed: %s\n  kept: %s\n", list(dropped), list(transformed), list(kept))
	if len(r.QuarantineReasons) > 0 {
		reasons := make([]string, 0, len(r.QuarantineReasons))
		for k, n := range r.QuarantineReasons {
			reasons = append(reasons, fmt.Sprintf("%d × %s", n, k))
		}
		sort.Strings(reasons)
		fmt.Fprintf(w, "  quarantined: %s\n", strings.Join(reasons, "; "))
	}
	if k := r.KAnonymity; k != nil {
		fmt.Fprintf(w, "  k-anonymity on %s: k=%d %s (asked %d)", strings.Join(k.QuasiIdentifiers, ","), k.K, k.KCounts, k.KRequested)
		if k.LRequested > 0 {
			fmt.Fprintf(w, ", l=%d of %s (asked %d)", k.L, k.Sensitive, k.LRequested)
		}
		fmt.Fprintf(w, ", %d classes, NCP %.1f%%, prosecutor risk max %.3f, verified %v\n", k.Classes, k.NCP, k.ProsecutorMax, k.Verified)
	}
	fmt.Fprintf(w, "  key %d%s; output: %s", r.KeyID, map[bool]string{true: " (DEMO)", false: ""}[r.DemoKeys], r.Output)
	if j.cfg.report != "" {
		fmt.Fprintf(w, "; report: %s", j.cfg.report)
	}
	fmt.Fprintln(w)
}

func list(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}
