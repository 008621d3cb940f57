package deid

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// A CSV export whose note mentions the record's own identifiers, written
// otherwise than in their fields.
const knownCSV = "user_id,full_name,email,phone,street,city,weight_kg,note\n" +
	"U-48213,John Smith,JSmith@Example.com,+1 (415) 555-2671,12 Main Street,Riverton,72.5," +
	"\"JOHN  smith called from 415.555.2671 about u-48213; lives at 12 main street, riverton. Login jsmith.\"\n" +
	"U-50077,Ana Lima,ana@example.org,2125550147,9 Elm Rd,Lakeside,60.1,\"ana wrote: call me at 212 555 0147\"\n"

func notePolicy(extra ...Rule) *Policy {
	return &Policy{Name: "notes", Fields: append([]Rule{
		{Field: "weight_kg", Action: Keep},
		{Field: "note", Action: Scrub},
	}, extra...)}
}

// notesOf returns the "note" column of a CSV output.
func notesOf(t *testing.T, out string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var notes []string
	for _, l := range lines[1:] {
		_, note, _ := strings.Cut(l, ",")
		notes = append(notes, strings.Trim(note, `"`))
	}
	return notes
}

func TestScrubKnownCSV(t *testing.T) {
	want := []string{
		"[NAME] called from [PHONE] about [ID]; lives at [ADDRESS], [ADDRESS]. Login [EMAIL].",
		"[NAME] wrote: call me at [PHONE]",
	}
	for _, opts := range []Options{
		{Input: CSV},                            // the direct CSV path reads only the fields it needs
		{Input: CSV, Workers: 3, ChunkSize: 64}, // in chunks
		{Input: CSV, Output: NDJSON},            // through Apply
	} {
		out, rep, err := run(t, notePolicy(), Keys{}, opts, knownCSV)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if opts.Output == NDJSON {
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				var m map[string]string
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatal(err)
				}
				got = append(got, m["note"])
			}
		} else {
			got = notesOf(t, out)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%+v: notes\n%s\nwant\n%s", opts, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !rep.Reconciles() {
			t.Errorf("report %+v", rep)
		}
	}
}

// Without record-aware scrubbing the detectors alone let the record's own
// name, lower-case street and login through: the test above would fail.
func TestScrubKnownNeeded(t *testing.T) {
	out, _, err := run(t, notePolicy(), Keys{}, Options{Input: CSV},
		"weight_kg,note\n72.5,\"JOHN  smith; lives at 12 main street, riverton. Login jsmith.\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := notesOf(t, out)[0]; !strings.Contains(got, "smith") || !strings.Contains(got, "riverton") {
		t.Errorf("scrubbed without the record: %q", got)
	}
}

func TestScrubKnownListed(t *testing.T) {
	in := "pt_nm,qq,weight_kg,note\nJohn Smith,K-77,1,\"smith and k-77 and JOHN SMITH\"\n"
	// pt_nm and qq are no names the profiles know: listed, a field is read
	// as an ID (the whole value) or as the kind given.
	for _, tc := range []struct {
		known []string
		want  string
	}{
		{nil, "smith and k-77 and JOHN SMITH"},
		{[]string{"pt_nm"}, "smith and k-77 and [ID]"},
		{[]string{"pt_nm:name", "qq"}, "[NAME] and [ID] and [NAME]"},
	} {
		p := &Policy{Fields: []Rule{{Field: "weight_kg", Action: Keep}, {Field: "note", Action: Scrub, Known: tc.known}}}
		out, _, err := run(t, p, Keys{}, Options{Input: CSV}, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := notesOf(t, out)[0]; got != tc.want {
			t.Errorf("known %q: %q, want %q", tc.known, got, tc.want)
		}
	}
}

func TestScrubKnownKeptFieldsStay(t *testing.T) {
	// A field the policy keeps is released anyway: its value stays in the
	// text too.
	in := "city,weight_kg,note\nRiverton,1,\"moved to riverton\"\n"
	p := notePolicy(Rule{Field: "city", Action: Keep})
	out, _, err := run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV}, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "moved to riverton") {
		t.Errorf("kept city scrubbed: %q", out)
	}
	p = notePolicy(Rule{Field: "city", Action: Keep}, Rule{Field: "note", Action: Scrub, Known: []string{"city"}})
	p.Fields = append(p.Fields[:1], p.Fields[2:]...) // one rule for note, with known
	out, _, err = run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV}, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "moved to [ADDRESS]") {
		t.Errorf("listed city not scrubbed: %q", out)
	}
}

