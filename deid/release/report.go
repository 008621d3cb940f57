package release

import "github.com/deidkit/deidkit/deid"

// A Report accounts for a release. Its record counts reconcile, the
// k-anonymity stage included: Read = Written + Quarantined + Suppressed +
// Excluded, where Suppressed counts the records withheld by suppress rules
// and, under SuppressedBy["k-anonymity"], by the k-anonymity stage. The
// field counts (Fields) are those of the field stage.
type Report struct {
	deid.Report
	// Profile says what a profile made of each field, when the policy
	// came from one.
	Profile *deid.ProfileReport `json:"profile,omitempty"`
	// Columns are the output columns and their types; nil when the
	// field stage wrote CSV or NDJSON text itself (no k-anonymity stage,
	// no declared types).
	Columns []Column `json:"columns,omitempty"`
	// KAnonymity describes the k-anonymity stage, when there is one.
	KAnonymity *KAnonymityReport `json:"k_anonymity,omitempty"`
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
	// held on the values written.
	Verified bool `json:"verified"`
	// Notes has one line per categorical quasi-identifier that has no
	// hierarchy and generalizes straight to "*".
	Notes []string `json:"notes,omitempty"`
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
