package exportcmd

import (
	"fmt"
	"strings"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
)

// Report is the JSON report of a run: the release.Report (its counts
// reconcile: records_read = records_written + records_quarantined +
// records_suppressed + records_excluded) and what the program adds. A
// failed run's report has only Status, Error, Warnings and Notes.
type Report struct {
	// Status is "ok" or "failed".
	Status string `json:"status"`
	// Error says why the run failed; it names lines, fields and files,
	// never a value.
	Error string `json:"error,omitempty"`
	*release.Report
	// Warnings are the risks found in the policy (deid.Report.Warnings),
	// also when the run failed.
	Warnings []deid.Warning `json:"warnings,omitempty"`
	// Notes are the program's remarks on the release (such as what k
	// counts).
	Notes         []string `json:"notes,omitempty"`
	Output        string   `json:"output,omitempty"`
	KeyID         uint32   `json:"key_id,omitempty"`
	DemoKeys      bool     `json:"demo_keys,omitempty"`
	ReferenceDate string   `json:"reference_date,omitempty"`
	Seconds       float64  `json:"seconds,omitempty"`
}

// summary prints what a person running the job wants to know.
func (j *job) summary(r *Report) {
	w := j.stderr
	fmt.Fprintf(w, "policy %q: %d records read, %d written, %d quarantined, %d suppressed, %d excluded (%.1f MB in %.2fs)\n",
		r.Policy, r.Read, r.Written, r.Quarantined, r.Suppressed, r.Excluded, float64(r.BytesRead)/1e6, r.Seconds)
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
	if reasons := r.QuarantineReasonList(); len(reasons) > 0 {
		fmt.Fprintf(w, "  quarantined: %s\n", strings.Join(reasons, "; "))
	}
	if k := r.KAnonymity; k != nil {
		var qis, ncp []string
		for _, q := range k.QuasiIdentifiers {
			qis = append(qis, q.Name)
			ncp = append(ncp, fmt.Sprintf("%s %.1f%%", q.Name, q.NCP))
		}
		fmt.Fprintf(w, "  k-anonymity (%s) on %s: k=%d %s (asked %d)", k.Algorithm, strings.Join(qis, ","), k.K, k.KCounts, k.KRequested)
		if k.LRequested > 0 {
			fmt.Fprintf(w, ", l=%d of %s (asked %d)", k.L, k.Sensitive, k.LRequested)
		}
		if k.TRequested > 0 {
			fmt.Fprintf(w, ", t=%.3f of %s (asked %g)", k.T, k.Sensitive, k.TRequested)
		}
		fmt.Fprintf(w, ", %d classes, %d records withheld, NCP %.1f%% (%s), prosecutor risk max %.3f, verified %v\n",
			k.Classes, k.SuppressedRecords, k.NCP, strings.Join(ncp, ", "), k.ProsecutorMax, k.Verified)
		for _, n := range k.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
	j.printWarnings()
	fmt.Fprintf(w, "  key %d%s; output: %s", r.KeyID, map[bool]string{true: " (DEMO)", false: ""}[r.DemoKeys], r.Output)
	if j.o.Report != "" {
		fmt.Fprintf(w, "; report: %s", j.o.Report)
	}
	fmt.Fprintln(w)
}

// printWarnings prints the policy's warnings, one a line, once.
func (j *job) printWarnings() {
	if j.printed {
		return
	}
	j.printed = true
	for _, w := range j.warnings {
		fmt.Fprintf(j.stderr, "  warning: %s\n", w.Message)
	}
}

func list(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}
