package deid

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// disguisePolicy drops a record's name, e-mail, phone and ID and keeps a
// free-text note, as a research export does.
func disguisePolicy() *Policy {
	return &Policy{Default: Drop, Fields: []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "surname", Action: Drop}, {Field: "email", Action: Drop}, {Field: "phone", Action: Drop},
		{Field: "device_model", Action: Keep}, {Field: "heart_rate", Action: Keep},
	}}
}

// disguisedRecord is a record of disguisePolicy's fields.
type disguisedRecord struct{ id, surname, email, phone, note string }

func (r disguisedRecord) input(f Format) string {
	fields := []string{"user_id", "surname", "email", "phone", "device_model", "heart_rate"}
	vals := []string{r.id, r.surname, r.email, r.phone, r.note, "72"}
	if f == NDJSON {
		m := map[string]string{}
		for i, v := range vals {
			m[fields[i]] = v
		}
		b, _ := json.Marshal(m)
		return string(b) + "\n"
	}
	var b strings.Builder
	b.WriteString(strings.Join(fields, ",") + "\n")
	for i, v := range vals {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + strings.ReplaceAll(v, `"`, `""`) + `"`)
	}
	b.WriteByte('\n')
	return b.String()
}

// A kept value that spells an identifier with other code points than the
// dropped field or the detectors use (composed or combined accents,
// fullwidth forms, invisible characters, look-alike separators, digits of
// other scripts, bidi controls) is refused as the plain spelling is: the
// check reads both sides as they read.
func TestKeptDisguisedIdentifierRefused(t *testing.T) {
	base := disguisedRecord{"u-48213", "Quist", "zelda.quist@example.org", "415-555-0143", "no complaints"}
	with := func(f func(*disguisedRecord)) disguisedRecord { r := base; f(&r); return r }
	cases := []struct {
		name string
		rec  disguisedRecord
	}{
		// the record's own identifiers
		{"NFD kept, NFC dropped", with(func(r *disguisedRecord) { r.surname, r.note = "M\u00fcller", "seen by Mu\u0308ller" })},
		{"NFC kept, NFD dropped", with(func(r *disguisedRecord) { r.surname, r.note = "Mu\u0308ller", "seen by M\u00fcller" })},
		{"fullwidth surname", with(func(r *disguisedRecord) { r.note = "patient \uff31\uff55\uff49\uff53\uff54 ok" })},
		{"soft hyphen in the surname", with(func(r *disguisedRecord) { r.note = "Qu\u00adist called" })},
		{"zero-width space in the surname", with(func(r *disguisedRecord) { r.note = "Qu\u200bist called" })},
		{"zero-width non-joiner", with(func(r *disguisedRecord) { r.note = "Qu\u200cist called" })},
		{"zero-width joiner", with(func(r *disguisedRecord) { r.note = "Qu\u200dist called" })},
		{"word joiner", with(func(r *disguisedRecord) { r.note = "Qu\u2060ist called" })},
		{"BOM inside", with(func(r *disguisedRecord) { r.note = "Qu\ufeffist called" })},
		{"mixed case and zero-width", with(func(r *disguisedRecord) { r.note = "qU\u200bIsT called" })},
		{"fullwidth mixed case", with(func(r *disguisedRecord) { r.note = "\uff51\uff35\uff49\uff33\uff54" })},
		{"dropped surname disguised", with(func(r *disguisedRecord) { r.surname, r.note = "Q\u200buist", "Quist called" })},
		{"own ID in Arabic-Indic digits", with(func(r *disguisedRecord) {
			r.id, r.note = "48213907", "ref \u0664\u0668\u0662\u0661\u0663\u0669\u0660\u0667"
		})},
		{"own ID kept as a number, dropped in Arabic-Indic digits", with(func(r *disguisedRecord) {
			r.id, r.note = "\u0664\u0668\u0662\u0661\u0663\u0669", "482139"
		})},
		{"own ID kept as a number, dropped in fullwidth digits", with(func(r *disguisedRecord) {
			r.id, r.note = "\uff14\uff18\uff12\uff11", "4821"
		})},
		// the detectors
		{"fullwidth at", with(func(r *disguisedRecord) { r.note = "write to zelda.q\uff20example.org" })},
		{"small commercial at", with(func(r *disguisedRecord) { r.note = "write to zelda.q\ufe6bexample.org" })},
		{"fullwidth SSN", with(func(r *disguisedRecord) { r.note = "\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19" })},
		{"Arabic-Indic SSN", with(func(r *disguisedRecord) { r.note = "\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669" })},
		{"Devanagari phone", with(func(r *disguisedRecord) {
			r.note = "call \u096a\u0967\u096b-\u096b\u096b\u096b-\u0966\u0967\u096a\u0969"
		})},
		{"en dash SSN", with(func(r *disguisedRecord) { r.note = "123\u201345\u20136789" })},
		{"minus sign phone", with(func(r *disguisedRecord) { r.note = "call 212\u2212555\u22120199" })},
		{"hyphen date", with(func(r *disguisedRecord) { r.note = "seen 2021\u201003\u201004" })},
		{"fullwidth-dot e-mail", with(func(r *disguisedRecord) { r.note = "zelda@example\uff0eorg" })},
		{"ideographic-dot URL", with(func(r *disguisedRecord) { r.note = "see https://example\u3002org/zelda" })},
		{"zero-width in an e-mail", with(func(r *disguisedRecord) { r.note = "zel\u200bda@exa\u200dmple.org" })},
		{"zero-width in an SSN", with(func(r *disguisedRecord) { r.note = "123-4\u200b5-6789" })},
		{"bidi override around an SSN", with(func(r *disguisedRecord) { r.note = "\u202e123-45-6789\u202c" })},
		{"bidi isolate in a phone", with(func(r *disguisedRecord) { r.note = "call 212-\u2066555\u2069-0199" })},
	}
	for _, tc := range cases {
		for _, f := range []Format{CSV, NDJSON} {
			t.Run(tc.name+"/"+f.String(), func(t *testing.T) {
				out, _, err := run(t, disguisePolicy(), testKeys(t), Options{Input: f}, tc.rec.input(f))
				if !errors.Is(err, ErrKeptIdentifier) {
					t.Fatalf("err = %v, want ErrKeptIdentifier; wrote %q", err, out)
				}
				if strings.Contains(out, tc.rec.note) {
					t.Errorf("the kept value was written: %q", out)
				}
			})
		}
	}
	// The same record with a clean note is written.
	for _, f := range []Format{CSV, NDJSON} {
		clean := with(func(r *disguisedRecord) { r.note = "caf\u00e9 visit, \uff11\uff12 steps" })
		if _, _, err := run(t, disguisePolicy(), testKeys(t), Options{Input: f}, clean.input(f)); err != nil {
			t.Errorf("%v: clean record refused: %v", f, err)
		}
	}
}
