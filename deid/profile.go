package deid

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// A Category says what kind of information a field holds, as a profile
// recognized it from the field's name: one of the 18 identifiers of HIPAA
// Safe Harbor (45 CFR 164.514(b)(2)(i)(A) to (R)), free text, data a
// profile keeps, or nothing it recognized.
type Category string

// The categories. The values of the Safe Harbor identifiers are the letters
// of the regulation's paragraphs.
const (
	CategoryNames         Category = "A"
	CategoryGeographic    Category = "B"
	CategoryDates         Category = "C"
	CategoryPhone         Category = "D"
	CategoryFax           Category = "E"
	CategoryEmail         Category = "F"
	CategorySSN           Category = "G"
	CategoryMedicalRecord Category = "H"
	CategoryHealthPlan    Category = "I"
	CategoryAccount       Category = "J"
	CategoryLicense       Category = "K"
	CategoryVehicle       Category = "L"
	CategoryDevice        Category = "M"
	CategoryURL           Category = "N"
	CategoryIP            Category = "O"
	CategoryBiometric     Category = "P"
	CategoryPhoto         Category = "Q"
	CategoryOther         Category = "R"

	// CategoryFreeText is free text: notes, comments, support tickets. It
	// may hold any of the identifiers above.
	CategoryFreeText Category = "free-text"
	// CategoryHealth is a health measurement.
	CategoryHealth Category = "health"
	// CategoryQuasi is a quasi-identifier that Safe Harbor lets through:
	// sex, state, country, device model.
	CategoryQuasi Category = "quasi"
	// CategoryUnrecognized is a field no rule recognized; the policy's
	// default (drop) applies.
	CategoryUnrecognized Category = "unrecognized"
)

var categoryNames = map[Category]string{
	CategoryNames:         "names",
	CategoryGeographic:    "geographic subdivisions smaller than a state",
	CategoryDates:         "elements of dates (except year) and ages over 89",
	CategoryPhone:         "telephone numbers",
	CategoryFax:           "fax numbers",
	CategoryEmail:         "email addresses",
	CategorySSN:           "social security numbers",
	CategoryMedicalRecord: "medical record numbers",
	CategoryHealthPlan:    "health plan beneficiary numbers",
	CategoryAccount:       "account numbers",
	CategoryLicense:       "certificate and license numbers",
	CategoryVehicle:       "vehicle identifiers and license plates",
	CategoryDevice:        "device identifiers and serial numbers",
	CategoryURL:           "web URLs",
	CategoryIP:            "IP addresses",
	CategoryBiometric:     "biometric identifiers",
	CategoryPhoto:         "full-face photographs and comparable images",
	CategoryOther:         "other unique identifying numbers, characteristics or codes",
	CategoryFreeText:      "free text (may hold any identifier)",
	CategoryHealth:        "health data",
	CategoryQuasi:         "quasi-identifier kept",
	CategoryUnrecognized:  "not recognized (dropped by default)",
}

// Name describes the category in words.
func (c Category) Name() string {
	if n, ok := categoryNames[c]; ok {
		return n
	}
	return "unknown category"
}

// IsIdentifier reports whether c is one of the 18 Safe Harbor identifiers.
func (c Category) IsIdentifier() bool { return len(c) == 1 && c[0] >= 'A' && c[0] <= 'R' }

// String returns the code and the name: "(F) email addresses".
func (c Category) String() string {
	if c.IsIdentifier() {
		return "(" + string(c) + ") " + c.Name()
	}
	return c.Name()
}

// A ProfileReport says what a profile made of each input field: the
// category its name fell under and the action its policy applies. It is
// meant to be kept with the released data (it encodes to JSON) or read by
// whoever approves the release (its String method prints a table).
type ProfileReport struct {
	// Profile names the profile ("hipaa-safe-harbor", "ai-engine").
	Profile string `json:"profile"`
	// Fields has one entry per input field, in input order.
	Fields []FieldReport `json:"fields"`
	// Unrecognized lists the input fields no rule recognized: the policy
	// drops them by its default rule. Review them: a field dropped here may
	// be one the recipient needs, and adding a rule for it is a decision
	// someone should own.
	Unrecognized []string `json:"unrecognized"`
	// Notes records where the policy departs from the profile's strict
	// form because of an option, and why that matters.
	Notes []string `json:"notes,omitempty"`
}

