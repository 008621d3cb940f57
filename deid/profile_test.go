package deid

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/pseudo"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

var profileRef = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"user_id", []string{"user", "id"}},
		{"DateOfBirth", []string{"date", "of", "birth"}},
		{"mobileNumber", []string{"mobile", "number"}},
		{"IPAddress", []string{"ip", "address"}},
		{"ipAddress", []string{"ip", "address"}},
		{"patient_MRN", []string{"patient", "mrn"}},
		{"userID", []string{"user", "id"}},
		{"SpO2", []string{"sp", "o2"}},
		{"spo2", []string{"spo2"}},
		{"zip-code", []string{"zip", "code"}},
		{"Zip Code", []string{"zip", "code"}},
		{"HEART_RATE", []string{"heart", "rate"}},
		{"addressLine2", []string{"address", "line2"}},
		{"geburts_datum", []string{"geburts", "datum"}},
		{"  weird--name__", []string{"weird", "name"}},
		{"Größe", []string{"große"}}, // accents fold: a name reads as its letters
		{"", nil},
	} {
		if got := splitWords(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNameWordsOfPaths(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"patient.email", []string{"email"}},
		{"user.id", []string{"user", "id"}},
		{"record.user.profile.uuid", []string{"profile", "uuid"}},
		{"device.serial", []string{"serial"}},
		{"a.b.heart_rate", []string{"heart", "rate"}},
		{"id", []string{"id"}},
	} {
		if got := nameWords(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("nameWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// profileCase is a field name and what both profiles must make of it.
type profileCase struct {
	name string
	cat  Category
	sh   Action // Safe Harbor (strict)
	ai   Action // AI engine (defaults)
}

var profileCases = []profileCase{
	// (A) names
	{"first_name", CategoryNames, Drop, Drop},
	{"firstName", CategoryNames, Drop, Drop},
	{"lastname", CategoryNames, Drop, Drop},
	{"surname", CategoryNames, Drop, Drop},
	{"full_name", CategoryNames, Drop, Drop},
	{"username", CategoryNames, Drop, Drop},
	{"emergency_contact", CategoryNames, Drop, Drop},
	{"device_name", CategoryNames, Drop, Drop},
	{"device_model_name", CategoryNames, Drop, Drop},
	{"file_name", CategoryNames, Drop, Drop},
	// (B) geography
	{"zip", CategoryGeographic, ZIP3, ZIP3},
	{"zip_code", CategoryGeographic, ZIP3, ZIP3},
	{"zipCode", CategoryGeographic, ZIP3, ZIP3},
	{"zipcode", CategoryGeographic, ZIP3, ZIP3},
	{"postal_code", CategoryGeographic, ZIP3, ZIP3},
	{"home_zip", CategoryGeographic, ZIP3, ZIP3},
	{"zip4", CategoryGeographic, Drop, Drop},
	{"postal_address", CategoryGeographic, Drop, Drop},
	{"street", CategoryGeographic, Drop, Drop},
	{"street_address_2", CategoryGeographic, Drop, Drop},
	{"addressLine1", CategoryGeographic, Drop, Drop},
	{"city", CategoryGeographic, Drop, Drop},
	{"county", CategoryGeographic, Drop, Drop},
	{"precinct", CategoryGeographic, Drop, Drop},
	{"lat", CategoryGeographic, Drop, Drop},
	{"lon", CategoryGeographic, Drop, Drop},
	{"lng", CategoryGeographic, Drop, Drop},
	{"latitude", CategoryGeographic, Drop, Drop},
	{"longitude", CategoryGeographic, Drop, Drop},
	{"gps_lat", CategoryGeographic, Drop, Drop},
	{"location", CategoryGeographic, Drop, Drop},
	{"timezone", CategoryGeographic, Drop, Drop},
	{"birth_city", CategoryGeographic, Drop, Drop},
	{"home_state", CategoryGeographic, Drop, Drop}, // "home": dropped when in doubt
	// (C) dates and ages
	{"dob", CategoryDates, Year, Year},
	{"DOB", CategoryDates, Year, Year},
	{"DateOfBirth", CategoryDates, Year, Year},
	{"date_of_birth", CategoryDates, Year, Year},
	{"birth_date", CategoryDates, Year, Year},
	{"birthdate", CategoryDates, Year, Year},
	{"birthday", CategoryDates, Year, Year},
	{"birth_year", CategoryDates, Year, Year},
	{"birth_month", CategoryDates, Drop, Drop},
	{"date_of_death", CategoryDates, Year, Year},
	{"admission_date", CategoryDates, Year, Keep},
	{"discharge", CategoryDates, Year, Keep},
	{"measured_at", CategoryDates, Year, Keep},
	{"measurementTime", CategoryDates, Year, Keep},
	{"timestamp", CategoryDates, Year, Keep},
	{"created", CategoryDates, Year, Keep},
	{"sleep_start", CategoryDates, Year, Keep},
	{"day_of_week", CategoryDates, Drop, Drop},
	{"age", CategoryDates, Age, Age},
	{"patient_age", CategoryDates, Age, Age},
	{"age_group", CategoryDates, Drop, Drop},
	// (D)-(R)
	{"phone", CategoryPhone, Drop, Drop},
	{"home_phone", CategoryPhone, Drop, Drop},
	{"mobileNumber", CategoryPhone, Drop, Drop},
	{"phonenumber", CategoryPhone, Drop, Drop},
	{"emergency_contact_phone", CategoryPhone, Drop, Drop},
	{"fax", CategoryFax, Drop, Drop},
	{"fax_number", CategoryFax, Drop, Drop},
	{"email", CategoryEmail, Drop, Drop},
	{"patient.email", CategoryEmail, Drop, Drop},
	{"EmailAddress", CategoryEmail, Drop, Drop},
	{"e_mail", CategoryEmail, Drop, Drop},
	{"email_verified", CategoryEmail, Drop, Drop},
	{"ssn", CategorySSN, Drop, Drop},
	{"SSN", CategorySSN, Drop, Drop},
	{"ssn_last4", CategorySSN, Drop, Drop},
	{"social_security_number", CategorySSN, Drop, Drop},
	{"mrn", CategoryMedicalRecord, Drop, Drop},
	{"patientMRN", CategoryMedicalRecord, Drop, Drop},
	{"medical_record_number", CategoryMedicalRecord, Drop, Drop},
	{"health_plan_id", CategoryHealthPlan, Drop, Drop},
	{"insurance_number", CategoryHealthPlan, Drop, Drop},
	{"medicare_beneficiary_id", CategoryHealthPlan, Drop, Drop},
	{"account_number", CategoryAccount, Drop, Drop},
	{"iban", CategoryAccount, Drop, Drop},
	{"credit_card", CategoryAccount, Drop, Drop},
	{"license_number", CategoryLicense, Drop, Drop},
	{"drivers_license", CategoryLicense, Drop, Drop},
	{"passport", CategoryLicense, Drop, Drop},
	{"license_plate", CategoryVehicle, Drop, Drop},
	{"licensePlate", CategoryVehicle, Drop, Drop},
	{"vin", CategoryVehicle, Drop, Drop},
	{"vehicle_id", CategoryVehicle, Drop, Drop},
	{"mac", CategoryDevice, Drop, Drop},
	{"macAddress", CategoryDevice, Drop, Drop},
	{"mac_address", CategoryDevice, Drop, Drop},
	{"bluetooth_address", CategoryDevice, Drop, Drop},
	{"device_serial", CategoryDevice, Drop, Drop},
	{"serialNumber", CategoryDevice, Drop, Drop},
	{"device.serial", CategoryDevice, Drop, Drop},
	{"device_id", CategoryDevice, Drop, Drop},
	{"imei", CategoryDevice, Drop, Drop},
	{"device", CategoryDevice, Drop, Drop},
	{"device_type", CategoryQuasi, Keep, Keep},
	{"heart_rate_device", CategoryDevice, Drop, Drop},
	{"weight_device_serial", CategoryDevice, Drop, Drop},
	{"url", CategoryURL, Drop, Drop},
	{"website", CategoryURL, Drop, Drop},
	{"profile_link", CategoryURL, Drop, Drop},
	{"ip", CategoryIP, Drop, Drop},
	{"ipAddress", CategoryIP, Drop, Drop},
	{"IPAddress", CategoryIP, Drop, Drop},
	{"client_ip", CategoryIP, Drop, Drop},
	{"ipv6", CategoryIP, Drop, Drop},
	{"remote_addr", CategoryIP, Drop, Drop},
	{"fingerprint", CategoryBiometric, Drop, Drop},
	{"voice_sample", CategoryBiometric, Drop, Drop},
	{"photo", CategoryPhoto, Drop, Drop},
	{"photo_url", CategoryPhoto, Drop, Drop},
	{"avatar", CategoryPhoto, Drop, Drop},
	{"profile_picture", CategoryPhoto, Drop, Drop},
	{"user_id", CategoryOther, Drop, Pseudonymize},
	{"userId", CategoryOther, Drop, Pseudonymize},
	{"UserID", CategoryOther, Drop, Pseudonymize},
	{"user.id", CategoryOther, Drop, Pseudonymize},
	{"withingsUserId", CategoryOther, Drop, Pseudonymize},
	{"patient_id", CategoryOther, Drop, Pseudonymize},
	{"member_id", CategoryOther, Drop, Pseudonymize},
	{"subject_uuid", CategoryOther, Drop, Pseudonymize},
	{"uid", CategoryOther, Drop, Pseudonymize},
	{"id", CategoryOther, Drop, Drop}, // whose id is unknown
	{"measurement_id", CategoryOther, Drop, Drop},
	{"session_token", CategoryOther, Drop, Drop},
	{"badge_number", CategoryOther, Drop, Drop},
	{"model_number", CategoryOther, Drop, Drop},
	// free text
	{"note", CategoryFreeText, Drop, Drop},
	{"notes", CategoryFreeText, Drop, Drop},
	{"comment", CategoryFreeText, Drop, Drop},
	{"description", CategoryFreeText, Drop, Drop},
	{"support_ticket", CategoryFreeText, Drop, Drop},
	{"message", CategoryFreeText, Drop, Drop},
	{"weight_note", CategoryFreeText, Drop, Drop},
	// kept
	{"weight", CategoryHealth, Keep, Keep},
	{"weight_kg", CategoryHealth, Keep, Keep},
	{"weightkg", CategoryHealth, Keep, Keep},
	{"fat_mass_kg", CategoryHealth, Keep, Keep},
	{"muscle_mass_kg", CategoryHealth, Keep, Keep},
	{"heart_rate", CategoryHealth, Keep, Keep},
	{"HeartRate", CategoryHealth, Keep, Keep},
	{"restingHeartRateBpm", CategoryHealth, Keep, Keep},
	{"systolic", CategoryHealth, Keep, Keep},
	{"diastolic_mmhg", CategoryHealth, Keep, Keep},
	{"sleep_minutes", CategoryHealth, Keep, Keep},
	{"deep_sleep_minutes", CategoryHealth, Keep, Keep},
	{"steps", CategoryHealth, Keep, Keep},
	{"spo2", CategoryHealth, Keep, Keep},
	{"SpO2", CategoryHealth, Keep, Keep},
	{"temperature", CategoryHealth, Keep, Keep},
	{"body_temperature_c", CategoryHealth, Keep, Keep},
	{"ecg", CategoryHealth, Keep, Keep},
	{"ecg_lead_i", CategoryHealth, Keep, Keep},
	{"hrv_rmssd_ms", CategoryHealth, Keep, Keep},
	{"height_cm", CategoryHealth, Keep, Keep},
	{"birth_weight_kg", CategoryHealth, Keep, Keep},
	{"sex", CategoryQuasi, Keep, Keep},
	{"gender", CategoryQuasi, Keep, Keep},
	{"birth_sex", CategoryQuasi, Keep, Keep},
	{"state", CategoryQuasi, Keep, Keep},
	{"country", CategoryQuasi, Keep, Keep},
	{"country_code", CategoryQuasi, Keep, Keep},
	{"device_model", CategoryQuasi, Keep, Keep},
	{"deviceModel", CategoryQuasi, Keep, Keep},
	// not caught by a part of a word, nor kept by one
	{"zipper", CategoryUnrecognized, Drop, Drop},
	{"unzipped_bytes", CategoryUnrecognized, Drop, Drop},
	{"page_count", CategoryUnrecognized, Drop, Drop},
	{"usage_minutes", CategoryUnrecognized, Drop, Drop},
	{"message_count", CategoryUnrecognized, Drop, Drop},
	{"dosage", CategoryUnrecognized, Drop, Drop},
	{"iphone_battery", CategoryUnrecognized, Drop, Drop},
	{"macro_nutrients", CategoryUnrecognized, Drop, Drop},
	{"tipping_point", CategoryUnrecognized, Drop, Drop},
	{"shipment", CategoryUnrecognized, Drop, Drop},
	{"latency_ms", CategoryUnrecognized, Drop, Drop},
	{"weight_owner", CategoryUnrecognized, Drop, Drop},
	{"steps_per_day", CategoryDates, Drop, Drop}, // "day": a date element, dropped
	{"Größe", CategoryUnrecognized, Drop, Drop},
	{"value", CategoryUnrecognized, Drop, Drop},
	{"foo", CategoryUnrecognized, Drop, Drop},
}

func TestProfileFieldNames(t *testing.T) {
	for _, tc := range profileCases {
		t.Run(tc.name, func(t *testing.T) {
			sh, shRep, err := SafeHarbor([]string{tc.name}, SafeHarborOptions{ReferenceDate: profileRef})
			if err != nil {
				t.Fatal(err)
			}
			ai, aiRep, err := AIEngine([]string{tc.name}, AIEngineOptions{ReferenceDate: profileRef})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []struct {
				profile string
				p       *Policy
				rep     *ProfileReport
				want    Action
			}{{"SafeHarbor", sh, shRep, tc.sh}, {"AIEngine", ai, aiRep, tc.ai}} {
				f := r.rep.Fields[0]
				if f.Category != tc.cat || f.Action != r.want {
					t.Errorf("%s: %s (%s), want %s (%s); reason: %s", r.profile, f.Category, f.Action, tc.cat, r.want, f.Reason)
				}
				if got := policyAction(t, r.p, tc.name); got != r.want {
					t.Errorf("%s: the compiled policy applies %s, the report says %s", r.profile, got, f.Action)
				}
				if unrec := tc.cat == CategoryUnrecognized; unrec != slices.Contains(r.rep.Unrecognized, tc.name) {
					t.Errorf("%s: unrecognized list %q", r.profile, r.rep.Unrecognized)
				}
			}
		})
	}
}

// policyAction compiles p against the single field and returns its action.
func policyAction(t *testing.T, p *Policy, field string) Action {
	t.Helper()
	pl, err := Compile(p, []string{field}, profileKeys(t))
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return pl.ActionOf(0)
}

// profileKeys returns one set of keys for the whole test binary:
// generating Tink keysets per subtest would dominate the run time.
func profileKeys(t testing.TB) Keys {
	t.Helper()
	keys, err := sharedProfileKeys()
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

var sharedProfileKeys = sync.OnceValues(func() (Keys, error) {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		return Keys{}, err
	}
	tks, err := pseudo.NewTokenKeyset()
	if err != nil {
		return Keys{}, err
	}
	return Keys{Pseudonyms: ks, Tokens: tks}, nil
})

// Every pattern of every identifier rule, written as a field name on its
// own or behind a health word, is recognized and never kept: no rule is
// shadowed by the keep test or left unreachable by a rule before it that
// keeps.
func TestIdentifierPatternsNeverKept(t *testing.T) {
	for _, r := range identifierRules {
		for _, p := range r.pats {
			names := []string{strings.Join(p.words, "_")}
			if p.at != whole {
				names = append(names, "heart_rate_"+names[0], "Weight"+camel(p.words))
			}
			for _, name := range names {
				c := classifyField(name)
				if c.kind == kindHealth || c.kind == kindQuasi || c.kind == kindUnrecognized {
					t.Errorf("%q (pattern %s of category %s) classified %s: %s", name, p, r.cat, c.cat, c.reason)
				}
			}
		}
	}
}

func camel(words []string) string {
	var b strings.Builder
	for _, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteString(string(unicode.ToUpper(r)) + w[n:])
	}
	return b.String()
}

// Every word a kept name may be made of can be kept somewhere: before or
// after a health word, it matches no identifier rule. A vocabulary word
// that an identifier rule catches wherever it stands would be a
// misunderstanding waiting to happen. ("body" is caught only at the end,
// as in email_body, and kept in body_temperature.)
func TestKeepVocabularyHasNoIdentifier(t *testing.T) {
	for w := range keepVocabulary {
		var hits []string
		for _, name := range [][]string{{w, "weight"}, {"weight", w}} {
			for _, r := range identifierRules {
				if why, ok := r.match(name); ok {
					hits = append(hits, fmt.Sprintf("%q: %s %s", strings.Join(name, "_"), r.cat, why))
					break
				}
			}
		}
		if len(hits) == 2 {
			t.Errorf("kept vocabulary word %q can never be kept: %q", w, hits)
		}
	}
}

// The measurement header of the design notes, with a realistic row.
var shHeader = []string{"user_id", "email", "first_name", "last_name", "phone", "date_of_birth", "sex", "zip", "state", "ip", "mac",
	"device_model", "measured_at", "weight_kg", "fat_mass_kg", "muscle_mass_kg", "heart_rate", "systolic", "diastolic",
	"sleep_minutes", "steps", "lat", "lon", "note"}

var shRow = []string{"u-100042", "jane.doe@example.com", "Jane", "Doe", "+1 415 555 2671", "1931-02-28", "F", "94110-1234", "CA",
	"203.0.113.7", "00:1a:2b:3c:4d:5e", "Body+ Scale", "2025-03-05T07:12:44Z", "72.4", "21.3", "48.1", "61", "121", "79",
	"412", "8412", "37.774929", "-122.419416", "Felt dizzy, call me at 415-555-2671"}

func applyProfile(t *testing.T, p *Policy, keys Keys) map[string]string {
	t.Helper()
	pl, err := Compile(p, shHeader, keys)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	var out Row
	in := make([][]byte, len(shRow))
	for i, v := range shRow {
		in[i] = []byte(v)
	}
	if _, err := pl.NewApplier().Apply(&out, in); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	got := map[string]string{}
	for i, f := range pl.OutputFields() {
		got[f] = string(out.Field(i))
	}
	return got
}

func TestSafeHarborMeasurementHeader(t *testing.T) {
	keys := profileKeys(t)
	p, rep, err := SafeHarbor(shHeader, SafeHarborOptions{ReferenceDate: profileRef})
	if err != nil {
		t.Fatal(err)
	}
	got := applyProfile(t, p, keys)
	want := map[string]string{
		"date_of_birth": "90+", // 94 at the reference date
		"sex":           "F", "zip": "941", "state": "CA", "device_model": "Body+ Scale", "measured_at": "2025",
		"weight_kg": "72.4", "fat_mass_kg": "21.3", "muscle_mass_kg": "48.1", "heart_rate": "61", "systolic": "121",
		"diastolic": "79", "sleep_minutes": "412", "steps": "8412",
	}
	if !mapsEqual(got, want) {
		t.Errorf("output\n got %v\nwant %v", got, want)
	}
	checkReport(t, rep, shHeader)
	if len(rep.Unrecognized) != 0 || len(rep.Notes) != 0 {
		t.Errorf("unrecognized %q, notes %q", rep.Unrecognized, rep.Notes)
	}
	wantCat := map[string]Category{"user_id": CategoryOther, "email": CategoryEmail, "first_name": CategoryNames, "phone": CategoryPhone,
		"date_of_birth": CategoryDates, "zip": CategoryGeographic, "ip": CategoryIP, "mac": CategoryDevice, "lat": CategoryGeographic,
		"note": CategoryFreeText, "weight_kg": CategoryHealth, "sex": CategoryQuasi}
	for _, f := range rep.Fields {
		if c, ok := wantCat[f.Field]; ok && c != f.Category {
			t.Errorf("%s: category %s, want %s", f.Field, f.Category, c)
		}
	}
}

func TestAIEngineMeasurementHeader(t *testing.T) {
	keys := profileKeys(t)
	p, rep, err := AIEngine(shHeader, AIEngineOptions{ReferenceDate: profileRef})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := pseudo.New(keys.Pseudonyms, "ai-engine")
	if err != nil {
		t.Fatal(err)
	}
	got := applyProfile(t, p, keys)
	want := map[string]string{
		"user_id":       ps.Pseudonym("u-100042"),
		"date_of_birth": "90+",
		"sex":           "F", "zip": "941", "state": "CA", "device_model": "Body+ Scale", "measured_at": "2025-03-05T07:12:44Z",
		"weight_kg": "72.4", "fat_mass_kg": "21.3", "muscle_mass_kg": "48.1", "heart_rate": "61", "systolic": "121",
		"diastolic": "79", "sleep_minutes": "412", "steps": "8412",
	}
	if !mapsEqual(got, want) {
		t.Errorf("output\n got %v\nwant %v", got, want)
	}
	checkReport(t, rep, shHeader)

	// Each recipient its own domain; event dates coarsened on request.
	p, _, err = AIEngine(shHeader, AIEngineOptions{ReferenceDate: profileRef, Domain: "ai/partner-b", EventDates: Month})
	if err != nil {
		t.Fatal(err)
	}
	got = applyProfile(t, p, keys)
	pb, _ := pseudo.New(keys.Pseudonyms, "ai/partner-b")
	if got["user_id"] != pb.Pseudonym("u-100042") || got["user_id"] == want["user_id"] || got["measured_at"] != "2025-03" {
		t.Errorf("domain and event dates: %v", got)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// checkReport checks the report's invariants: a line per field in input
// order, names for categories, and an unrecognized list that is exactly the
// unrecognized lines.
func checkReport(t *testing.T, rep *ProfileReport, fields []string) {
	t.Helper()
	if len(rep.Fields) != len(fields) {
		t.Fatalf("%d report lines for %d fields", len(rep.Fields), len(fields))
	}
	var unrec []string
	for i, f := range rep.Fields {
		if f.Field != fields[i] {
			t.Errorf("line %d is %q, want %q", i, f.Field, fields[i])
		}
		if f.CategoryName != f.Category.Name() || f.CategoryName == "unknown category" {
			t.Errorf("%s: category name %q", f.Field, f.CategoryName)
		}
		if f.Category == CategoryUnrecognized {
			unrec = append(unrec, f.Field)
			if f.Action != Drop || f.Reason != "" {
				t.Errorf("%s: unrecognized but %s (%s)", f.Field, f.Action, f.Reason)
			}
		} else if f.Reason == "" {
			t.Errorf("%s: no reason", f.Field)
		}
	}
	if !slices.Equal(unrec, rep.Unrecognized) {
		t.Errorf("unrecognized %q, want %q", rep.Unrecognized, unrec)
	}
}

func TestProfileOptions(t *testing.T) {
	keys := profileKeys(t)
	header := []string{"user_id", "patient_id", "id", "note", "weight_kg"}
	p, rep, err := SafeHarbor(header, SafeHarborOptions{ReferenceDate: profileRef, PseudonymDomain: "research/x", ScrubText: true, Name: "sh-linked"})
	if err != nil {
		t.Fatal(err)
	}
	wantActions := []Action{Pseudonymize, Pseudonymize, Drop, Scrub, Keep}
	pl, err := Compile(p, header, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range rep.Fields {
		if f.Action != wantActions[i] || pl.ActionOf(i) != wantActions[i] {
			t.Errorf("%s: report %s, plan %s, want %s", f.Field, f.Action, pl.ActionOf(i), wantActions[i])
		}
	}
	if p.Name != "sh-linked" || rep.Profile != "sh-linked" || len(rep.Notes) != 2 {
		t.Errorf("name %q/%q, notes %q", p.Name, rep.Profile, rep.Notes)
	}
	if !strings.Contains(rep.Notes[0], "164.514(c)") {
		t.Errorf("the pseudonymization note does not cite 164.514(c): %q", rep.Notes[0])
	}
	for _, ev := range []Action{Keep, Year, Month, Drop} {
		_, rep, err := AIEngine([]string{"measured_at", "dob"}, AIEngineOptions{ReferenceDate: profileRef, EventDates: ev})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Fields[0].Action != ev || rep.Fields[1].Action != Year {
			t.Errorf("EventDates %s: %+v", ev, rep.Fields)
		}
	}
}

func TestProfileErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"safe harbor without reference date", func() error {
			_, _, err := SafeHarbor([]string{"dob"}, SafeHarborOptions{})
			return err
		}},
		{"ai engine without reference date", func() error {
			_, _, err := AIEngine([]string{"dob"}, AIEngineOptions{})
			return err
		}},
		{"duplicate field", func() error {
			_, _, err := SafeHarbor([]string{"email", "weight", "email"}, SafeHarborOptions{ReferenceDate: profileRef})
			return err
		}},
		{"bad event dates", func() error {
			_, _, err := AIEngine([]string{"dob"}, AIEngineOptions{ReferenceDate: profileRef, EventDates: Pseudonymize})
			return err
		}},
	} {
		err := tc.f()
		var pe *PolicyError
		if !errors.Is(err, ErrPolicy) || !errors.As(err, &pe) {
			t.Errorf("%s: %v, want a PolicyError", tc.name, err)
		}
	}
}

func TestProfileReportEncoding(t *testing.T) {
	header := []string{"user_id", "weight_kg", "xyzzy", "zip"}
	_, rep, err := SafeHarbor(header, SafeHarborOptions{ReferenceDate: profileRef, ScrubText: true})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back ProfileReport
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Profile != rep.Profile || !slices.Equal(back.Fields, rep.Fields) || !slices.Equal(back.Unrecognized, []string{"xyzzy"}) ||
		!slices.Equal(back.Notes, rep.Notes) {
		t.Errorf("JSON round trip:\n%s\n%+v", data, back)
	}
	if !strings.Contains(string(data), `"category":"R"`) || !strings.Contains(string(data), `"unrecognized":["xyzzy"]`) {
		t.Errorf("JSON: %s", data)
	}
	s := rep.String()
	for _, want := range []string{"hipaa-safe-harbor: 4 fields, 1 not recognized", "user_id", "(R) other unique", "health data", "xyzzy", "zip3", "note: free text is scrubbed"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() lacks %q:\n%s", want, s)
		}
	}
	// An empty input still encodes its lists as lists.
	_, rep, err = AIEngine(nil, AIEngineOptions{ReferenceDate: profileRef})
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := json.Marshal(rep); !strings.Contains(string(data), `"fields":[]`) || !strings.Contains(string(data), `"unrecognized":[]`) {
		t.Errorf("empty report: %s", data)
	}
}

func TestCategoryNames(t *testing.T) {
	letters := 0
	for c := range categoryNames {
		if c.IsIdentifier() {
			letters++
			if !strings.HasPrefix(c.String(), "("+string(c)+") ") {
				t.Errorf("%q.String() = %q", c, c.String())
			}
		} else if c.String() != c.Name() {
			t.Errorf("%q.String() = %q", c, c.String())
		}
	}
	if letters != 18 {
		t.Errorf("%d identifier categories, want the 18 of 164.514(b)(2)(i)", letters)
	}
	if Category("Z").Name() != "unknown category" || Category("Z").IsIdentifier() {
		t.Error("unknown category")
	}
}

// Generated field names for the properties: identifier-like names (an
// identifier stem, maybe behind health or neutral words, in some spelling),
// health-like names, and nonsense that no rule knows.
type genField struct {
	name  string
	class string // "ident", "health" or "noise"
	glued bool   // written without word boundaries
}

var (
	identStems = []string{"email", "phone number", "first name", "last name", "surname", "ssn", "mrn", "ip address", "mac address",
		"lat", "longitude", "zip code", "street", "city", "date of birth", "dob", "device serial", "imei", "license plate", "vin",
		"photo url", "website", "fax", "user id", "patient id", "member id", "note", "comment", "account number", "health plan id",
		"iban", "passport", "fingerprint", "avatar", "home address", "gps", "udid", "support ticket", "postal code", "birth date",
		"age", "social security number", "medical record number", "ipv6", "bluetooth address"}
	healthStems = []string{"weight", "weight kg", "fat mass kg", "muscle mass kg", "heart rate", "resting heart rate bpm", "systolic",
		"diastolic mmhg", "sleep minutes", "steps", "spo2", "body temperature", "ecg", "hrv rmssd ms", "bmi", "sex", "gender", "state",
		"country", "device model", "avg heart rate", "total sleep minutes"}
	prefixWords = []string{"weight", "heart", "rate", "sleep", "state", "device", "body", "avg", "sex", "model", "home", "primary",
		"patient", "work", "old", "kg", "total"}
	styles = []func([]string) (string, bool){
		func(w []string) (string, bool) { return strings.Join(w, "_"), false },
		func(w []string) (string, bool) { return strings.Join(w, "-"), false },
		func(w []string) (string, bool) { return strings.ToUpper(strings.Join(w, "_")), false },
		func(w []string) (string, bool) { return strings.Join(w, " "), false },
		func(w []string) (string, bool) { c := camel(w); return strings.ToLower(c[:1]) + c[1:], false },
		func(w []string) (string, bool) { return camel(w), false },
		func(w []string) (string, bool) { return "record.data." + strings.Join(w, "_"), false },
		func(w []string) (string, bool) { return strings.Join(w, ""), true },
	}
)

func genFieldGen() gopter.Gen {
	ident := gopter.CombineGens(gen.IntRange(0, len(identStems)-1), gen.SliceOfN(2, gen.IntRange(-1, len(prefixWords)-1)), gen.IntRange(0, len(styles)-1)).
		Map(func(v []any) genField {
			var words []string
			for _, p := range v[1].([]int) {
				if p >= 0 {
					words = append(words, prefixWords[p])
				}
			}
			words = append(words, strings.Fields(identStems[v[0].(int)])...)
			name, glued := styles[v[2].(int)](words)
			return genField{name: name, class: "ident", glued: glued}
		})
	health := gopter.CombineGens(gen.IntRange(0, len(healthStems)-1), gen.IntRange(0, len(styles)-1)).
		Map(func(v []any) genField {
			name, glued := styles[v[1].(int)](strings.Fields(healthStems[v[0].(int)]))
			return genField{name: name, class: "health", glued: glued}
		})
	// No rule word or kept word starts with "qx".
	noise := gen.RegexMatch(`qx[a-z]{3,8}`).Map(func(s string) genField { return genField{name: s, class: "noise"} })
	return gen.Weighted([]gen.WeightedGen{{Weight: 5, Gen: ident}, {Weight: 4, Gen: health}, {Weight: 2, Gen: noise}})
}

func uniqueFields(fs []genField) []genField {
	seen := map[string]bool{}
	var out []genField
	for _, f := range fs {
		if !seen[f.name] {
			seen[f.name] = true
			out = append(out, f)
		}
	}
	return out
}

func TestProfileProperties(t *testing.T) {
	keys := profileKeys(t)
	props := testenv.Properties(200)
	props.Property("profiles compile, report every field, never keep an identifier, drop what they do not know",
		prop.ForAll(func(fs []genField) string {
			fs = uniqueFields(fs)
			header := make([]string, len(fs))
			for i, f := range fs {
				header[i] = f.name
			}
			type built struct {
				name string
				p    *Policy
				rep  *ProfileReport
				err  error
			}
			sh, shRep, shErr := SafeHarbor(header, SafeHarborOptions{ReferenceDate: profileRef})
			ai, aiRep, aiErr := AIEngine(header, AIEngineOptions{ReferenceDate: profileRef})
			for _, b := range []built{{"SafeHarbor", sh, shRep, shErr}, {"AIEngine", ai, aiRep, aiErr}} {
				if b.err != nil {
					return fmt.Sprintf("%s: %v", b.name, b.err)
				}
				pl, err := Compile(b.p, header, keys)
				if err != nil {
					return fmt.Sprintf("%s: Compile: %v", b.name, err)
				}
				if len(b.rep.Fields) != len(header) {
					return fmt.Sprintf("%s: %d report lines for %d fields", b.name, len(b.rep.Fields), len(header))
				}
				var unrec []string
				for i, f := range fs {
					line := b.rep.Fields[i]
					act := pl.ActionOf(i)
					switch {
					case line.Field != f.name:
						return fmt.Sprintf("%s: line %d is %q, want %q", b.name, i, line.Field, f.name)
					case act != line.Action:
						return fmt.Sprintf("%s: %q: plan %s, report %s", b.name, f.name, act, line.Action)
					case classifyField(f.name).kind.isDirect() && act == Keep:
						return fmt.Sprintf("%s: direct identifier %q kept", b.name, f.name)
					case f.class == "ident" && act == Keep:
						return fmt.Sprintf("%s: identifier %q kept (%s)", b.name, f.name, line.Reason)
					case f.class == "ident" && !f.glued && line.Category == CategoryUnrecognized:
						return fmt.Sprintf("%s: identifier %q not recognized", b.name, f.name)
					case f.class == "health" && !f.glued && act != Keep:
						return fmt.Sprintf("%s: health field %q %s as %s", b.name, f.name, act, line.Category)
					case f.class == "noise" && (line.Category != CategoryUnrecognized || act != Drop):
						return fmt.Sprintf("%s: nonsense %q read as %s (%s)", b.name, f.name, line.Category, line.Reason)
					}
					if line.Category == CategoryUnrecognized {
						unrec = append(unrec, f.name)
						if ruleFor(b.p, f.name) >= 0 {
							return fmt.Sprintf("%s: unrecognized %q has a rule", b.name, f.name)
						}
					}
				}
				if !slices.Equal(unrec, b.rep.Unrecognized) {
					return fmt.Sprintf("%s: unrecognized list %q, want %q", b.name, b.rep.Unrecognized, unrec)
				}
			}
			// The profiles differ only where AIEngine links or keeps time.
			for i := range header {
				s, a := shRep.Fields[i], aiRep.Fields[i]
				if s.Category != a.Category {
					return fmt.Sprintf("%q: categories %s and %s", header[i], s.Category, a.Category)
				}
				if s.Action != a.Action && !(a.Action == Pseudonymize && s.Action == Drop) && !(a.Action == Keep && s.Action == Year) {
					return fmt.Sprintf("%q: Safe Harbor %s, AI engine %s", header[i], s.Action, a.Action)
				}
			}
			return ""
		}, gen.SliceOfN(24, genFieldGen())))
	props.TestingRun(t)
}
