// Package release makes research releases: records de-identified field by
// field with a policy of package deid, then generalized until no released
// record singles out fewer than k people on its quasi-identifiers
// (package kanon), checked by kanon.Verify on exactly the values to be
// written, and only then written: as CSV, NDJSON, or typed Parquet
// (package deid/parquet). The same [Run], without a [Privacy]
// configuration, writes the field policy's output as it is: the
// pseudonymized feed of an AI engine.
//
//	rep, err := release.Run(ctx, in, parquet.NewRecordWriter(file, parquet.Options{}), release.Config{
//		Profile: release.Research(refDate, "research/partner-x"),
//		Keys:    keys,
//		Privacy: &release.Privacy{QuasiIdentifiers: []string{"date_of_birth", "sex", "zip", "state"}, K: 10, Person: "user_id"},
//	})
//
// # The hand-off from the field policy to k-anonymity
//
// The field stage is a deid.Transformer whose output is a deid.ChunkSink:
// each record leaves the policy as its fields, and no text of the whole
// output is written or parsed again. The stage keeps the
// quasi-identifiers (and the person and sensitive columns) of every
// record in memory, dictionary-encoded, and writes the other fields to a
// spill file (their lengths and bytes, nothing else). Its work on a
// record runs on the transformer's workers, chunk by chunk and in
// parallel: each looks the chunk's values up in the dictionaries, checks
// and types the values and writes the chunk's spill; only what follows
// input order (numbering the values new to the dictionaries, appending
// the codes, noting where the chunk's spill is) waits for the chunks
// before. When the input ends, the stage chooses a hierarchy for each
// quasi-identifier (below), builds a kanon.Table, computes the release
// (TopDown on the stage's codes while the table is built), verifies it
// (while the report is measured), and writes every record not withheld:
// its quasi-identifiers as released, its other fields from the spill, in
// input order, the spill's chunks assembled (and, for CSV, encoded) on
// several goroutines.
//
// The spill rather than a second pass over the input: the input may be a
// pipe, and the field policy's keyed actions would cost their time twice.
// The spill holds de-identified records without their quasi-identifiers,
// in a file only its owner may read (Config.TempDir), removed when Run
// returns.
//
// k counts people: name the column that identifies them (a pseudonym) in
// Privacy.Person, and every class of records that share released
// quasi-identifiers holds records of at least K people, whatever their
// number of records. See package kanon for what that guarantees and what
// it does not.
//
// Two values of the person column are one person when they are one
// identifier once normalized as deid.NormalizeID does (" u-1", "\"u-1\""
// and "u-1\t") and folded as an exclusion list's near matches are
// (letter case, leading zeros of a number, Unicode forms: "P0", "p0" and
// fullwidth "ｐ０"), to the stage as to kanon.Verify: a person column kept
// as it is counts a person who is spelled several ways once, and k can
// only be stricter for it. A pseudonymized person column holds pseudonyms
// of IDs normalized only, and the stage sees only those: IDs that differ
// in letter case or Unicode form have different pseudonyms and count as
// different people, so a person whose records spell the ID several ways
// needs fewer other people to make K. Pseudonyms are not changed for
// that (they must stay those of every earlier export); the remedy is
// upstream, one spelling per person in the input. An exclusion list sees
// such spellings of its IDs (deid.ErrExclusionNearMatch).
//
// # Memory
//
// Run holds the field stage's buffers (bounded by deid.Options), as
// many chunks of spill, and of the release being written, and, for the
// k-anonymity stage, what grows with the records: 4 bytes per record for
// each quasi-identifier, the person and the sensitive column, in the
// stage's codes and then in kanon's table, the stage's freed block by
// block as the table is built from them; 4 bytes for the atom of each
// record (TopDown); and kanon.Verify's working memory. The stage's codes
// and the atoms live outside the Go heap (on unix systems) and are freed
// as soon as they are read for the last time, so the collector's
// headroom (GOGC) applies to the heap alone, and the library sets no
// memory limit. With the research profile's four quasi-identifiers and a
// person column that is about 28 bytes per record at the peak, while
// kanon.Verify checks the release: 20 in kanon's table, 4 for the atoms,
// 2 for Verify's class of every record and 2 to 3 on the heap (bench
// -release measures it in process, heap and mapped memory together, with
// the collector running often); with the default GOGC the heap may hold
// garbage on top of its share of that: a release of 10 million records
// peaked at about 300 MiB. The input is never held: a pipe larger than
// memory is released as well as a file. Without a
// k-anonymity stage, memory does not grow with the records at all.
//
// # Hierarchies
//
// A quasi-identifier generalizes along a hierarchy, from its value to "*".
// The default hierarchy follows the field action that made the values,
// so that a release keeps the detail researchers need:
//
//   - year (dates of birth): bands of 5, 10, 20 and 40 years. With
//     top-coding, the bands start at the oldest year released as a year,
//     so that they are age bands at the reference date (1936-1940 is 85
//     to 89 in 2026), and the top-coded "90+" joins the oldest band as an
//     open one, "≤1940", "≤1945", ...: it is never generalized to "*"
//     first.
//   - month: quarter ("2024-Q1"), year, then the bands of years; date_shift
//     (and other dates): month, quarter, year.
//   - age: bands of 5, 10, 20 and 40 years from 0; "90+" joins the open
//     top band ("80+" at 20 years).
//   - zip3: when every value is a US ZIP3, its state, census division and
//     region (kanon.USZIP3), which agree with the state column's hierarchy;
//     "000", Safe Harbor's code for small areas, stays apart. Otherwise
//     shorter prefixes ("02*", "0**"), "000" apart.
//   - bucket (fixed width): buckets 2, 4, 8 and 16 times as wide.
//   - any kept column whose values are US states: census division and
//     region (kanon.USStates); numbers: intervals of round widths.
//   - other categorical columns (sex, device model) have none: they
//     generalize straight to "*", and the report says so in one line per
//     column (KAnonymityReport.Notes).
//
// Privacy.Hierarchies replaces any of them: a kanon.Hierarchy built in
// code, or read from an ARX file with kanon.ReadHierarchy.
//
// # Algorithms
//
// TopDown, the default, specializes from "*" down the hierarchies, class
// by class (local recoding): a class splits on the quasi-identifier whose
// split loses least into the children of its node that hold K people,
// the others pooled at the node. Each split is judged by where the greedy
// splits after it lead, which keeps detail that a split on the widest
// attribute (Mondrian's rule) gives away; on the export program's sample
// (5,000 records, 1,101 people) it loses 9.0% of detail (NCP) at k = 5 and
// 13.9% at k = 10, where Mondrian with the same hierarchies loses 11.2% and
// 16.2% (and the export program's hierarchies 23.6% and 42.8%). A pool of fewer than K people that would coarsen a whole child is
// withheld instead, when that loses less and Privacy.Suppression allows.
// Mondrian, MondrianRelaxed and Optimal run kanon's algorithms on the same
// table and hierarchies.
//
// # Report
//
// The [Report] is the field stage's deid.Report, its counts reconciled
// with the k-anonymity stage (read = written + quarantined + suppressed +
// excluded, records withheld for k-anonymity counted as suppressed), the
// output columns and their types, and a [KAnonymityReport]: k, l and t
// reached, classes, people and records withheld, NCP overall and per
// quasi-identifier, the records released at each level of each hierarchy,
// and the re-identification risk: its highest and average, its
// distribution over the records, the histogram of class sizes and, given
// the share of the population the release holds (Privacy.Population), the
// estimates of population uniqueness of kanon.EstimateUniqueness, before
// and after generalization. Its figures are computed from the released
// values, as written. It names the keys by their IDs, and is bound to the
// input and output files by their SHA-256, computed as Run reads and
// writes them. [Report.WriteHTML] writes it as one self-contained HTML
// page, with charts, for whoever approves the release.
//
// # Column types
//
// Columns have types, so that a Parquet release has DOUBLE measurements,
// INT64 counts and TIMESTAMP times rather than text: declared in
// Config.Types, or inferred from the values of the columns that the field
// policy keeps, rounds or shifts (all their values with a k-anonymity
// stage, the first 1024 records without one, a later value that does not
// fit being a [TypeError]). Columns of the other actions are text unless
// declared: a ZIP3 or a year of birth looks like a number until "021" or
// "90+" comes. Quasi-identifiers are always text. Integers are recognized
// only as written canonically, so that codes with leading zeros stay text.
//
// Without a k-anonymity stage or declared types, the field stage writes
// CSV, and NDJSON from NDJSON input, itself (Report.Columns is then nil):
// NDJSON records keep their nesting and JSON types. Every other release
// is written record by record through the [Writer], as flat records.
package release