// A FieldReport is what a profile made of one field.
type FieldReport struct {
	Field    string   `json:"field"`
	Category Category `json:"category"`
	// CategoryName is Category in words, for readers of the JSON.
	CategoryName string `json:"category_name"`
	Action       Action `json:"action"`
	// Reason is the part of the name that decided the category, such as
	// `word "email"`; empty for unrecognized fields.
	Reason string `json:"reason,omitempty"`
}

// String prints the report as a table, one line per field.
func (r *ProfileReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d fields, %d not recognized (dropped)\n", r.Profile, len(r.Fields), len(r.Unrecognized))
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FIELD\tACTION\tCATEGORY")
	for _, f := range r.Fields {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Field, f.Action, f.Category)
	}
	tw.Flush()
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

// SafeHarborOptions adjust the [SafeHarbor] profile.
type SafeHarborOptions struct {
	// ReferenceDate is required: the date at which ages are computed to
	// top-code people aged 90 or over. Use the date of the release.
	ReferenceDate time.Time
	// Name names the policy (default "hipaa-safe-harbor").
	Name string
	// PseudonymDomain, if set, pseudonymizes person identifiers (user_id,
	// patient_id, member_id, subject_id...) in this domain instead of
	// dropping them, so that a recipient can link a person's records.
	//
	// This departs from strict Safe Harbor: 45 CFR 164.514(c) allows a
	// re-identification code only if it is not derived from information
	// about the individual, and a keyed pseudonym is derived from the ID.
	// Whether the keyed derivation is acceptable (the key never leaves
	// the covered entity) is for the privacy officer or an expert
	// determination under 164.514(b)(1), not for this library.
	PseudonymDomain string
	// ScrubText scrubs free-text fields (notes, comments, tickets) instead
	// of dropping them. The scrubber finds identifiers with a fixed shape
	// (e-mail, phone, IP, MAC, URL, SSN, card numbers, dates, US street
	// addresses), names after titles and cue words, and the record's own
	// identifying fields however written, but not every name or place
	// (see package deid/scrub for its measured recall): scrubbed free text
	// is not de-identified without review.
	ScrubText bool
}

