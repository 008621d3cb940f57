package deid

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
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
// Chinese, Japanese and Korean names are written without spaces, so there
// every character is a word: "姓名" matches "患者姓名". Names spelled with
// other forms of Latin letters (fullwidth, accented, circled, small
// capitals) read as the plain letters, and a word that mixes Latin
// letters with another script's is read as an identifier.
//
// A few whole names that an identifier word would misread are read first
// ("birth_weight" is a measurement, "device_model" and "birth_sex" are
// kept quasi-identifiers). Then the identifier rules are tried, in a fixed
// order, so that a more specific reading wins ("mac_address" is a device
// identifier, "ip_address" an IP address, "email_address" an e-mail,
// "photo_url" a photograph, before "address" is read as a street address),
// and only then the keep test below. When in doubt the profile drops:
// every name containing "name" is a name, device_name (which often reads
// "Jane's watch"), device_model_name and file_name included; a name ending
// in "time" is a timestamp (a duration there makes the export fail on an
// unreadable date rather than leak); a bare "id" is an identifier of
// unknown kind and is dropped even where person IDs are pseudonymized.
//
// A field no identifier rule matches is kept only if every word of its
// name is health or kept-quasi vocabulary ("weight_kg",
// "resting_heart_rate_bpm", "sex", "country_code"): a single unknown word
// ("weight_owner") is enough to fail the keep test, and an identifier word
// beside health words ("heart_rate_device", "weight_note") is an
// identifier.
//
// The profile reads names, and of the health measurements it keeps, the
// shape of their values: a field named as a measured quantity or in a
// unit ("weight_kg", "heart_rate", "steps", "spo2_pct", "systolic") keeps
// numbers only ([ExpectNumber]), and any other value (a name, a note) is
// a record error naming the field, quarantined when asked. The other kept
// fields are not read so: an identifier in a field named like a category
// ("sex", "state", "device_model", "ecg_classification") is released,
// unless the check of kept values finds it (an e-mail address, a phone
// number, the record's own identifiers). Safe Harbor
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
		notes = append(notes, "free text is scrubbed, not dropped: the scrubber misses names and places that no cue announces and the record does not hold, numbers that no label announces, and dates written as 3/4 or 10/10, day first in eight digits or with month names of languages other than English, French, German and Spanish; review a sample")
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
			if r.Action == Keep && c.kind == kindHealth && measuredName(f) {
				r.Expect = ExpectNumber
			}
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

// measuredName reports whether a health field's name says its values are
// numbers: one of its words is a measured quantity or a unit, and none
// says the values are labels (a type, a classification, a unit, a code, a
// quality, a lead, a waveform or samples, which may be text or lists).
func measuredName(f string) bool {
	measured := false
	for _, w := range nameWords(f) {
		switch {
		case labelWords[w]:
			return false
		case measuredWords[w]:
			measured = true
		}
	}
	return measured
}

var (
	measuredWords = wordSet(`weight bmi fat muscle bone water hydration visceral lean height waist
		heart hr hrv rmssd sdnn pulse systolic diastolic sys dia pressure bp
		steps step distance calories kcal floors cadence spo2 o2 oxygen saturation temperature temp
		glucose cholesterol hba1c insulin vo2max vo2 pwv qt qtc qrs respiratory respiration
		avg average mean median min max minimum maximum total count ratio rate level index score percent pct percentage
		kg lb lbs bpm mmhg ms msec sec secs seconds mins minutes hours hrs celsius fahrenheit cm mm km duration mass velocity`)
	labelWords = wordSet(`type kind classification class unit units code quality lead leads waveform signal sample samples iso us`)
)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