func TestScrubKnownNDJSON(t *testing.T) {
	in := `{"user":{"name":"Ana Lima","contact":{"email":"ana@example.org","mobile":"212-555-0147"}},"note":"ANA  lima: text 2125550147 or ana@EXAMPLE.org","weight_kg":60}` + "\n" +
		`{"note":"no record fields here: Ana Lima","weight_kg":61}` + "\n"
	out, _, err := run(t, notePolicy(), Keys{}, Options{Input: NDJSON}, in)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first, second map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if got := first["note"]; got != "[NAME]: text [PHONE] or [EMAIL]" {
		t.Errorf("note %q", got)
	}
	if got := second["note"]; got != "no record fields here: Ana Lima" {
		t.Errorf("note of a record without the fields %q", got)
	}
}

func TestScrubKnownPseudonyms(t *testing.T) {
	p := &Policy{Fields: []Rule{{Field: "note", Action: Scrub, With: "pseudonym", Domain: "notes"}}}
	in := "full_name,note\nJohn Smith,\"JOHN  SMITH met john smith\"\n"
	out, _, err := run(t, p, testKeys(t), Options{Input: CSV}, in)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`\[NAME:([^\]]+)\] met \[NAME:([^\]]+)\]`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] {
		t.Errorf("one name, two spellings: %q", out)
	}
}

func TestScrubKnownPolicyErrors(t *testing.T) {
	for _, tc := range []struct {
		name, policy, msg string
	}{
		{"unknown kind", `{"fields":[{"field":"note","action":"scrub","known":["a:person"]}]}`, "unknown kind"},
		{"twice", `{"fields":[{"field":"note","action":"scrub","known":["a","a:name"]}]}`, "listed twice"},
		{"empty", `{"fields":[{"field":"note","action":"scrub","known":[""]}]}`, "not a field name"},
		{"not on scrub", `{"fields":[{"field":"note","action":"drop","known":["a"]}]}`, "does not apply"},
	} {
		_, err := ParsePolicy([]byte(tc.policy))
		var pe *PolicyError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want a PolicyError with %q", tc.name, err, tc.msg)
		}
	}
	// A listed field a CSV header lacks.
	p := &Policy{Fields: []Rule{{Field: "note", Action: Scrub, Known: []string{"nickname"}}}}
	_, err := Compile(p, []string{"note"}, Keys{})
	var pe *PolicyError
	if !errors.As(err, &pe) || pe.Rule != 0 || !strings.Contains(err.Error(), `known field "nickname" is not in the input`) {
		t.Errorf("missing known field: %v", err)
	}
}