// SafeHarbor builds a policy for an input with the given field names that
// removes or generalizes the 18 identifiers of HIPAA Safe Harbor (45 CFR
// 164.514(b)(2)(i)), recognized by field name, and a report of what it made
// of each field:
//
//   - names, contact details (telephone, fax, e-mail), SSNs, medical record,
//     health plan, account, certificate and license numbers, vehicle and
//     device identifiers (serial numbers, MAC, IMEI), URLs, IP addresses,
//     biometrics, photographs and other identifying numbers (user_id,
//     patient_id, ...): drop;
//   - geography below the state: street, city, county, coordinates, time
//     zones: drop; ZIP codes: zip3 (three digits, "000" for the restricted
//     prefixes; a postcode that is not a US ZIP code fails closed with
//     ErrMalformedZIP); state and country: keep;
//   - dates (birth, admission, discharge, death, measurement timestamps):
//     year, with people aged 90 or more at ReferenceDate top-coded to
//     "90+"; month or day fields of dates: drop; ages: age (90 and over
//     become "90+"); age groups: drop;
//   - free text (note, comment, description, message, ticket...): drop, or
//     scrub with ScrubText;
//   - health measurements (weight, fat and muscle mass, heart rate, blood
//     pressure, sleep, steps, SpO2, temperature, ECG...), sex and gender,
//     height, device model: keep;
//   - anything else: no rule, so the policy's default, drop, applies; the
//     report lists these fields.
//
// # How names are read
//
// A name is split into lower-case words at '_', '-', '.', spaces, other
// punctuation and camelCase boundaries ("DateOfBirth", "ipAddress",
// "patient_MRN"); trailing digits of a word are ignored ("address2",
// "phone_1"). A path ("patient.email", "contacts[].email", "emails[]") is
// read by its last key, without the "[]" of array elements; a last key
// that is only ID words or qualifiers ("user.id", "heart_rate[].value") is
// read with the key before it. A field whose path holds a single value in
// some records and an object or array in others ("device" and
// "device.model"), or an object in some and an array in others, gets no
// rule: the default drops it, whatever its name.
//
// A profile's rules name the paths it was given and no others, and a rule
// keeps or transforms one value: a record with a path the profile was not
// given (a member first seen late in the input) has it dropped, and a
// record with an object or array where the profile saw a single value is a
// record error (see [ErrShape]), never released whole.
// The rules match whole words, never parts of words: "zip" matches
// "zip_code", "home_zip" and "zipCode" but not "zipper"; "age" matches
// "age_years" but not "page_count" or "message". A multi-word rule also
// matches its words run together ("phonenumber", "zipcode", "dateofbirth").
//
// The identifier rules are tried first, in a fixed order, so that a more
// specific reading wins ("mac_address" is a device identifier, "ip_address"
// an IP address, "email_address" an e-mail, "photo_url" a photograph, before
// "address" is read as a street address). When in doubt the profile drops:
// every name containing "name" is a name, device_name (which often reads
// "Jane's watch"), device_model_name and file_name included; a name ending in "time" is a timestamp (a duration there makes
// the export fail on an unreadable date rather than leak); a bare "id" is
// an identifier of unknown kind and is dropped even where person IDs are
// pseudonymized.
//
// A field no identifier rule matches is kept only if every word of its
// name is health or kept-quasi vocabulary ("weight_kg",
// "resting_heart_rate_bpm", "sex", "country_code"): a single unknown word
// ("weight_owner") is enough to fail the keep test, and an identifier word
// beside health words ("heart_rate_device", "weight_note") is an
// identifier.
//
// The profile reads names only. It does not look at values: an identifier
// in a field named like a health measurement is released. Safe Harbor
// also requires that the covered entity have no actual knowledge that the
// remaining information could identify an individual (164.514(b)(2)(ii));
// that judgment stays with the user. The policy is data: review the
// report, and change the policy's rules before compiling it if a field was
// misread.
func SafeHarbor(fields []string, opts SafeHarborOptions) (*Policy, *ProfileReport, error) {
	name := opts.Name
	if name == "" {
		name = "hipaa-safe-harbor"
	}
	if opts.ReferenceDate.IsZero() {
		return nil, nil, &PolicyError{Rule: -1, Msg: "SafeHarbor needs a reference date: ages 90 and over are top-coded at that date"}
	}
	var notes []string
	if opts.PseudonymDomain != "" {
		notes = append(notes, fmt.Sprintf("person identifiers are pseudonymized in domain %q instead of dropped: "+
			"not strict Safe Harbor, since 164.514(c) allows only re-identification codes not derived from the individual's information", opts.PseudonymDomain))
	}
	if opts.ScrubText {
		notes = append(notes, "free text is scrubbed, not dropped: the scrubber misses names and places that no cue announces and the record does not hold; review a sample")
	}
	return buildProfile(name, fields, opts.ReferenceDate, notes, func(k fieldKind) Rule {
		switch k {
		case kindHealth, kindQuasi:
			return Rule{Action: Keep}
		case kindZIP:
			return Rule{Action: ZIP3}
		case kindBirthDate, kindDeathDate, kindEventDate:
			return Rule{Action: Year}
		case kindAge:
			return Rule{Action: Age}
		case kindPersonID:
			if opts.PseudonymDomain != "" {
				return Rule{Action: Pseudonymize, Domain: opts.PseudonymDomain}
			}
		case kindFreeText:
			if opts.ScrubText {
				return Rule{Action: Scrub}
			}
		}
		return Rule{Action: Drop}
	})
}

// AIEngineOptions adjust the [AIEngine] profile.
type AIEngineOptions struct {
	// ReferenceDate is required: the date at which ages are computed to
	// top-code people aged 90 or over.
	ReferenceDate time.Time
	// Name names the policy (default "ai-engine").
	Name string
	// Domain is the pseudonym domain of person identifiers (default
	// "ai-engine"). Each recipient should have its own.
	Domain string
	// EventDates is the action on dates that are not birth or death dates
	// (measurement timestamps, created_at...): Keep (the default: the engine
	// needs the time axis of the measurements), Year, Month or Drop.
	EventDates Action
	// ScrubText scrubs free text instead of dropping it; see
	// [SafeHarborOptions].ScrubText for what the scrubber misses.
	ScrubText bool
}

