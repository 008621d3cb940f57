package release

import "github.com/deidkit/deidkit/deid"

// A Report accounts for a release. Its record counts reconcile, the
// k-anonymity stage included: Read = Written + Quarantined + Suppressed +
// Excluded, where Suppressed counts the records withheld by suppress rules
// and, under SuppressedBy["k-anonymity"], by the k-anonymity stage. The
// field counts (Fields) are those of the field stage.
//
// The report of a run that failed (Run returned an error) says so:
// Failed is true, Err returns the error, Written and BytesWritten count
// only what the Writer accepted before the error (nothing, with a
// k-anonymity stage, when the run failed before writing), and
// KAnonymity.Verified is false, since what was written is not the
// release that was verified, only a part of it, which must be discarded.
// Such a report does not reconcile.
type Report struct {
	deid.Report
	// Failed says that the run ended in an error and that the report
	// describes no release.
	Failed bool `json:"failed,omitempty"`
	// Profile says what a profile made of each field, when the policy
	// came from one.
	Profile *deid.ProfileReport `json:"profile,omitempty"`
	// Columns are the output columns and their types; nil when the
	// field stage wrote CSV or NDJSON text itself (no k-anonymity stage,
	// no declared types).
	Columns []Column `json:"columns,omitempty"`
	// KAnonymity describes the k-anonymity stage, when there is one.
	KAnonymity *KAnonymityReport `json:"k_anonymity,omitempty"`
	// InputSHA256 and OutputSHA256 bind the report to the files: the
	// SHA-256, in hex, of the bytes Run read and of the bytes the Writer
	// wrote (when the Writer hashes them: see [Checksummer]). Set when Run
	// succeeds.
	InputSHA256  string `json:"input_sha256,omitempty"`
	OutputSHA256 string `json:"output_sha256,omitempty"`
	// Keys identify the keys of the keyed actions (never their material).
	Keys *KeyIDs `json:"keys,omitempty"`

	err error // why the run failed
}

// Err returns the error that ended the run the report describes, nil if
// it succeeded.
func (r *Report) Err() error { return r.err }

// fail marks r as the report of a run that ended with err, written of
// which are the records the Writer accepted.
func (r *Report) fail(err error, written, bytes int64) {
	r.Failed, r.err = true, err
	r.Written, r.BytesWritten = written, bytes
	if r.KAnonymity != nil {
		r.KAnonymity.Verified = false
	}
}

// A KAnonymityReport says what the k-anonymity stage guaranteed, at what
// cost in detail, and how it was checked.
type KAnonymityReport struct {
	Algorithm        Algorithm  `json:"algorithm"`
	QuasiIdentifiers []QIReport `json:"quasi_identifiers"`
	// Person is the column that identifies people; KCounts says what k
	// (and the risks) count: "people", or "records" without a person
	// column.
	Person    string `json:"person,omitempty"`
	KCounts   string `json:"k_counts"`
	Sensitive string `json:"sensitive,omitempty"`

	// K, L and T are reached: the fewest people (records) of a class, the
	// fewest distinct sensitive values of a class, and the largest
	// distance of a class's sensitive values from the table's (see
	// kanon.TCloseness), the latter two with a sensitive column.
	KRequested int     `json:"k_requested"`
	K          int     `json:"k"`
	LRequested int     `json:"l_requested,omitempty"`
	L          int     `json:"l,omitempty"`
	TRequested float64 `json:"t_requested,omitempty"`
	T          float64 `json:"t,omitempty"`
	Classes    int     `json:"classes"`

	// Records and People are those the stage received; ReleasedPeople
	// have at least one record released.
	Records        int `json:"records"`
	People         int `json:"people,omitempty"`
	ReleasedPeople int `json:"released_people,omitempty"`
	// SuppressedRecords were withheld; SuppressedPeople are the people
	// none of whose records is released.
	SuppressedRecords int `json:"suppressed_records"`
	SuppressedPeople  int `json:"suppressed_people,omitempty"`

	// NCP is the loss of detail in percent, the average over the
	// quasi-identifier cells of every record of the stage (withheld ones
	// counting 1): 0 releases the values as they are, 100 nothing.
	NCP float64 `json:"ncp_percent"`
	// ProsecutorMax and ProsecutorAvg are the re-identification risks of
	// an attacker who knows the target is in the release: 1/K, and the
	// average over released people (records without a person column).
	ProsecutorMax float64 `json:"prosecutor_risk_max"`
	ProsecutorAvg float64 `json:"prosecutor_risk_avg"`

	// Verified is true: the release was written only after kanon.Verify
	// held on the values written, and it was written whole (false in the
	// report of a run that failed).
	Verified bool `json:"verified"`
	// Notes has one line per categorical quasi-identifier that has no
	// hierarchy and generalizes straight to "*".
	Notes []string `json:"notes,omitempty"`

	// ClassSizes is the histogram of the released classes' sizes, in
	// what k counts, smallest first.
	ClassSizes []ClassSize `json:"class_sizes"`
	// Risk is the distribution of the released records' prosecutor risk
	// (1 over the size of their class), in the bands of [RiskBands].
	Risk []RiskBand `json:"prosecutor_risk_distribution"`
	// Population holds the population-uniqueness estimates, when
	// Privacy.Population says how the release samples its population.
	Population *PopulationReport `json:"population,omitempty"`
}

// A QIReport describes one quasi-identifier of a release: its hierarchy,
// its loss, and how many records were released at each level.
type QIReport struct {
	Name      string  `json:"name"`
	Hierarchy string  `json:"hierarchy"`
	NCP       float64 `json:"ncp_percent"`
	// Levels count the released records by level of the hierarchy, from
	// the values themselves ("value") to "*"; a numeric range of Mondrian
	// counts under "range".
	Levels []LevelCount `json:"levels"`
}

// A LevelCount is the number of records released at one level.
type LevelCount struct {
	Level   string `json:"level"`
	Records int    `json:"records"`
}
