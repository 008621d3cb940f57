package baseline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/deid/deidtest"
)

var (
	testKey = []byte("research-partner-7 domain key, test only")
	refDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	params  = Params{DomainKey: testKey, RefDate: refDate}
)

// refHMAC is HMAC-SHA256 (RFC 2104) written out from SHA-256, as an oracle
// independent of crypto/hmac.
func refHMAC(key, msg []byte) []byte {
	if len(key) > sha256.BlockSize {
		k := sha256.Sum256(key)
		key = k[:]
	}
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	inner := sha256.Sum256(append(ipad[:], msg...))
	outer := sha256.Sum256(append(opad[:], inner[:]...))
	return outer[:]
}

func refPseudonym(id string) string { return hex.EncodeToString(refHMAC(testKey, []byte(id))[:16]) }

// refBirthYear is an independent implementation of the birth year rule.
func refBirthYear(dob string, ref time.Time) (string, bool) {
	parts := strings.Split(dob, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return "", false
	}
	y, e1 := strconv.ParseUint(parts[0], 10, 16)
	m, e2 := strconv.ParseUint(parts[1], 10, 8)
	d, e3 := strconv.ParseUint(parts[2], 10, 8)
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 {
		return "", false
	}
	days := []uint64{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if d > days {
		return "", false
	}
	birthdayPassed := uint64(ref.Month())*100+uint64(ref.Day()) >= m*100+d
	age := ref.Year() - int(y)
	if !birthdayPassed {
		age--
	}
	if age >= 90 {
		return "90+", true
	}
	return parts[0], true
}

func refZIP3(z string) (string, bool) {
	ok := len(z) == 5 || (len(z) == 10 && z[5] == '-')
	for i, c := range z {
		if i != 5 && (c < '0' || c > '9') {
			ok = false
		}
	}
	if !ok {
		return "", false
	}
	for _, p := range strings.Fields("036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893") {
		if z[:3] == p {
			return "000", true
		}
	}
	return z[:3], true
}

var dropped = map[string]bool{"email": true, "first_name": true, "last_name": true, "phone": true, "ip": true, "mac": true, "lat": true, "lon": true, "note": true}

func TestPseudonymKnownAnswer(t *testing.T) {
	// RFC 4231, test case 2.
	if got, want := pseudonym([]byte("Jefe"), "what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c7"; got != want {
		t.Errorf("pseudonym = %s, want %s", got, want)
	}
	for _, id := range []string{"", "u-1000001", strings.Repeat("x", 200)} {
		if got, want := pseudonym(testKey, id), refPseudonym(id); got != want {
			t.Errorf("pseudonym(%q) = %s, want %s", id, got, want)
		}
	}
}

func TestBirthYear(t *testing.T) {
	tests := []struct {
		dob, ref string
		want     string // "" for an error
	}{
		{"1936-01-01", "2026-01-01", "90+"},
		{"1936-01-02", "2026-01-01", "1936"},
		{"1935-12-31", "2026-01-01", "90+"},
		{"1934-06-15", "2026-01-01", "90+"},
		{"1937-03-01", "2026-01-01", "1937"},
		{"1936-02-29", "2026-01-01", "1936"},
		{"1936-02-29", "2026-02-28", "1936"},
		{"1936-02-29", "2026-03-01", "90+"},
		{"1936-06-15", "2026-06-15", "90+"},
		{"1936-06-15", "2026-06-14", "1936"},
		{"2000-02-29", "2026-01-01", "2000"},
		{"2030-01-01", "2026-01-01", "2030"},
		{"1900-02-29", "2026-01-01", ""},
		{"1937-02-29", "2026-01-01", ""},
		{"1936-04-31", "2026-01-01", ""},
		{"1936-13-01", "2026-01-01", ""},
		{"1936-00-10", "2026-01-01", ""},
		{"1936-1-01", "2026-01-01", ""},
		{"36-01-01", "2026-01-01", ""},
		{"1936/01/01", "2026-01-01", ""},
		{" 1936-01-01", "2026-01-01", ""},
		{"1936-01-01 ", "2026-01-01", ""},
		{"1936-01-01T00:00:00Z", "2026-01-01", ""},
		{"", "2026-01-01", ""},
	}
	for _, tt := range tests {
		ref, _ := time.Parse(time.DateOnly, tt.ref)
		got, err := birthYearOf(tt.dob, ref)
		if tt.want == "" {
			if !errors.Is(err, ErrDate) {
				t.Errorf("birthYearOf(%q) = %q, %v; want ErrDate", tt.dob, got, err)
			}
		} else if err != nil || got != tt.want {
			t.Errorf("birthYearOf(%q, %s) = %q, %v; want %q", tt.dob, tt.ref, got, err, tt.want)
		}
		if ref, ok := refBirthYear(tt.dob, ref); ok != (tt.want != "") || ref != tt.want {
			t.Errorf("oracle disagrees with the table on %q: %q", tt.dob, ref)
		}
	}
}

func TestZIP3(t *testing.T) {
	tests := []struct{ zip, want string }{
		{"02139", "021"}, {"10001-1234", "100"}, {"03601", "000"}, {"10201-1234", "000"},
		{"89301", "000"}, {"82100", "000"}, {"55601", "000"}, {"00501", "005"},
		{"1020", ""}, {"102011234", ""}, {"10201-123", ""}, {"10201_1234", ""}, {"abcde", ""},
		{"10201 ", ""}, {"", ""}, {"１０２０１", ""}, {"10201-12345", ""},
	}
	for _, tt := range tests {
		got, err := zip3Of(tt.zip)
		if tt.want == "" {
			if !errors.Is(err, ErrZIP) {
				t.Errorf("zip3Of(%q) = %q, %v; want ErrZIP", tt.zip, got, err)
			}
		} else if err != nil || got != tt.want {
			t.Errorf("zip3Of(%q) = %q, %v; want %q", tt.zip, got, err, tt.want)
		}
		if ref, ok := refZIP3(tt.zip); ok != (tt.want != "") || ref != tt.want {
			t.Errorf("oracle disagrees with the table on %q: %q", tt.zip, ref)
		}
	}
}

func synthCSV(t testing.TB, cfg deidtest.Config) []byte {
	var b bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// expectRecord applies the policy with the oracles.
func expectRecord(t *testing.T, header, rec []string) []string {
	var out []string
	for i, name := range header {
		v := rec[i]
		switch {
		case dropped[name]:
			continue
		case name == "user_id":
			v = refPseudonym(v)
		case name == "date_of_birth":
			var ok bool
			if v, ok = refBirthYear(v, refDate); !ok {
				t.Fatalf("synthetic date %q does not parse", rec[i])
			}
		case name == "zip":
			var ok bool
			if v, ok = refZIP3(v); !ok {
				t.Fatalf("synthetic ZIP %q does not parse", rec[i])
			}
		}
		out = append(out, v)
	}
	return out
}

func TestCSVOnSyntheticData(t *testing.T) {
	input := synthCSV(t, deidtest.Config{Rows: 2000, Seed: 9, MinPerUser: 1, MaxPerUser: 20})
	for _, bom := range []bool{false, true} {
		in := input
		if bom {
			in = append([]byte("\xef\xbb\xbf"), input...)
		}
		var out bytes.Buffer
		if err := CSV(context.Background(), bytes.NewReader(in), &out, params); err != nil {
			t.Fatal(err)
		}
		inRecs, err := csv.NewReader(bytes.NewReader(input)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		outRecs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(outRecs) != len(inRecs) {
			t.Fatalf("%d output records, want %d", len(outRecs), len(inRecs))
		}
		var wantHeader []string
		for _, name := range inRecs[0] {
			if !dropped[name] {
				wantHeader = append(wantHeader, name)
			}
		}
		if fmt.Sprint(outRecs[0]) != fmt.Sprint(wantHeader) {
			t.Fatalf("header %v, want %v", outRecs[0], wantHeader)
		}
		for i := 1; i < len(inRecs); i++ {
			if want := expectRecord(t, inRecs[0], inRecs[i]); fmt.Sprint(outRecs[i]) != fmt.Sprint(want) {
				t.Fatalf("record %d: got %q, want %q", i, outRecs[i], want)
			}
		}
		checkNoLeak(t, inRecs, out.String())
	}
}

// checkNoLeak looks for every value of a dropped column in the output: as
// a whole field for names, as a substring for the rest.
func checkNoLeak(t *testing.T, inRecs [][]string, output string) {
	t.Helper()
	fields := map[string]bool{}
	for _, f := range strings.FieldsFunc(output, func(r rune) bool { return r == ',' || r == '\n' || r == '"' || r == ':' || r == '{' || r == '}' }) {
		fields[f] = true
	}
	checked := map[string]bool{}
	for _, rec := range inRecs[1:] {
		for i, name := range inRecs[0] {
			v := rec[i]
			if !dropped[name] || v == "" || checked[v] {
				continue
			}
			checked[v] = true
			switch name {
			case "first_name", "last_name", "lat", "lon":
				if fields[v] {
					t.Fatalf("dropped %s value found in the output", name)
				}
			default:
				if strings.Contains(output, v) {
					t.Fatalf("dropped %s value found in the output", name)
				}
			}
		}
	}
}

func TestNDJSONOnSyntheticData(t *testing.T) {
	cfg := deidtest.Config{Rows: 2000, Seed: 10, MinPerUser: 1, MaxPerUser: 20}
	inRecs, err := csv.NewReader(bytes.NewReader(synthCSV(t, cfg))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var in, out bytes.Buffer
	in.WriteString("\xef\xbb\xbf\n")
	if err := deidtest.WriteNDJSON(context.Background(), &in, cfg); err != nil {
		t.Fatal(err)
	}
	in.WriteString("\n  \n")
	if err := NDJSON(context.Background(), &in, &out, params); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != cfg.Rows {
		t.Fatalf("%d output lines, want %d", len(lines), cfg.Rows)
	}
	for i, line := range lines {
		var got map[string]any
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		want := expectRecord(t, inRecs[0], inRecs[i+1])
		j := 0
		for _, name := range inRecs[0] {
			if dropped[name] {
				if _, ok := got[name]; ok {
					t.Fatalf("line %d: dropped key %s present", i+1, name)
				}
				continue
			}
			switch v := got[name].(type) {
			case string:
				if v != want[j] {
					t.Fatalf("line %d: %s = %q, want %q", i+1, name, v, want[j])
				}
			case json.Number:
				// Through float64: 72.0 comes out as 72.
				g, _ := v.Float64()
				w, err := strconv.ParseFloat(want[j], 64)
				if err != nil || g != w {
					t.Fatalf("line %d: %s = %s, want %s", i+1, name, v, want[j])
				}
			case nil:
				if want[j] != "" {
					t.Fatalf("line %d: %s = null, want %q", i+1, name, want[j])
				}
			default:
				t.Fatalf("line %d: %s has type %T", i+1, name, v)
			}
			j++
		}
		if len(got) != len(want) {
			t.Fatalf("line %d: %d keys, want %d", i+1, len(got), len(want))
		}
	}
	checkNoLeak(t, inRecs, out.String())
}

func TestErrorsNameLineAndField(t *testing.T) {
	const secret = "1936-02-30"
	tests := []struct {
		name, input string
		ndjson      bool
		line        int
		field       string
		cause       error
	}{
		{"csv date", "user_id,date_of_birth,zip\nu-1,1936-01-01,02139\n\"u\n2\",1936-02-30,02139\n", false, 3, "date_of_birth", ErrDate},
		{"csv zip", "user_id,zip,date_of_birth\nu-1,0213,1936-01-01\n", false, 2, "zip", ErrZIP},
		{"csv empty date", "date_of_birth\n1936-01-01\n\"\"\n", false, 3, "date_of_birth", ErrDate},
		{"ndjson date", "{\"date_of_birth\":\"1936-01-01\"}\n\n{\"date_of_birth\":\"1936-02-30\"}\n", true, 3, "date_of_birth", ErrDate},
		{"ndjson zip number", "{\"zip\":2139}\n", true, 1, "zip", ErrValue},
		{"ndjson user_id null", "{\"user_id\":null}\n", true, 1, "user_id", ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := CSV
			if tt.ndjson {
				run = NDJSON
			}
			err := run(context.Background(), strings.NewReader(tt.input), &bytes.Buffer{}, params)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Line != tt.line || fe.Field != tt.field || !errors.Is(err, tt.cause) {
				t.Fatalf("error = %v, want a FieldError at line %d, field %s, cause %v", err, tt.line, tt.field, tt.cause)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "0213") {
				t.Errorf("error %q contains the value", err)
			}
		})
	}
	for _, in := range []string{"", "a,b\n1,\"x\n"} {
		if err := CSV(context.Background(), strings.NewReader(in), &bytes.Buffer{}, params); err == nil {
			t.Errorf("CSV(%q) succeeded", in)
		}
	}
	if err := NDJSON(context.Background(), strings.NewReader("{\"a\":1}\n{\"a\":\n"), &bytes.Buffer{}, params); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("NDJSON on bad JSON: %v, want an error naming line 2", err)
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	input := synthCSV(t, deidtest.Config{Rows: 100, Seed: 1})
	if err := CSV(ctx, bytes.NewReader(input), &bytes.Buffer{}, params); !errors.Is(err, context.Canceled) {
		t.Errorf("CSV with a canceled context = %v", err)
	}
}

func benchInput(b *testing.B, ndjson bool) []byte {
	var buf bytes.Buffer
	cfg := deidtest.Config{Rows: 20000, Seed: 1}
	write := deidtest.WriteCSV
	if ndjson {
		write = deidtest.WriteNDJSON
	}
	if err := write(context.Background(), &buf, cfg); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkCSV(b *testing.B) {
	input := benchInput(b, false)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		if err := CSV(context.Background(), bytes.NewReader(input), discard{}, params); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(20000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkNDJSON(b *testing.B) {
	input := benchInput(b, true)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		if err := NDJSON(context.Background(), bytes.NewReader(input), discard{}, params); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(20000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