// AIEngine builds a policy for a pseudonymized feed to an AI engine, for an
// input with the given field names, and a report of what it made of each
// field. Fields are recognized by name as in [SafeHarbor]:
//
//   - person identifiers (user_id, patient_id, ...): pseudonymize in
//     Domain, so the engine can follow a person without knowing who;
//   - every other identifier Safe Harbor drops (names, contact details,
//     addresses, coordinates, IP and MAC addresses, device serials, other
//     IDs, free text...): drop;
//   - dates of birth: year, with people aged 90 or more top-coded; ages:
//     age; dates of death: year; other dates: EventDates (keep by default);
//   - ZIP codes: zip3. The engine has no use for a finer location, and data
//     minimisation says not to send what is not needed;
//   - health measurements, sex, state, country, device model: keep;
//   - anything else: dropped by the policy's default, and reported.
//
// The output is pseudonymized, not de-identified: the keyed pseudonyms and
// the kept timestamps link records to a person, which is the point of the
// feed and why its key must stay with the data controller.
func AIEngine(fields []string, opts AIEngineOptions) (*Policy, *ProfileReport, error) {
	name := opts.Name
	if name == "" {
		name = "ai-engine"
	}
	domain := opts.Domain
	if domain == "" {
		domain = "ai-engine"
	}
	if opts.ReferenceDate.IsZero() {
		return nil, nil, &PolicyError{Rule: -1, Msg: "AIEngine needs a reference date: ages 90 and over are top-coded at that date"}
	}
	events := opts.EventDates
	switch events {
	case "":
		events = Keep
	case Keep, Year, Month, Drop:
	default:
		return nil, nil, &PolicyError{Rule: -1, Msg: fmt.Sprintf("AIEngine event dates: %q is not keep, year, month or drop", events)}
	}
	var notes []string
	if opts.ScrubText {
		notes = append(notes, "free text is scrubbed, not dropped: the scrubber misses names and places that no cue announces and the record does not hold; review a sample")
	}
	return buildProfile(name, fields, opts.ReferenceDate, notes, func(k fieldKind) Rule {
		switch k {
		case kindHealth, kindQuasi:
			return Rule{Action: Keep}
		case kindPersonID:
			return Rule{Action: Pseudonymize, Domain: domain}
		case kindZIP:
			return Rule{Action: ZIP3}
		case kindBirthDate, kindDeathDate:
			return Rule{Action: Year}
		case kindEventDate:
			return Rule{Action: events}
		case kindAge:
			return Rule{Action: Age}
		case kindFreeText:
			if opts.ScrubText {
				return Rule{Action: Scrub}
			}
		}
		return Rule{Action: Drop}
	})
}

// buildProfile classifies each field and gives it the rule that ruleOf
// says for its kind; unrecognized fields get no rule, so the default
// (drop) applies to them.
func buildProfile(name string, fields []string, ref time.Time, notes []string, ruleOf func(fieldKind) Rule) (*Policy, *ProfileReport, error) {
	p := &Policy{Name: name, Default: Drop, ReferenceDate: ref.Format(time.DateOnly)}
	rep := &ProfileReport{Profile: name, Fields: make([]FieldReport, 0, len(fields)), Unrecognized: []string{}, Notes: notes}
	if err := checkFieldNames(fields); err != nil {
		return nil, nil, err
	}
	seen := make(map[string]int, len(fields))
	for i, f := range fields {
		if j, dup := seen[f]; dup {
			return nil, nil, &PolicyError{Rule: -1, Msg: fmt.Sprintf("input has field %q twice (positions %d and %d)", f, j+1, i+1)}
		}
		seen[f] = i
	}
	mixed := mixedShapes(fields)
	for _, f := range fields {
		c := classifyField(f)
		fr := FieldReport{Field: f, Category: c.cat, CategoryName: c.cat.Name(), Action: Drop, Reason: c.reason}
		switch {
		case mixed(f):
			// No rule: the default drops whatever a record holds there.
			fr.Reason = "a single value in some records, an object or array in others, or an object in some and an array in others: dropped"
		case c.kind == kindUnrecognized:
			rep.Unrecognized = append(rep.Unrecognized, f)
		default:
			r := ruleOf(c.kind)
			r.Field = f
			p.Fields = append(p.Fields, r)
			fr.Action = r.Action
		}
		rep.Fields = append(rep.Fields, fr)
	}
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	return p, rep, nil
}

// mixedShapes returns whether a field of fields is at or inside a path
// that the fields give different shapes: a value at "device" and one at
// "device.model", or values at "a.b" and "a[].b". A profile gives such a
// field no rule, since a rule there would take one of the shapes and
// refuse the other (the policy would not be valid); the default drop
// applies.
func mixedShapes(fields []string) func(f string) bool {
	const object, array = 1, 2
	kinds := map[string]int{}
	for _, f := range fields {
		forEnclosing(f, func(enc string, kind byte) bool {
			if kind == inArray {
				kinds[enc] |= array
			} else {
				kinds[enc] |= object
			}
			return true
		})
	}
	return func(f string) bool {
		mixed := kinds[f] != 0
		forEnclosing(f, func(enc string, _ byte) bool {
			mixed = mixed || kinds[enc] == object|array
			return !mixed
		})
		return mixed
	}
}