// TestScrubKnownProperty: whatever the record, its name, e-mail address,
// phone number, street address and ID do not survive in its scrubbed note,
// written in other cases and spacings, from CSV (on the direct path and
// through Apply) and from NDJSON.
func TestScrubKnownProperty(t *testing.T) {
	given := []string{"Jane", "Omar", "Élodie", "Wei", "Zoë", "Tomás"}
	family := []string{"Doe", "Haddad", "Müller", "O'Neil", "Nakamura", "van der Berg"}
	streets := []string{"Main Street", "Birch Lane", "Rue Saint-Denis", "Calle Mayor", "Elm Rd"}
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 100
	props := gopter.NewProperties(params)
	props.Property("the record's identifiers are not in its note", prop.ForAll(
		func(g, f, st, phone, id int, upper, spaces bool, format int) string {
			name := given[g] + " " + family[f]
			digits := fmt.Sprintf("%03d%03d%04d", 200+phone%800, 200+(phone/7)%800, phone%10000)
			email := strings.ToLower(strings.ReplaceAll(family[f], " ", "")) + "@example.org"
			uid := fmt.Sprintf("U-%05d", id)
			street := fmt.Sprintf("%d %s", 1+id%900, streets[st])
			written, where := name, street
			if upper {
				written, where = strings.ToUpper(written), strings.ToLower(where)
			}
			if spaces {
				written, where = strings.ReplaceAll(written, " ", "  "), strings.ReplaceAll(where, " ", "\t")
			}
			note := fmt.Sprintf("%s (%s.%s.%s) wrote from %s about %s; lives at %s.", written, digits[:3], digits[3:6], digits[6:],
				strings.ToUpper(email), strings.ToLower(uid), where)
			header := []string{"user_id", "name", "email", "mobile", "address", "note"}
			values := []string{uid, name, email, digits, street, note}
			in := csvOf([][]string{header, values})
			opts := Options{Input: CSV}
			switch format {
			case 1:
				opts.Output = NDJSON
			case 2:
				opts.Input = NDJSON
				m := map[string]string{}
				for i, h := range header {
					m[h] = values[i]
				}
				b, err := json.Marshal(m)
				if err != nil {
					return err.Error()
				}
				in = string(b) + "\n"
			}
			out, _, err := run(t, &Policy{Fields: []Rule{{Field: "note", Action: Scrub}}}, Keys{}, opts, in)
			if err != nil {
				return err.Error()
			}
			low := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(out, `\t`, " ")), " "))
			for _, v := range []string{strings.ToLower(name), strings.ToLower(email), strings.ToLower(uid), digits[6:], strings.ToLower(street)} {
				if strings.Contains(low, v) {
					return fmt.Sprintf("%q survives in %q", v, out)
				}
			}
			return ""
		},
		gen.IntRange(0, len(given)-1), gen.IntRange(0, len(family)-1), gen.IntRange(0, len(streets)-1),
		gen.IntRange(0, 1<<30), gen.IntRange(0, 99999), gen.Bool(), gen.Bool(), gen.IntRange(0, 2),
	))
	props.TestingRun(t)
}

