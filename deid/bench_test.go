package deid

import (
	"os"
	"strconv"
	"testing"
)

var measurementFields = []string{"user_id", "email", "first_name", "last_name", "phone", "date_of_birth", "sex", "zip", "state", "ip", "mac", "device_model", "measured_at", "weight_kg", "fat_mass_kg", "muscle_mass_kg", "heart_rate", "systolic", "diastolic", "sleep_minutes", "steps", "lat", "lon", "note"}

func measurementRow(user int) [][]byte {
	return bytesOf([]string{"u-" + strconv.Itoa(100000+user), "jane.doe@example.com", "Jane", "Doe", "+1 415 555 2671", "1931-02-28", "F", "94110-1234", "CA", "203.0.113.7", "00:1a:2b:3c:4d:5e", "Body+ Scale", "2025-03-05T07:12:44Z", "72.4", "21.3", "48.1", "61", "121", "79", "412", "8412", "37.774929", "-122.419416", "Felt dizzy, call me at 415-555-2671"})
}

func researchPlan(t testing.TB) *Plan {
	t.Helper()
	data, err := os.ReadFile("testdata/research-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := Compile(p, measurementFields, testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// The research row path allocates nothing in the steady state.
func TestApplyRowDoesNotAllocate(t *testing.T) {
	pl := researchPlan(t)
	a := pl.NewApplier()
	rows := [][][]byte{measurementRow(1), measurementRow(2), measurementRow(3)}
	var out Row
	i := 0
	apply := func() {
		out.Reset()
		if _, err := a.Apply(&out, rows[i%len(rows)]); err != nil {
			t.Fatal(err)
		}
		i++
	}
	apply()
	if n := testing.AllocsPerRun(200, apply); n != 0 {
		t.Fatalf("Apply allocates %v times per row", n)
	}
	if got, want := out.Len(), 15; got != want {
		t.Fatalf("%d output fields, want %d", got, want)
	}
	if string(out.Field(1)) != "90+" || string(out.Field(3)) != "941" {
		t.Fatalf("dob %q zip %q", out.Field(1), out.Field(3))
	}
}

// BenchmarkApplyRow applies the research policy to one 24-column
// measurement row, cycling through 64 users so that the pseudonym memo hits
// as it does in a real export.
//
//	go test ./deid -run '^$' -bench ApplyRow -benchmem
func BenchmarkApplyRow(b *testing.B) {
	pl := researchPlan(b)
	a := pl.NewApplier()
	rows := make([][][]byte, 64)
	for i := range rows {
		rows[i] = measurementRow(i)
	}
	var out Row
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		out.Reset()
		if _, err := a.Apply(&out, rows[i&63]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