// A fieldKind is what a profile needs to know of a field to choose its
// action; the Category is what it reports.
type fieldKind uint8

const (
	kindUnrecognized fieldKind = iota
	kindIdentifier             // an identifier both profiles drop
	kindPersonID               // a person's ID: dropped or pseudonymized
	kindZIP                    // zip3
	kindBirthDate              // a date or year of birth
	kindDeathDate              // a date of death
	kindEventDate              // any other date or timestamp
	kindDateElement            // a month, day or weekday of a date: dropped
	kindAge                    // an age in years
	kindFreeText               // notes and the like
	kindHealth                 // a health measurement: kept
	kindQuasi                  // a quasi-identifier Safe Harbor allows: kept
)

// isDirect reports whether a field of this kind identifies a person by
// itself (or, for free text, may), so that no profile may keep it.
func (k fieldKind) isDirect() bool {
	switch k {
	case kindIdentifier, kindPersonID, kindZIP, kindFreeText:
		return true
	}
	return false
}

type fieldClass struct {
	kind   fieldKind
	cat    Category
	reason string
}

// classifyField reads a field name as described in [SafeHarbor].
func classifyField(field string) fieldClass {
	w := nameWords(field)
	if len(w) == 0 {
		return fieldClass{kind: kindUnrecognized, cat: CategoryUnrecognized}
	}
	for _, r := range overrideRules {
		if why, ok := r.match(w); ok {
			return fieldClass{kind: r.kind, cat: r.cat, reason: why}
		}
	}
	// The identifier rules come first: a kept word beside an identifier
	// word ("heart_rate_device", "weight_note") does not make it health
	// data.
	for _, r := range identifierRules {
		if why, ok := r.match(w); ok {
			return fieldClass{kind: r.kind, cat: r.cat, reason: why}
		}
	}
	if c, ok := keepClass(w); ok {
		return c
	}
	return fieldClass{kind: kindUnrecognized, cat: CategoryUnrecognized}
}

// nameWords splits a field name into lower-case words. Of a path it keeps
// the last key, and the one before when the last is only ID words or
// qualifiers ("user.id" reads as "user id", "heart_rate[].value" as
// "heart rate value"). The "[]" of array elements is not a word:
// "contacts[].email" reads as "email", "emails[]" as "emails".
func nameWords(field string) []string {
	segs := strings.Split(strings.ReplaceAll(field, "[]", ""), ".")
	for len(segs) > 0 && strings.TrimSpace(segs[len(segs)-1]) == "" {
		segs = segs[:len(segs)-1]
	}
	if len(segs) == 0 {
		return nil
	}
	w := splitWords(segs[len(segs)-1])
	if len(segs) > 1 && len(w) > 0 && allIn(w, contextWords) {
		w = append(splitWords(segs[len(segs)-2]), w...)
	}
	return w
}

// contextWords are the words that say what a value is without saying of
// what: the ID words and the qualifiers of the keep vocabulary.
var contextWords = func() map[string]bool {
	m := maps.Clone(idWords)
	for w, c := range keepVocabulary {
		if c == vocabQualifier {
			m[w] = true
		}
	}
	return m
}()

// splitWords splits s at every character that is not a letter or digit and
// at camelCase boundaries: "mobileNumber" → mobile number, "IPAddress" → ip
// address, "SpO2" → sp o2, "patient_MRN" → patient mrn.
func splitWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		if !isAlnum(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case isUpper(r) && (isLower(prev) || isDigit(prev)):
			// fooBar, spo2Max
			flush(i)
			start = i
		case isUpper(r) && isUpper(prev) && i+1 < len(rs) && isLower(rs[i+1]):
			// IPAddress: the last capital starts the next word
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// Non-ASCII letters are word characters too; no rule word has them, so a
// name made of them is unrecognized and dropped.
func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
func isLower(r rune) bool { return unicode.IsLower(r) }
func isUpper(r rune) bool { return unicode.IsUpper(r) }
func isDigit(r rune) bool { return unicode.IsDigit(r) }

// trimDigits removes trailing digits ("address2" → "address"), keeping a
// word that is only digits.
func trimDigits(w string) string {
	t := strings.TrimRight(w, "0123456789")
	if t == "" {
		return w
	}
	return t
}

func allIn(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if !set[w] && !set[trimDigits(w)] {
			return false
		}
	}
	return true
}

