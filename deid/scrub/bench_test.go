package scrub

import (
	"bytes"
	"regexp"
	"testing"
)

// notes is a few KB of device and support notes of the kind the scrubber
// is meant for: mostly prose and measurements, a few identifiers, some
// non-ASCII text.
var notes = func() []byte {
	paragraphs := []string{
		"Ticket 48213: user reports the scale stopped syncing after the firmware update to 4.10.2. " +
			"Weight readings (72.5 kg, 72.3 kg) show in the app but not on the web dashboard. " +
			"Asked the user to re-pair over Bluetooth and to confirm the Wi-Fi network is 2.4 GHz. ",
		"Customer called from 415-555-2671 about a duplicate charge; card ending 1111 was refunded. " +
			"Follow-up email sent to jane.doe@example.com with the return label. ",
		"Device log: connected to 192.168.1.23, gateway 192.168.1.1, MAC 00:1a:2b:3c:4d:5e, " +
			"RSSI -61 dBm, battery 43%, last upload 2024-03-05T07:42:10Z, retry in 300 s. ",
		"Blood pressure monitor: morning average 128/84 mmHg, evening 121/79 mmHg, HR 64 bpm. " +
			"The cuff error E3 appeared twice; instructed to wrap the cuff 2-3 cm above the elbow. ",
		"Sleep sensor under the mattress reports 6 h 45 min, 3 awakenings, snoring 12% of the night. " +
			"User asked whether the data is shared; pointed to https://support.example.com/privacy?lang=en. ",
		"Nota del cliente: la báscula muestra «Err 21» después de cambiar las pilas. Se recomienda " +
			"reiniciar y volver a emparejar. Kundin meldet: Gewicht wird nicht übertragen, bitte prüfen. ",
		"用户反馈：手表心率数据在晚上十点后不同步，已建议重新登录账户并检查蓝牙权限。 ",
		"Escalated to tier 2. Account created March 5, 2019; date of birth on file 04/12/1961; " +
			"replacement shipped, tracking shows delivery on 12 March 2024. ",
		"Steps today 10432, active minutes 54, resting HR 58, VO2 max estimate 41.2 ml/kg/min. " +
			"No anomalies detected in the ECG trace recorded at 08:15; sinus rhythm 62 bpm. ",
	}
	var b bytes.Buffer
	for b.Len() < 4<<10 {
		for _, p := range paragraphs {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}()

func BenchmarkScrubText(b *testing.B) {
	benchScrub(b)
}

// benchScrub measures a Scrubber made with opts on the notes, appending
// to a reused buffer as deid does.
func benchScrub(b *testing.B, opts ...Option) {
	benchScrubText(b, notes, opts...)
}

// benchScrubText is benchScrub of text.
func benchScrubText(b *testing.B, text []byte, opts ...Option) {
	s, err := New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 2*len(text))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		dst = s.Append(dst[:0], text)
	}
}

// BenchmarkScrubTextNaiveRegexp is the baseline: what a user would write by
// hand, one regular expression per kind applied in sequence with
// regexp.ReplaceAll. It detects less (no boundary rules, no IPv6
// compression rules, no date validation) and is given the Luhn check only
// through ReplaceAllFunc.
func BenchmarkScrubTextNaiveRegexp(b *testing.B) {
	type rule struct {
		re  *regexp.Regexp
		tag []byte
	}
	rules := []rule{
		{regexp.MustCompile(`https?://[^\s<>"]+|www\.[^\s<>"]+`), []byte("[URL]")},
		{regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`), []byte("[EMAIL]")},
		{regexp.MustCompile(`\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b`), []byte("[MAC]")},
		{regexp.MustCompile(`\b(?:(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\b`), []byte("[IP]")},
		{regexp.MustCompile(`\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|\b(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?`), []byte("[IP]")},
		{regexp.MustCompile(`\b(?:00[1-9]|0[1-9][0-9]|[1-578][0-9]{2}|6[0-57-9][0-9]|66[0-57-9])-(?:0[1-9]|[1-9][0-9])-(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})\b`), []byte("[SSN]")},
		{regexp.MustCompile(`\+[1-9][0-9 -]{7,18}[0-9]|(?:\b1[-. ])?(?:\([2-9][0-9]{2}\) ?|\b[2-9][0-9]{2}[-. ])[2-9][0-9]{2}[-. ][0-9]{4}\b`), []byte("[PHONE]")},
		{regexp.MustCompile(`\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,? \d{4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b`), []byte("[DATE]")},
	}
	card := regexp.MustCompile(`\b(?:\d[ -]?){12,18}\d\b`)
	cardTag := []byte("[CARD]")
	b.SetBytes(int64(len(notes)))
	b.ReportAllocs()
	for b.Loop() {
		out := notes
		for _, r := range rules {
			out = r.re.ReplaceAll(out, r.tag)
		}
		out = card.ReplaceAllFunc(out, func(m []byte) []byte {
			if luhn(m) {
				return cardTag
			}
			return m
		})
		_ = out
	}
}

// BenchmarkScrubTextPseudonym replaces through a caller-supplied Replacer,
// as deid does with keyed pseudonyms; the replacer here only copies a
// fixed-width token so that the scan and the dispatch are what is measured.
func BenchmarkScrubTextPseudonym(b *testing.B) {
	benchScrub(b, WithReplacer(ReplacerFunc(func(dst []byte, k Kind, match []byte) []byte {
		return append(dst, "tok_0123456789abcdef"...)
	})))
}

// BenchmarkScrubTextKnown scrubs the notes with a record's identifiers
// known, refilling the Known set for each pass as deid does per record.
func BenchmarkScrubTextKnown(b *testing.B) {
	s, err := New()
	if err != nil {
		b.Fatal(err)
	}
	values := []struct {
		k Kind
		v []byte
	}{
		{Name, []byte("Jane Doe")}, {Email, []byte("jane.doe@example.com")}, {Phone, []byte("+1 415-555-2671")},
		{Address, []byte("12 Main Street, Springfield, IL 62701")}, {ID, []byte("U-48213")},
	}
	var known Known
	dst := make([]byte, 0, 2*len(notes))
	b.SetBytes(int64(len(notes)))
	b.ReportAllocs()
	for b.Loop() {
		known.Reset()
		for _, v := range values {
			known.Add(v.k, v.v)
		}
		dst = s.AppendKnown(dst[:0], notes, &known, nil)
	}
}

// asciiNotes are the notes without their paragraphs that are not ASCII:
// text that is its own skeleton (skeleton.go), whose cost the reading of
// disguised spellings must not raise.
var asciiNotes = func() []byte {
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter(notes, []byte("\n")) {
		if ascii(line) {
			b.Write(line)
		}
	}
	return b.Bytes()
}()

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func BenchmarkScrubTextASCII(b *testing.B) {
	benchScrubText(b, asciiNotes)
}
