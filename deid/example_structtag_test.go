package deid_test

import (
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

type Device struct {
	Model  string `deid:"keep"`
	Serial string `deid:"drop"`
}

// Measurement is what an ingestion service receives from a connected
// scale. Every field says what happens to it.
type Measurement struct {
	UserID     string    `deid:"pseudonymize,domain=ai-engine"`
	Email      string    `deid:"drop"`
	BirthDate  string    `deid:"year"`
	ZIP        string    `deid:"zip3"`
	IP         string    `deid:"truncate_ip"`
	MeasuredAt time.Time `deid:"keep"`
	Age        int       `deid:"age"`
	WeightKg   float64   `deid:"keep"`
	Lat        float64   `deid:"round,decimals=2"`
	Note       string    `deid:"scrub"`
	Device     Device    `deid:"nested"`
}

func ExampleForType() {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	// Compile once per type, at start-up, and share: a Struct is safe for
	// concurrent use.
	measurements, err := deid.ForType[Measurement](deid.Keys{Pseudonyms: ks},
		deid.WithReferenceDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		log.Fatal(err)
	}

	m := Measurement{
		UserID: "u-100042", Email: "jane.doe@example.com", BirthDate: "1985-07-14", ZIP: "94110-1234",
		IP: "203.0.113.7", MeasuredAt: time.Date(2025, 3, 5, 7, 12, 44, 0, time.UTC), Age: 93, WeightKg: 72.4,
		Lat: 37.774929, Note: "new scale, mail me at jane.doe@example.com",
		Device: Device{Model: "Body+", Serial: "SN-0042"},
	}
	out, err := measurements.Copy(m) // m is left as it was; Apply(&m) works in place
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.UserID != m.UserID, len(out.UserID))
	fmt.Printf("%q %q %q %q\n", out.Email, out.BirthDate, out.ZIP, out.IP)
	fmt.Println(out.MeasuredAt.Format(time.RFC3339), out.Age, out.WeightKg, out.Lat)
	fmt.Println(out.Note)
	fmt.Printf("%+v\n", out.Device)

	// A field without a tag, or a tag its type cannot hold, fails when the
	// type is compiled, not when the first record slips through.
	type Bad struct {
		UserID string `deid:"pseudonymize,domain=ai-engine"`
		Weight float64
	}
	_, err = deid.ForType[Bad](deid.Keys{Pseudonyms: ks})
	fmt.Println(err)
	// Output:
	// true 32
	// "" "1985" "941" "203.0.113.0"
	// 2025-03-05T07:12:44Z 90 72.4 37.77
	// new scale, mail me at [EMAIL]
	// {Model:Body+ Serial:}
	// deid: struct deid_test.Bad, field Weight: no deid tag: every field must say what happens to it (deid:"keep" keeps it)
}

// Optional values are pointers: each takes the actions of the type it
// points to, and nil stays nil. Serialized with encoding/json, a dropped
// field is written as its zero value unless its json tag says omitempty;
// errors name fields as the JSON does.
func ExampleForType_pointers() {
	type Reading struct {
		UserID   string     `json:"user_id" deid:"pseudonymize,domain=ai-engine"`
		Email    *string    `json:"email,omitempty" deid:"drop"`
		Phone    string     `json:"phone" deid:"drop"`
		WeightKg *float64   `json:"weight_kg" deid:"round,decimals=0"`
		FatPct   *float64   `json:"fat_pct" deid:"round,decimals=0"`
		Birth    *time.Time `json:"birth" deid:"year,top_code=false"`
		ZIP      *string    `json:"zip_code" deid:"zip3"`
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	readings, err := deid.ForType[Reading](deid.Keys{Pseudonyms: ks})
	if err != nil {
		log.Fatal(err)
	}
	email, zip, weight := "jane.doe@example.com", "94110", 72.4
	birth := time.Date(1985, 7, 14, 0, 0, 0, 0, time.UTC)
	out, err := readings.Copy(Reading{UserID: "u-100042", Email: &email, Phone: "+1 415 555 0100",
		WeightKg: &weight, Birth: &birth, ZIP: &zip})
	if err != nil {
		log.Fatal(err)
	}
	out.UserID = "…" // a random key each run: the pseudonym changes
	js, _ := json.Marshal(out)
	fmt.Println(string(js))

	bad := "9411O"
	_, err = readings.Copy(Reading{ZIP: &bad})
	fmt.Println(err)
	// Output:
	// {"user_id":"…","phone":"","weight_kg":72,"fat_pct":null,"birth":"1985-01-01T00:00:00Z","zip_code":"941"}
	// deid: record: field "zip_code" (zip3): malformed ZIP code
}