// A nameRule recognizes one kind of field by the words of its name.
type nameRule struct {
	kind fieldKind
	cat  Category
	pats []pattern
}

// A pattern is a sequence of words and where in the name it must occur.
type pattern struct {
	words []string
	at    position
}

type position uint8

const (
	anywhere position = iota // any run of the name's words
	atEnd                    // the name's last words
	whole                    // the whole name
)

func (p pattern) String() string {
	s := strings.Join(p.words, " ")
	switch p.at {
	case atEnd:
		return fmt.Sprintf("last word %q", s)
	case whole:
		return fmt.Sprintf("name %q", s)
	}
	return fmt.Sprintf("word %q", s)
}

// rule builds a nameRule from a compact spec: alternatives separated by
// commas, each a space-separated word sequence, "=" in front for the whole
// name, "$" behind for the name's last words. Example: "=dob, birth date,
// date$".
func rule(kind fieldKind, cat Category, spec string) nameRule {
	r := nameRule{kind: kind, cat: cat}
	for _, alt := range strings.Split(spec, ",") {
		alt = strings.TrimSpace(alt)
		var p pattern
		switch {
		case strings.HasPrefix(alt, "="):
			p.at, alt = whole, alt[1:]
		case strings.HasSuffix(alt, "$"):
			p.at, alt = atEnd, alt[:len(alt)-1]
		}
		p.words = strings.Fields(alt)
		if len(p.words) == 0 {
			panic("deid: empty pattern in name rule " + spec) // a bug in the tables below
		}
		r.pats = append(r.pats, p)
	}
	return r
}

func (r *nameRule) match(w []string) (string, bool) {
	for _, p := range r.pats {
		if p.matches(w) {
			return p.String(), true
		}
	}
	return "", false
}

func (p pattern) matches(w []string) bool {
	switch p.at {
	case whole:
		end, ok := matchAt(w, 0, p.words)
		return ok && end == len(w)
	case atEnd:
		for i := range w {
			if end, ok := matchAt(w, i, p.words); ok && end == len(w) {
				return true
			}
		}
		return false
	}
	for i := range w {
		if _, ok := matchAt(w, i, p.words); ok {
			return true
		}
	}
	return false
}

// matchAt matches the pattern words p against the name words from w[i],
// where one name word may stand for several pattern words run together
// ("zipcode" for "zip code"). It returns the index after the match.
func matchAt(w []string, i int, p []string) (int, bool) {
	j := 0
	for j < len(p) {
		if i >= len(w) {
			return 0, false
		}
		word := w[i]
		concat := ""
		matched := false
		for j < len(p) {
			concat += p[j]
			j++
			if word == concat || trimDigits(word) == concat {
				matched = true
				break
			}
			if len(concat) >= len(word) {
				break
			}
		}
		if !matched {
			return 0, false
		}
		i++
	}
	return i, true
}

// keepClass reports whether every word of the name is health or
// quasi-identifier vocabulary, with at least one that is not a mere
// qualifier. A word may be several vocabulary words run together
// ("heartrate", "weightkg").
func keepClass(w []string) (fieldClass, bool) {
	core, health := false, false
	for _, word := range w {
		parts, ok := splitVocabulary(word)
		if !ok {
			return fieldClass{}, false
		}
		for _, p := range parts {
			switch keepVocabulary[p] {
			case vocabHealth:
				core, health = true, true
			case vocabQuasi:
				core = true
			}
		}
	}
	if !core {
		return fieldClass{}, false
	}
	reason := fmt.Sprintf("all words kept vocabulary: %s", strings.Join(w, " "))
	if health {
		return fieldClass{kind: kindHealth, cat: CategoryHealth, reason: reason}, true
	}
	return fieldClass{kind: kindQuasi, cat: CategoryQuasi, reason: reason}, true
}

