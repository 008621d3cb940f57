package main

// A jobSpec is everything the pipeline's transforms need to know of the
// job, fixed when the pipeline is built. It travels inside the DoFns to
// the workers: it holds key file paths, never keys, and no input value.
type jobSpec struct {
	// Inputs is the glob of the shards, InFormat their format (csv or
	// ndjson).
	Inputs   string
	InFormat string
	// Policy is the field policy as JSON, reference date included, so
	// that every worker applies the same rules; Profile is what the
	// profile that made it made of each field (deid.ProfileReport as
	// JSON), for the report; "" for a policy file.
	Policy  string
	Profile string
	// Key files, loaded once per DoFn instance; none means the public
	// demo keys.
	Keyset, TokenKeyset, KEK string
	KeyID                    uint32
	DemoKeys                 bool
	// Keys are the keys' IDs for the report (release.KeyIDs as JSON).
	Keys string

	ExcludeList  string // file of excluded user IDs; "" for none
	ExcludeField string
	// ExcludeMayMatchNone allows an exclusion list none of whose IDs
	// matches a record; without it that fails the job (a list in another
	// form than the input's IDs must not pass silently).
	ExcludeMayMatchNone bool
	// AllowKeptIdentifiers releases fields the policy keeps although
	// their names or values look like direct identifiers
	// (deid.Options.AllowKeptIdentifiers); without it the library
	// refuses them, as for examples/export.
	AllowKeptIdentifiers bool

	// Out is the output directory, Staging where files wait until the
	// release is verified and every record is accounted for.
	Out, Staging string
	OutFormat    string   // csv, ndjson or parquet
	OutFields    []string // the policy's output columns, which every shard must have
	Shards       int
	Quarantine   string // file for records that cannot be transformed; "" stops the job at the first
	Report       string

	// K is the k-anonymity of the quasi-identifiers in people; 0 for no
	// k-anonymity stage.
	K      int
	QI     []int // indexes of the quasi-identifiers in OutFields
	Person int   // index of the person column in OutFields
	// PartitionRows is the most rows a partition may have to be
	// anonymized by one worker; Rounds bounds the rounds of top-level
	// cuts.
	PartitionRows int64
	Rounds        int

	Runner string
}

func (s *jobSpec) qiNames() []string {
	names := make([]string, len(s.QI))
	for i, q := range s.QI {
		names[i] = s.OutFields[q]
	}
	return names
}
