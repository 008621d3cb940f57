package deidtest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"
)

func generateCSV(t testing.TB, cfg Config) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSV(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readCSV(t testing.TB, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

var formats = map[string]*regexp.Regexp{
	"user_id":        regexp.MustCompile(`^u-\d{7}$`),
	"email":          regexp.MustCompile(`^[a-z]+\.[a-z]+\d{0,2}@[a-z.]+$`),
	"phone":          regexp.MustCompile(`^(\+1-\d{3}-\d{3}-|\(\d{3}\) \d{3}-|\d{3}\.\d{3}\.)\d{4}$`),
	"sex":            regexp.MustCompile(`^[FM]$`),
	"zip":            regexp.MustCompile(`^\d{5}(-\d{4})?$`),
	"state":          regexp.MustCompile(`^[A-Z]{2}$`),
	"mac":            regexp.MustCompile(`^([0-9a-f]{2}:){5}[0-9a-f]{2}$`),
	"weight_kg":      regexp.MustCompile(`^(\d{2,3}\.\d)?$`),
	"fat_mass_kg":    regexp.MustCompile(`^(\d{1,2}\.\d)?$`),
	"muscle_mass_kg": regexp.MustCompile(`^(\d{2,3}\.\d)?$`),
	"heart_rate":     regexp.MustCompile(`^(\d{2,3})?$`),
	"systolic":       regexp.MustCompile(`^(\d{2,3})?$`),
	"diastolic":      regexp.MustCompile(`^(\d{2,3})?$`),
	"sleep_minutes":  regexp.MustCompile(`^(\d{3})?$`),
	"steps":          regexp.MustCompile(`^\d{0,5}$`),
	"lat":            regexp.MustCompile(`^\d{1,2}\.\d{5,6}$`),
	"lon":            regexp.MustCompile(`^-\d{2,3}\.\d{5,6}$`),
}

func TestCSVFormats(t *testing.T) {
	for _, cfg := range []Config{
		{Rows: 20000, Seed: 7},
		// Many small users, to see the rarer user attributes.
		{Rows: 20000, Seed: 8, MinPerUser: 2, MaxPerUser: 10},
	} {
		t.Run(fmt.Sprint(cfg.MaxPerUser), func(t *testing.T) { testCSVFormats(t, cfg) })
	}
}

func testCSVFormats(t *testing.T, cfg Config) {
	rows := cfg.Rows
	recs := readCSV(t, generateCSV(t, cfg))
	if got := fmt.Sprint(recs[0]); got != fmt.Sprint(Columns()) {
		t.Fatalf("header %v, want %v", got, Columns())
	}
	if len(recs) != rows+1 {
		t.Fatalf("%d rows, want %d", len(recs)-1, rows)
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	seen := map[string]bool{}
	note := func(feature string, ok bool) {
		if ok {
			seen[feature] = true
		}
	}
	ref := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	perUser := map[string]int{}
	var order []string
	for n, rec := range recs[1:] {
		line := n + 2
		for name, re := range formats {
			if !re.MatchString(rec[col[name]]) {
				t.Fatalf("line %d: %s = %q does not match %v", line, name, rec[col[name]], re)
			}
		}
		dob, err := time.Parse("2006-01-02", rec[col["date_of_birth"]])
		if err != nil || dob.Year() < 1931 || dob.Year() > 2012 {
			t.Fatalf("line %d: date_of_birth %q", line, rec[col["date_of_birth"]])
		}
		age := ref.Year() - dob.Year()
		if dob.Month() != 1 || dob.Day() != 1 { // 2026-01-01 is before the birthday
			age--
		}
		note(fmt.Sprint("age ", age), true)
		note("leap day", dob.Month() == 2 && dob.Day() == 29)
		if _, err := time.Parse(time.RFC3339, rec[col["measured_at"]]); err != nil {
			t.Fatalf("line %d: measured_at: %v", line, err)
		}
		ip, err := netip.ParseAddr(rec[col["ip"]])
		if err != nil {
			t.Fatalf("line %d: ip: %v", line, err)
		}
		note("ipv6", ip.Is6())
		zip := rec[col["zip"]]
		note("zip+4", len(zip) == 10)
		note("leading zero zip", zip[0] == '0')
		note("restricted zip", strings.Contains("036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893", zip[:3]))
		note("empty measurement", rec[col["weight_kg"]] == "")
		note("negative lon", strings.HasPrefix(rec[col["lon"]], "-"))
		v := rec[col["note"]]
		note("empty note", v == "")
		note("note with comma", strings.Contains(v, ","))
		note("note with quote", strings.Contains(v, `"`))
		note("note with newline", strings.Contains(v, "\n"))
		note("note with non-ASCII", strings.ContainsFunc(v, func(r rune) bool { return r > 127 }))
		note("note with email", strings.Contains(v, rec[col["email"]]))
		note("note with phone", strings.Contains(v, rec[col["phone"]]))
		note("note with ip", strings.Contains(v, rec[col["ip"]]))
		note("note with leading space", strings.HasPrefix(v, " "))
		id := rec[col["user_id"]]
		if perUser[id] == 0 {
			order = append(order, id)
		} else if order[len(order)-1] != id {
			t.Fatalf("line %d: user %s comes back after another user", line, id)
		}
		perUser[id]++
	}
	var rare []string
	if cfg.MaxPerUser != 0 {
		rare = []string{"age 89", "age 90", "age 91", "leap day"}
	}
	for _, f := range append(rare,
		"ipv6", "zip+4", "leading zero zip", "restricted zip",
		"empty measurement", "negative lon", "empty note", "note with comma", "note with quote",
		"note with newline", "note with non-ASCII", "note with email", "note with phone", "note with ip",
		"note with leading space",
	) {
		if !seen[f] {
			t.Errorf("no row with %s in %d rows", f, rows)
		}
	}
	lo, hi := max(cfg.MinPerUser, DefaultMinPerUser), DefaultMaxPerUser
	if cfg.MaxPerUser != 0 {
		lo, hi = cfg.MinPerUser, cfg.MaxPerUser
	}
	for i, id := range order {
		if n := perUser[id]; (n < lo && i < len(order)-1) || n > hi {
			t.Errorf("user %s has %d measurements", id, n)
		}
	}
	if len(order) < rows/hi {
		t.Errorf("only %d users", len(order))
	}
}

func TestDeterministic(t *testing.T) {
	for _, cfg := range []Config{{Rows: 3000, Seed: 1}, {Rows: 3000, Seed: 1, UUIDs: true, MinPerUser: 1, MaxPerUser: 3}} {
		a, b := generateCSV(t, cfg), generateCSV(t, cfg)
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: two runs differ", cfg)
		}
		cfg.Seed++
		if bytes.Equal(a, generateCSV(t, cfg)) {
			t.Errorf("%+v: seeds %d and %d give the same output", cfg, cfg.Seed-1, cfg.Seed)
		}
	}
}

func TestUUIDsAndUserSizes(t *testing.T) {
	recs := readCSV(t, generateCSV(t, Config{Rows: 500, Seed: 3, UUIDs: true, MinPerUser: 2, MaxPerUser: 4}))
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	run, users := 0, 0
	for i, rec := range recs[1:] {
		if !uuid.MatchString(rec[0]) {
			t.Fatalf("user_id %q is not UUID-like", rec[0])
		}
		if i > 0 && rec[0] != recs[i][0] {
			if run < 2 || run > 4 {
				t.Fatalf("user with %d measurements, want 2 to 4", run)
			}
			run = 0
			users++
		}
		run++
	}
	if users < 500/4-1 {
		t.Errorf("%d users, want at least %d", users, 500/4-1)
	}
}

func TestRowCounts(t *testing.T) {
	for _, rows := range []int{0, 1, 49, 50, 501, 2000} {
		recs := readCSV(t, generateCSV(t, Config{Rows: rows, Seed: 5}))
		if len(recs) != rows+1 {
			t.Errorf("Rows %d: got %d data rows", rows, len(recs)-1)
		}
		var b bytes.Buffer
		if err := WriteNDJSON(context.Background(), &b, Config{Rows: rows, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(b.Bytes(), []byte{'\n'}); n != rows {
			t.Errorf("Rows %d: got %d NDJSON lines", rows, n)
		}
	}
}

// keysInOrder returns the keys of the JSON object in line, in order, and
// recurses into nested objects as "parent.key".
func keysInOrder(t *testing.T, line []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var keys []string
	var prefix []string
	expectKey := []bool{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return keys
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' {
				if len(expectKey) > 0 {
					expectKey[len(expectKey)-1] = true
				}
				expectKey = append(expectKey, true)
			} else {
				expectKey = expectKey[:len(expectKey)-1]
				if len(prefix) > 0 {
					prefix = prefix[:len(prefix)-1]
				}
			}
			continue
		case string:
			if expectKey[len(expectKey)-1] {
				keys = append(keys, strings.Join(append(prefix, v), "."))
				expectKey[len(expectKey)-1] = false
				prefix = append(prefix, v)
				continue
			}
		}
		// A value ends the member.
		expectKey[len(expectKey)-1] = true
		prefix = prefix[:len(prefix)-1]
	}
}

func TestNDJSONMatchesCSV(t *testing.T) {
	cfg := Config{Rows: 3000, Seed: 11}
	recs := readCSV(t, generateCSV(t, cfg))
	for _, nested := range []bool{false, true} {
		cfg.Nested = nested
		var b bytes.Buffer
		if err := WriteNDJSON(context.Background(), &b, cfg); err != nil {
			t.Fatal(err)
		}
		lines := bytes.Split(bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), []byte{'\n'})
		if len(lines) != cfg.Rows {
			t.Fatalf("%d lines, want %d", len(lines), cfg.Rows)
		}
		wantKeys := Columns()
		if nested {
			wantKeys = []string{"user_id", "email", "first_name", "last_name", "phone", "date_of_birth", "sex", "zip", "state",
				"device", "device.model", "device.ip", "device.mac", "measured_at", "weight_kg", "fat_mass_kg", "muscle_mass_kg",
				"heart_rate", "systolic", "diastolic", "sleep_minutes", "steps", "location", "location.lat", "location.lon", "note"}
		}
		for i, line := range lines {
			if got := keysInOrder(t, line); fmt.Sprint(got) != fmt.Sprint(wantKeys) {
				t.Fatalf("line %d keys %v, want %v", i+1, got, wantKeys)
			}
			var obj map[string]any
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.UseNumber()
			if err := dec.Decode(&obj); err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			if nested {
				for k, v := range obj["device"].(map[string]any) {
					obj[map[string]string{"model": "device_model", "ip": "ip", "mac": "mac"}[k]] = v
				}
				for k, v := range obj["location"].(map[string]any) {
					obj[k] = v
				}
			}
			for j, name := range recs[0] {
				want := recs[i+1][j]
				var got string
				switch v := obj[name].(type) {
				case nil:
					if !numeric[j] {
						t.Fatalf("line %d: %s is null", i+1, name)
					}
				case json.Number:
					if !numeric[j] {
						t.Fatalf("line %d: %s is a number", i+1, name)
					}
					got = string(v)
				case string:
					if numeric[j] {
						t.Fatalf("line %d: %s is a string", i+1, name)
					}
					got = v
				default:
					t.Fatalf("line %d: %s has type %T", i+1, name, v)
				}
				if got != want {
					t.Fatalf("line %d: %s = %q in NDJSON, %q in CSV", i+1, name, got, want)
				}
			}
		}
	}
}

func TestCancelAndWriteErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteCSV(ctx, io.Discard, Config{Rows: 100000}); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteCSV with a canceled context = %v", err)
	}
	if err := WriteNDJSON(ctx, io.Discard, Config{Rows: 100000}); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteNDJSON with a canceled context = %v", err)
	}
	boom := errors.New("disk full")
	if err := WriteCSV(context.Background(), failingWriter{boom}, Config{Rows: 10}); !errors.Is(err, boom) {
		t.Errorf("WriteCSV to a failing writer = %v", err)
	}
	for _, cfg := range []Config{{Rows: -1}, {Rows: 1, MinPerUser: 5, MaxPerUser: 4}, {Rows: 1, MinPerUser: -1}} {
		if err := WriteCSV(context.Background(), io.Discard, cfg); err == nil {
			t.Errorf("WriteCSV(%+v) succeeded", cfg)
		}
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func BenchmarkWriteCSV(b *testing.B) {
	benchmarkWrite(b, WriteCSV, Config{Rows: 50000, Seed: 1})
}

func BenchmarkWriteCSVTimeOrdered(b *testing.B) {
	benchmarkWrite(b, WriteCSV, Config{Rows: 50000, Seed: 1, TimeOrdered: true, NumericIDs: true})
}

func BenchmarkWriteNDJSON(b *testing.B) {
	benchmarkWrite(b, WriteNDJSON, Config{Rows: 50000, Seed: 1})
}

func benchmarkWrite(b *testing.B, write func(context.Context, io.Writer, Config) error, cfg Config) {
	var n countingWriter
	if err := write(context.Background(), &n, cfg); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if err := write(context.Background(), io.Discard, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cfg.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

func TestTimeOrdered(t *testing.T) {
	for _, ppm := range []int{2_500, 25_000, 250_000} {
		t.Run(fmt.Sprint(ppm), func(t *testing.T) {
			const rows = 10_000
			cfg := Config{Rows: rows, Seed: 9, TimeOrdered: true, PeoplePerMillion: ppm, NumericIDs: true}
			recs := readCSV(t, generateCSV(t, cfg))
			if len(recs) != rows+1 {
				t.Fatalf("%d rows, want %d", len(recs)-1, rows)
			}
			id := regexp.MustCompile(`^\d{8}$`)
			first := map[string][]string{} // a person's columns user_id..device_model
			repeats := 0
			var last time.Time
			for n, rec := range recs[1:] {
				line := n + 2
				if !id.MatchString(rec[0]) {
					t.Fatalf("line %d: user_id %q is not eight digits", line, rec[0])
				}
				at, err := time.Parse(time.RFC3339, rec[12])
				if err != nil || at.Before(last) {
					t.Fatalf("line %d: measured_at %q before %v (%v)", line, rec[12], last, err)
				}
				last = at
				static := rec[:12]
				if prev, ok := first[rec[0]]; !ok {
					first[rec[0]] = static
				} else if fmt.Sprint(prev) != fmt.Sprint(static) {
					t.Fatalf("line %d: person %s changed from %v to %v", line, rec[0], prev, static)
				}
				if n > 0 && recs[n][0] == rec[0] {
					repeats++
				}
			}
			people := rows * ppm / 1_000_000
			// Drawn at random, about people*(1-exp(-rows/people)) of them
			// appear.
			if len(first) > people || len(first) < people*8/10 {
				t.Errorf("%d people, want about %d", len(first), people)
			}
			if limit := rows/people + rows/100; repeats > limit {
				t.Errorf("%d rows follow a row of the same person, want at most %d", repeats, limit)
			}
			if span := last.Sub(mustTime(t, recs[1][12])); span < 29*24*time.Hour || span > 31*24*time.Hour {
				t.Errorf("rows span %v, want about 30 days", span)
			}
		})
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestTimeOrderedNDJSONMatchesCSV(t *testing.T) {
	cfg := Config{Rows: 1000, Seed: 4, TimeOrdered: true, PeoplePerMillion: 250_000}
	recs := readCSV(t, generateCSV(t, cfg))
	var b bytes.Buffer
	if err := WriteNDJSON(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	for n, line := range bytes.Split(bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), []byte{'\n'}) {
		var obj map[string]any
		if err := json.Unmarshal(line, &obj); err != nil {
			t.Fatal(err)
		}
		if obj["user_id"] != recs[n+1][0] || obj["measured_at"] != recs[n+1][12] {
			t.Fatalf("line %d: %v %v, CSV has %v %v", n+1, obj["user_id"], obj["measured_at"], recs[n+1][0], recs[n+1][12])
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Rows: -1},
		{Rows: 10, MinPerUser: 5, MaxPerUser: 4},
		{Rows: 10, TimeOrdered: true, PeoplePerMillion: -1},
		{Rows: 10, UUIDs: true, NumericIDs: true},
	} {
		if err := WriteCSV(context.Background(), io.Discard, cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}