// splitVocabulary splits word into keep-vocabulary words, preferring the
// fewest pieces; pieces have at least two letters, so that single-letter
// units do not turn unrelated words into vocabulary.
func splitVocabulary(word string) ([]string, bool) {
	if _, ok := keepVocabulary[word]; ok {
		return []string{word}, true
	}
	if t := trimDigits(word); t != word {
		if _, ok := keepVocabulary[t]; ok {
			return []string{t}, true
		}
	}
	n := len(word)
	// best[i]: fewest pieces covering word[:i]; from[i]: where the last starts
	best := make([]int, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
		for j := max(0, i-maxVocabularyWord); j <= i-2; j++ {
			if best[j] < 0 {
				continue
			}
			if _, ok := keepVocabulary[word[j:i]]; ok && (best[i] < 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[n] < 0 {
		return nil, false
	}
	var parts []string
	for i := n; i > 0; i = from[i] {
		parts = append(parts, word[from[i]:i])
	}
	slices.Reverse(parts)
	return parts, true
}

const maxVocabularyWord = 16

type vocabClass uint8

const (
	vocabQualifier vocabClass = iota // a unit or qualifier: not enough alone
	vocabHealth
	vocabQuasi
)

// keepVocabulary are the words a kept field's name may be made of: a name
// that no identifier rule matches is kept only if all its words are here.
var keepVocabulary = func() map[string]vocabClass {
	m := map[string]vocabClass{}
	add := func(c vocabClass, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = c
		}
	}
	add(vocabHealth, `weight bmi fat muscle bone water hydration visceral lean height waist
		heart hr hrv rmssd sdnn pulse systolic diastolic sys dia pressure bp
		sleep rem awake snoring snore apnea ahi
		steps step distance calories kcal floors active activity intensity exercise workout cadence
		spo2 o2 oxygen saturation temperature temp
		ecg ekg afib qt qtc qrs respiratory respiration breathing breath
		glucose cholesterol hba1c insulin vo2max vo2 pwv`)
	add(vocabQuasi, `sex gender state province country model manufacturer brand`)
	add(vocabQualifier, `avg average mean median min max minimum maximum total daily hourly
		resting peak count ratio rate level index score percent pct percentage value
		kg lb lbs bpm mmhg ms msec sec secs seconds mins minutes hours hrs celsius fahrenheit cm mm km
		per lead i ii iii avr avl avf v samples sample signal waveform classification type unit units
		quality duration body skin core deep light free mass blood wave velocity code iso us
		c f g sp`)
	return m
}()

// idWords are the words that say "identifier" without saying whose.
var idWords = map[string]bool{"id": true, "ids": true, "uuid": true, "guid": true, "identifier": true, "key": true, "number": true, "no": true, "num": true, "nr": true}

// overrideRules come before everything: names whose words would mislead
// the rules below ("birth" reads as a date of birth, "device" as a device
// identifier).
var overrideRules = []nameRule{
	rule(kindHealth, CategoryHealth, "=birth weight, =birth weight kg, =birth weight g, =birth weight lb, =birth length, =birth length cm"),
	rule(kindQuasi, CategoryQuasi, "=birth sex, =sex at birth, =sex assigned at birth, =gender at birth, "+
		"=birth country, =country of birth, =birth state, =state of birth, "+
		"=device model, =device brand, =device manufacturer, =device type, =device kind"),
}

// identifierRules are tried in order after the keep test; the first match
// wins. The order puts specific readings before general ones: a photo URL
// is a photograph, a MAC address a device identifier, a postal address an
// address and not a ZIP code, a time zone a place and not a date.
var identifierRules = func() []nameRule {
	rs := []nameRule{
		rule(kindIdentifier, CategoryPhoto, "photo, photos, photograph, picture, pic, avatar, image, img, selfie, portrait, headshot, face, mugshot"),
		rule(kindIdentifier, CategoryBiometric, "biometric, biometrics, fingerprint, finger print, voiceprint, voice print, voice, retina, retinal, iris, faceprint, palmprint, palm print"),
		rule(kindIdentifier, CategoryEmail, "email, emails, e mail, mail, email address"),
		rule(kindIdentifier, CategoryFax, "fax, facsimile, fax number"),
		rule(kindIdentifier, CategoryPhone, "phone, phones, telephone, tel, mobile, cell, cellphone, msisdn, sms, whatsapp, phone number, mobile number, contact number"),
		rule(kindIdentifier, CategorySSN, "ssn, social security, social security number, tax id, taxpayer, tin, itin, national id, national insurance, nino"),
		rule(kindIdentifier, CategoryMedicalRecord, "mrn, medical record, medical record number, chart, ehr, emr, patient number, hospital number, nhs number"),
		rule(kindIdentifier, CategoryHealthPlan, "health plan, beneficiary, insurance, insurer, insured, policy number, policy id, subscriber, medicaid, medicare, hicn, mbi, payer"),
		rule(kindIdentifier, CategoryAccount, "account, accounts, acct, iban, swift, routing, bank, card, card number, credit card, debit card, cc number, billing"),
		rule(kindIdentifier, CategoryVehicle, "vin, license plate, licence plate, number plate, plate, vehicle, car"),
		rule(kindIdentifier, CategoryLicense, "license, licence, certificate, cert, certification, passport, dea, npi, permit"),
		rule(kindIdentifier, CategoryIP, "ip, ipv4, ipv6, ip address, ipaddr, ip addr, remote addr, remote address, client ip, forwarded, xff"),
		rule(kindIdentifier, CategoryNames, "name, names, first name, last name, full name, fname, lname, mname, surname, forename, initials, initial, "+
			"nickname, username, user name, alias, guardian, spouse, kin, next of kin, contact, mother, father, parent, caregiver, employer"),
		rule(kindIdentifier, CategoryDevice, "mac, mac address, macaddr, imei, imsi, meid, esn, iccid, udid, idfa, idfv, gaid, adid, "+
			"android id, advertising id, hardware id, hwid, serial, serial number, serialno, sn, bluetooth, ble, bssid, ssid, device"),
		rule(kindIdentifier, CategoryURL, "url, urls, uri, website, web site, web, homepage, home page, link, href, hostname, host"),
		rule(kindIdentifier, CategoryGeographic, "zip4, zip plus4, plus4, postal address, mailing address, timezone, time zone, tz, tzid"),
		rule(kindZIP, CategoryGeographic, "zip, zip code, zipcode, postcode, post code, postal, postal code, zcta"),
		rule(kindIdentifier, CategoryGeographic, "lat, latitude, lon, lng, long, longitude, gps, geo, geolocation, geo location, location, "+
			"coordinates, coordinate, coords, coord, geohash, altitude, position, address, addr, street, street address, address line, "+
			"city, town, village, county, parish, precinct, district, ward, neighborhood, neighbourhood, borough, municipality, suburb, "+
			"locality, apartment, apt, suite, building, house, residence, home, birthplace, birth place, place of birth, place, "+
			"census tract, tract, block group, fips"),
		rule(kindDateElement, CategoryDates, "age group, age range, age band, age bucket, age bracket, age category, age class, age decade"),
		rule(kindAge, CategoryDates, "age, age years"),
		rule(kindDateElement, CategoryDates, "birth month, month of birth, day of birth, mob"),
		rule(kindBirthDate, CategoryDates, "dob, birth, birth date, birthday, born, yob, date of birth, year of birth, birth year"),
		rule(kindDeathDate, CategoryDates, "death, deceased, died, dod, date of death, death date"),
		rule(kindDateElement, CategoryDates, "month$, day$, week$, weekday, day of week, dow, hour$, quarter$"),
		rule(kindEventDate, CategoryDates, "date, dates, timestamp, datetime, ts, dt, epoch, time$, at$, on$, year$, yr$, start$, end$, begin$, "+
			"=created, =updated, =modified, admission$, admitted$, admit$, discharge$, discharged$"),
		rule(kindFreeText, CategoryFreeText, "note$, notes$, comment$, comments$, description$, desc$, message$, messages$, msg$, text$, "+
			"remark$, remarks$, feedback$, narrative$, summary$, memo$, ticket$, body$, content$, details$, detail$, reason$, "+
			"answer$, transcript$, chat$, free text"),
	}
	// A person's ID: the last words are a person word and an ID word
	// ("user_id", "withingsUserId", "patient.uuid"), or the whole name is
	// a person word or uid.
	var alts []string
	for _, who := range strings.Fields("user patient member subject participant person customer profile individual enrollee") {
		for id := range idWords {
			alts = append(alts, who+" "+id+"$")
		}
	}
	slices.Sort(alts) // idWords is a map: keep the table's order stable
	for _, who := range strings.Fields("user patient member subject participant person customer uid userid") {
		alts = append(alts, "="+who)
	}
	rs = append(rs, rule(kindPersonID, CategoryOther, strings.Join(alts, ", ")))
	rs = append(rs, rule(kindIdentifier, CategoryOther, "id, ids, uuid, guid, identifier, ident, token, key, secret, password, passwd, pwd, "+
		"hash, session, cookie, login, handle, badge, signature, pin, otp, barcode, rfid, number$, num$, no$, nr$"))
	return rs
}()
