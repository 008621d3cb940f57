// Package deid removes and transforms the identifiers in health records,
// field by field, as a policy says.
//
// # Where to start
//
//   - A CSV or NDJSON export: [ParsePolicy] (or a profile, [SafeHarbor] or
//     [AIEngine], built from the input's field names with [SampleFields]),
//     then [NewTransformer] and [Transformer.Run]. Its [Report] accounts for
//     every record.
//   - Go values in a service: tag the struct's fields and compile the type
//     once with [ForType]; see [Struct].
//   - Records from anywhere else (a database driver, a queue): [Compile]
//     the policy against their field names and apply the [Plan] through
//     one [Applier] per goroutine. Compile is also how a program checks a
//     policy against a header before reading any record.
//
// Keyed actions take their keys from [Keys]; its documentation says what a
// key rotation changes and how a rule pins a key version (key_id).
//
// # Model
//
// A [Policy] is data: a list of field rules (one action per field) and
// record rules (conditions that suppress a whole record). [Compile] checks
// it and binds it to the input's fields (a CSV header, the dotted paths of
// JSON values) and to the [Keys] of its keyed actions, giving a [Plan]: one
// step per input column, so that applying it to a record is a loop over
// columns with no map look-up, no reflection and, for the common actions, no
// allocation. Each goroutine applies the plan through its own [Applier]; a
// [Transformer] and a [Struct] do this for their callers.
//
// The policy fails closed:
//   - a field that no rule names is dropped, unless the policy's default is
//     "keep";
//   - a value that its action cannot handle (a malformed date, ZIP code, IP
//     address or number) is an error naming the record and the field, never
//     passed through; the caller decides whether that stops the run or
//     quarantines the record;
//   - a suppress condition that cannot be evaluated (a missing consent flag,
//     an unreadable age) is an error too, not a guess;
//   - parameters that an action does not take, and two rules for one field,
//     are policy errors: a policy that does not do what its author thinks is
//     worse than one that does not load;
//   - field names that look like values (an e-mail or IP address, a
//     telephone number, a date, a number, six digits or more: a CSV file
//     without its header row) are an error, [ErrHeaderLooksLikeData], for
//     [Compile], the profiles and the [Transformer]; in a JSON record, a
//     key that looks like a value makes the record an error.
//
// No error, report or quarantine reason holds a value of the input: they
// name records by line and fields by name or position.
//
// An empty value stays empty under every action but replace.
//
// # Policy JSON
//
//	{
//	  "name": "research",
//	  "default": "drop",
//	  "reference_date": "2026-01-01",
//	  "fields": [
//	    {"field": "user_id",       "action": "pseudonymize", "domain": "research/partner-x"},
//	    {"field": "email",         "action": "drop"},
//	    {"field": "date_of_birth", "action": "year"},
//	    {"field": "zip",           "action": "zip3"},
//	    {"field": "ip",            "action": "truncate_ip"},
//	    {"field": "lat",           "action": "round", "decimals": 2},
//	    {"field": "weight_kg",     "action": "bucket", "width": 10},
//	    {"field": "measured_at",   "action": "date_shift", "person": "user_id", "max_days": 30},
//	    {"field": "note",          "action": "scrub"},
//	    {"field": "device.serial", "action": "fpe", "domain": "serials", "alphabet": "digits"}
//	  ],
//	  "suppress": [
//	    {"name": "no consent", "field": "consent", "not_in": ["true"]},
//	    {"name": "child",      "field": "date_of_birth", "age_below": 13}
//	  ]
//	}
//
// default is "drop" (when absent) or "keep". reference_date is the date
// ages are computed at (top-coding, age_below).
//
// # Paths
//
// A field is a column name or a path into nested JSON: keys joined by
// dots, with "[]" after the key of an array for its elements.
//
//	device.serial          {"device":{"serial":"SN1"}}
//	readings[].user_id     {"readings":[{"user_id":"u1"},{"user_id":"u2"}]}
//	contacts[].email       {"contacts":[{"email":"a@b.org"}]}
//	tags[]                 {"tags":["a","b"]}
//	matrix[][]             {"matrix":[[1,2],[3]]}
//
// A rule on an array path applies to every element. "[]" ends a key; a
// '[' or ']' elsewhere belongs to the key ("weight[kg]"). A key holding a
// dot or "[]" makes two records spell one path ({"a.b":1} and
// {"a":{"b":1}}): they are treated alike.
//
// A rule names one value, and keeps or transforms it only if it is a
// single value (a string, number, true, false or null); drop alone takes
// whatever the path holds, an object or array with everything in it. So a
// policy releases only the shape it was written for: a record with an
// object or array where a rule keeps or transforms a single value, with a
// single value (other than null) where the policy has rules inside an
// object or array, or with an array where it has rules inside an object
// or the converse, is a record error ([ErrShape]) naming its line and the
// path, unless what differs is dropped; it stops the run or goes to the
// quarantine like any record error, wherever it is in the input. A value
// no rule names gets the default.
//
// Paths are checked when a policy is parsed or validated: no rule beneath
// another rule's path (both would claim the same values), no two rules
// that need one path to be an object and an array, and no suppress
// condition or date_shift person inside an array (a record would have
// several values to test); nor may an exclusion field be inside one.
//
// Actions and their parameters:
//
//	keep          the value as it is
//	drop          no output field
//	redact        a fixed text: token (default "[REDACTED]")
//	replace       a constant: value (required; also replaces empty values)
//	mask          keep_first, keep_last characters; the others become
//	              mask_char (default "*"); too short a value is masked whole
//	pseudonymize  keyed pseudonym (package pseudo) in domain (required);
//	              bits (64-256, default 128), encoding (hex, base32,
//	              base64url), key_version (prefix the key ID)
//	tokenize      reversible AES-SIV token bound to context (required)
//	fpe           FF1 format-preserving encryption in domain (required);
//	              alphabet: digits (default), alphanumeric, ALPHANUMERIC, or
//	              the characters themselves; at least 10^6 possible values;
//	              pass_through: characters kept in place ("-" of "SN-0042")
//	year, month   a date (YYYY-MM-DD or RFC 3339 timestamp) to YYYY or
//	              YYYY-MM; top_code (default true) turns the dates of people
//	              aged 90 or more at reference_date into label (default
//	              "90+"); year also reads bare years, top-coded when the
//	              person may be 90
//	date_shift    moves a date by an offset of 1 to max_days days, earlier
//	              or later (never 0), drawn
//	              from a keyed MAC of the person field's value: the same
//	              offset for all of a person's dates, so order and gaps are
//	              kept; domain names the offsets' key (default "date-shift")
//	age           an age in years; 90 and over become label (default "90+")
//	zip3          ZIP or ZIP+4 to its first three digits; the HHS restricted
//	              prefixes (036, 059, 063, 102, 203, 556, 692, 790, 821,
//	              823, 830, 831, 878, 879, 884, 890, 893) become "000"
//	truncate_ip   zero the host bits: ipv4_prefix (default 24), ipv6_prefix
//	              (default 48); IPv4-mapped IPv6 counts as IPv4
//	round         a decimal to decimals places (0-4), half away from zero,
//	              on the digits as written (coordinates: 2 places is ~1 km)
//	bucket        a number to the label of its interval: width (and origin)
//	              for "[lo, hi)" labels, or ranges [{"min","max","label"}]
//	              (at least 0.0001 wide)
//	scrub         free text with identifiers (e-mail, phone, IP, MAC, URL,
//	              SSN, card, date, names after titles and cue words, street
//	              addresses) replaced by tags such as "[EMAIL]" or, with
//	              "with": "pseudonym" and a domain, by keyed pseudonyms;
//	              kinds restricts the detectors (see package deid/scrub).
//	              The record's own identifiers are replaced too, however
//	              written: the values of its other fields whose names read
//	              as names, addresses, phone, e-mail, SSN, URL, IP or IDs
//	              and that the policy does not keep, and of the fields
//	              listed in known ("field" or "field:kind", an object path
//	              for the fields beneath it)
//
// The keyed actions (pseudonymize, tokenize, fpe, date_shift, scrub with
// pseudonyms) also take key_id, the key of their keyset they use instead of
// the primary one (see [Keys]).
//
// There is no unkeyed hash: a plain hash of a low-entropy identifier is
// reversed by dictionary (see package pseudo).
//
// Parameters that leave values as they are while the report says they were
// generalized are refused: ipv4_prefix 32 and ipv6_prefix 128 (whole
// addresses), round to more than 4 places (about 11 m of latitude; most
// values are not written more precisely, so rounding to more places changes
// nothing), and buckets narrower than 0.0001 (their labels tell the value).
// A rule that means it says "allow_noop": true (truncate_ip, round and bucket
// take it; round then takes up to 9 places). A mask is never a no-op: a
// value no longer than its kept ends is masked whole.
//
// Suppress conditions take a field and exactly one test: in (the value is
// one of a list), not_in (the value is none of a list: the fail-closed way
// to require consent), below (a number below a bound), age_below (a date of
// birth of someone younger than this at reference_date). A suppressed record
// produces no output and is counted.
//
// # Kept identifiers
//
// A field released as it is (kept, by a rule or by the default) is checked
// by name and by value, and what reads as a direct identifier is refused,
// whichever entry point releases it ([Transformer], package deid/release,
// [Applier], [Struct]):
//
//   - a kept field whose name reads as a direct identifier, as the
//     profiles read names (names, contact details, addresses,
//     coordinates, IDs, free text, dates of birth or death, ages:
//     [WarnIdentifierName]), is a fault of the policy: a [*FieldError]
//     wrapping [ErrPolicy] and [ErrKeptIdentifier], naming the field. A
//     CSV run stops before anything is written (the header included);
//     an NDJSON run stops at the first record that has the field, so
//     nothing with it is written, even with a quarantine;
//   - a kept value in which the scrub detectors find an e-mail address,
//     a telephone number, an IP or MAC address, a URL, an SSN (also nine
//     digits alone), a card number, a street address, a number a label
//     announces (MRN, member ID, account, policy, licence, certificate,
//     plate, VIN, serial numbers), coordinates, a handle or a date (any
//     element of one but the year alone, in English, French, German or
//     Spanish; not in a field named as an event date), or that holds the
//     record's own identifiers (the values of fields the policy drops or
//     transforms whose names read as names, contact details, addresses
//     or IDs, found as record-aware scrubbing finds them, a phone number
//     also by its last seven digits and a street by its name without the
//     number: [WarnIdentifierValues]), or, in a run with an exclusion
//     list, an ID of the list (see below), is a record error: a
//     [*FieldError] wrapping [ErrKeptIdentifier], naming the line, the
//     field and the kind of identifier, never the value. The record is
//     not written; it stops the run, or goes to the quarantine with that
//     reason and is counted there.
//
// Exclusion drops the listed people's own records; another person's
// record may still name one (a kept carer_ref column, a kept text
// "visited with u-42"). In a run with an exclusion list, every kept value
// is also read for the list's IDs, as it reads (fullwidth forms,
// look-alike letters and invisible characters as the detectors read
// them): the whole value, and each run of it that begins and ends with a
// letter or a digit and has none beside it, so that punctuation or
// symbols of any script ("id=u-42", "«u-42»", "u-42，u-7") hide no ID;
// a run that is a listed ID, or a near match of one as the list finds them
// ([ErrExclusionNearMatch]), is a kept identifier as above; a field name
// or JSON key that is one is [ErrHeaderLooksLikeData], named by position;
// and a [Scrub] rule's output has each replaced with the tag of an ID.
// Plain numbers of up to six digits are not looked up, so that
// measurements never match numeric IDs: a numeric ID that short is not
// found in kept values.
//
// Not read, and released if kept: names of people and places with no cue
// around them and that the record does not hold (in values, field names
// and JSON keys alike: "Zelda Quist" as a key of a kept object reads as
// any two capitalized words), and numbers without a label.
//
// Every kept value of every record is checked, in the pass that writes
// it; a value found clean is remembered per field, so a column of few
// distinct values costs one check per value. A default keep whose fields
// all read as harmless is allowed ([WarnDefaultKeep]): its fields are
// checked like any other. What a mask reveals (its keep_first and
// keep_last characters, each end on its own) is a kept value too: a mask
// that reveals an identifier refuses the record as a kept value would,
// with the mask named as the action. So does a mask that reveals, of an
// identifier the detectors find in the whole value it masks, more than
// four letters and digits, both ends together (keep_first 5 and
// keep_last 6 write nine of the ten digits of "555-201-3344"): a mask
// may show the last four, no more.
//
// The checks read values as a person does, not code point by code point
// (see package deid/scrub, "Disguised spellings"): a kept value and the
// record's own identifiers are both read with fullwidth and other
// compatibility forms as their plain characters, accents composed or
// combined as the plain letter ("Mu\u0308ller", "Müller" and "Muller"
// are one name), invisible and bidirectional controls as nothing, dashes,
// dots and commercial ats drawn like '-', '.' and '@' as those, and the
// digits of other scripts as ASCII digits. So "Ｑｕｉｓｔ", "Qu\u00adist"
// and "qU\u200bIST" beside a dropped surname Quist, "zq＠example.org",
// "１２３-４５-６７８９" and "٤١٥‐٥٥٥‐٢٦٧١" are refused. Not read through:
// homoglyphs of other scripts beyond the look-alike table of
// internal/idnorm (Cyrillic and Greek letters drawn like Latin ones, read
// as Latin only in a word whose every letter reads as Latin), whole words
// of another script (a name transliterated), pictures of letters
// (emoji, box drawing), and spellings that change the words (a name
// spelled backwards, with digits for letters, split across fields).
//
// A release whose recipient is entitled to such fields, or whose fields
// are known to hold none (a check can be wrong), says so explicitly:
// [Options].AllowKeptIdentifiers (the Field options of a release), the
// [AllowKeptIdentifiers] option of an Applier, [WithKeptIdentifiers] for a
// Struct. The fields are then released as they are and warned of.
//
// # Warnings
//
// Some policies are valid and still risky. Checking a policy against its
// input warns ([Warning], from [Plan.Warnings] and in [Report].Warnings)
// when a default keep releases a field no rule names, and, in a run that
// allows kept identifiers, of each field released although its name or
// values read as a direct identifier. Warnings name fields and
// categories, never values; programs print them.
//
// # Profiles
//
// [SafeHarbor] and [AIEngine] build a policy from an input's field names:
// the 18 identifier categories of HIPAA Safe Harbor (45 CFR
// 164.514(b)(2)(i)) recognized by name, health measurements kept, anything
// unrecognized dropped; and a report of the category and action of every
// field, to keep with the release. Profiles read names, not values: review
// the report.
// [SampleFields] lists the fields of an input from its first bytes, as the
// transformer names them, for a profile to build its policy from.
//
// # Struct tags
//
// Ingestion services holding Go structs tag their fields
// (`deid:"pseudonymize,domain=ai-engine"`, `deid:"drop"`, `deid:"year"`)
// and compile the type once with [ForType]; an untagged field, an unknown
// action or an action the field's type cannot take is an error when the
// type is compiled, not a silent no-op. A pointer field takes the actions
// of its element type (nil stays nil), and a value an action cannot handle
// is a [FieldError] naming the field by its JSON path ("device.serial").
//
// # Streaming
//
// A [Transformer] applies a policy to CSV (RFC 4180: quotes, embedded
// newlines, CRLF, a byte order mark, any single-byte delimiter, a header
// row) or NDJSON (one object per line, values named by their paths; key
// order, number text and nesting are kept, dropped values and the objects,
// arrays and array elements they leave empty are left out) and writes CSV
// or NDJSON (values inside arrays have no CSV column: a record releasing
// one is a record error with CSV output);
// package deid/parquet turns its CSV into Parquet. Workers goroutines take
// turns cutting the input into chunks of whole records, each transforms the
// chunk it cut, and the calling goroutine writes the output in input
// order; memory is bounded by the chunk size and the number of workers,
// whatever the input size. A record that
// cannot be parsed or transformed stops the run with an error naming its
// line and field, or goes to the quarantine writer with its reason. The
// [Report] accounts for every record: read = written + quarantined +
// suppressed + excluded.
package deid