// A struct's scrubbed field loses the values of the struct's other
// identifying fields, dropped ones included, and those listed in known.
func TestScrubKnownStruct(t *testing.T) {
	type note struct {
		UserID   string `deid:"pseudonymize,domain=notes"`
		FullName string `deid:"drop"`
		Email    string `deid:"drop"`
		Nick     string `deid:"keep"`
		Weight   int    `deid:"keep"`
		Note     string `deid:"scrub,known=Nick:name"`
	}
	s, err := ForType[note](testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	v := note{UserID: "U-48213", FullName: "Ana Lima", Email: "ana@example.org", Nick: "Annie", Weight: 61,
		Note: "ANA  lima (annie, u-48213) wrote from Ana@Example.org"}
	got, err := s.Copy(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[NAME] ([NAME], [ID]) wrote from [EMAIL]"; got.Note != want {
		t.Errorf("note %q, want %q", got.Note, want)
	}
	if got.FullName != "" || got.Email != "" || got.Nick != "Annie" || got.Weight != 61 {
		t.Errorf("other fields %+v", got)
	}
}

// TestScrubKnownProfiles runs record-aware scrubbing as users run it: a
// profile built from the input's field names, with ScrubText, through the
// transformer, on CSV and NDJSON, in one worker and in chunks. The note
// holds the record's own name, e-mail address, phone number, street
// address and IDs in other cases and spacings, and another person's name
// and number that only the detectors find.
func TestScrubKnownProfiles(t *testing.T) {
	header := []string{"user_id", "patient_id", "full_name", "email", "mobile", "street_address", "state", "weight_kg", "note"}
	record := []string{"U-48213", "MRN-0077124", "Maria de la Cruz", "MCruz@Example.org", "+1 (212) 555-0147",
		"77 Birch Lane", "NY", "60.1",
		"MARIA  DE LA CRUZ (mrn-0077124, user u-48213) moved to 77 birch lane; mail mcruz@EXAMPLE.ORG, " +
			"cell 212.555.0147. Mrs. Alvarez, her neighbour, can be called at 646-555-0188."}
	want := "[NAME] ([ID], user [ID]) moved to [ADDRESS]; mail [EMAIL], cell [PHONE]. Mrs. [NAME], her neighbour, " +
		"can be called at [PHONE]."
	ndjson, err := json.Marshal(map[string]any{
		"user_id": record[0], "patient_id": record[1], "full_name": record[2], "email": record[3], "mobile": record[4],
		"street_address": record[5], "state": record[6], "weight_kg": 60.1, "note": record[8]})
	if err != nil {
		t.Fatal(err)
	}
	keys := testKeys(t)
	profiles := []struct {
		name string
		make func() (*Policy, *ProfileReport, error)
	}{
		{"safe harbor", func() (*Policy, *ProfileReport, error) {
			return SafeHarbor(header, SafeHarborOptions{ReferenceDate: profileRef, ScrubText: true})
		}},
		{"safe harbor, linked", func() (*Policy, *ProfileReport, error) {
			return SafeHarbor(header, SafeHarborOptions{ReferenceDate: profileRef, ScrubText: true, PseudonymDomain: "research/x"})
		}},
		{"ai engine", func() (*Policy, *ProfileReport, error) {
			return AIEngine(header, AIEngineOptions{ReferenceDate: profileRef, ScrubText: true})
		}},
	}
	for _, prof := range profiles {
		p, _, err := prof.make()
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []Options{
			{Input: CSV},
			{Input: CSV, Workers: 2, ChunkSize: 64},
			{Input: CSV, Output: NDJSON},
			{Input: NDJSON},
			{Input: NDJSON, Workers: 2, ChunkSize: 64},
		} {
			in := csvOf([][]string{header, record})
			if opts.Input == NDJSON {
				in = string(ndjson) + "\n"
			}
			out, rep, err := run(t, p, keys, opts, in)
			if err != nil {
				t.Fatalf("%s %+v: %v", prof.name, opts, err)
			}
			var note string
			if opts.Output == NDJSON || opts.Input == NDJSON && opts.Output == 0 {
				var m map[string]any
				if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &m); err != nil {
					t.Fatalf("%s %+v: %v", prof.name, opts, err)
				}
				note, _ = m["note"].(string)
			} else {
				recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil || len(recs) != 2 {
					t.Fatalf("%s %+v: %d records, %v", prof.name, opts, len(recs), err)
				}
				note = recs[1][slices.Index(recs[0], "note")]
			}
			if note != want {
				t.Errorf("%s %+v: note\n%q\nwant\n%q", prof.name, opts, note, want)
			}
			if !rep.Reconciles() || rep.Written != 1 {
				t.Errorf("%s %+v: report %+v", prof.name, opts, rep)
			}
		}
	}
}

// A key that says nothing by itself is read by the object it is in:
// "name.first" holds a name, "address.line1" an address.
func TestScrubKnownNestedKeys(t *testing.T) {
	in := `{"name":{"first":"Maria","last":"de la Cruz"},"address":{"line1":"77 Birch Lane"},"device":{"label":"kitchen scale"},` +
		`"note":"MARIA  DE LA CRUZ moved to 77  birch  lane with her kitchen scale","weight_kg":60}` + "\n"
	out, _, err := run(t, notePolicy(), Keys{}, Options{Input: NDJSON}, in)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if want := "[NAME]  [NAME] moved to [ADDRESS] with her [ID]"; m["note"] != want {
		t.Errorf("note %q, want %q", m["note"], want)
	}
}
