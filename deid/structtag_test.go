package deid

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/pseudo"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

var structRef = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// copyOne compiles T with the shared test keys and the reference date and
// returns the de-identified copy of v.
func copyOne[T any](t *testing.T, v T) (T, error) {
	t.Helper()
	s, err := ForType[T](profileKeys(t), WithReferenceDate(structRef))
	if err != nil {
		t.Fatalf("ForType[%T]: %v", v, err)
	}
	return s.Copy(v)
}

func mustCopy[T any](t *testing.T, v T) T {
	t.Helper()
	got, err := copyOne(t, v)
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	return got
}

func TestStructStringActions(t *testing.T) {
	keys := profileKeys(t)
	type S struct {
		Keep    string `deid:"keep"`
		Drop    string `deid:"drop"`
		Redact  string `deid:"redact"`
		Token   string `deid:"redact,token=[X]"`
		Replace string `deid:"replace,value=US"`
		Mask    string `deid:"mask,keep_last=4,mask_char=#"`
		Pseudo  string `deid:"pseudonymize,domain=ai-engine"`
		Pseudo2 string `deid:"pseudonymize,domain=ai-engine,bits=64,encoding=base32,key_version=true"`
		Tok     string `deid:"tokenize,context=cardio/partner-x"`
		FPE     string `deid:"fpe,domain=serials,alphabet=digits"`
		Year    string `deid:"year"`
		Old     string `deid:"year"`
		Month   string `deid:"month,top_code=false"`
		Age     string `deid:"age,label=>89"`
		ZIP     string `deid:"zip3"`
		IP      string `deid:"truncate_ip,ipv4_prefix=16"`
		Lat     string `deid:"round,decimals=2"`
		Weight  string `deid:"bucket,width=10"`
		Note    string `deid:"scrub"`
		Only    string `deid:"scrub,kinds=email|ip"`
		Empty   string `deid:"pseudonymize,domain=ai-engine"`
	}
	in := S{
		Keep: "Zoë", Drop: "jane@example.com", Redact: "Jane", Token: "Jane", Replace: "FR", Mask: "4155552671",
		Pseudo: "u-1", Pseudo2: "u-1", Tok: "u-1", FPE: "4006123456", Year: "1985-07-14", Old: "1931-02-28", Month: "1985-07-14",
		Age: "93", ZIP: "03601-1234", IP: "192.168.17.201", Lat: "-122.419416", Weight: "72.4",
		Note: "mail jane@example.com from 10.0.0.1 or call 415-555-2671", Only: "mail jane@example.com from 10.0.0.1 or call 415-555-2671",
	}
	got := mustCopy(t, in)
	p, _ := pseudo.New(keys.Pseudonyms, "ai-engine")
	tk, _ := pseudo.NewTokenizer(keys.Tokens, "cardio/partner-x", pseudo.AllowUnauditedReversal())
	want := S{
		Keep: "Zoë", Redact: "[REDACTED]", Token: "[X]", Replace: "US", Mask: "######2671",
		Pseudo: p.Pseudonym("u-1"), Pseudo2: got.Pseudo2, Tok: got.Tok, FPE: got.FPE, Year: "1985", Old: "90+", Month: "1985-07",
		Age: ">89", ZIP: "000", IP: "192.168.0.0", Lat: "-122.42", Weight: "[70, 80)",
		Note: "mail [EMAIL] from [IP] or call [PHONE]", Only: "mail [EMAIL] from [IP] or call 415-555-2671",
	}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if id, err := tk.Open(t.Context(), got.Tok); err != nil || id != "u-1" {
		t.Errorf("token opens to %q, %v", id, err)
	}
	if got.FPE == in.FPE || len(got.FPE) != len(in.FPE) || strings.Trim(got.FPE, "0123456789") != "" {
		t.Errorf("fpe: %q", got.FPE)
	}
	if got.Pseudo2 == got.Pseudo || !strings.HasPrefix(got.Pseudo2, "v") {
		t.Errorf("pseudonym options ignored: %q", got.Pseudo2)
	}
}

func TestStructTimeActions(t *testing.T) {
	zone := time.FixedZone("UTC+2", 2*3600)
	at := time.Date(2025, time.March, 5, 23, 12, 44, 123, zone)
	type S struct {
		UserID string    `deid:"drop"`
		Keep   time.Time `deid:"keep"`
		Drop   time.Time `deid:"drop"`
		Year   time.Time `deid:"year,top_code=false"`
		Month  time.Time `deid:"month,top_code=false"`
		Shift  time.Time `deid:"date_shift,person=UserID,max_days=30"`
		Shift2 time.Time `deid:"date_shift,person=UserID,max_days=30"`
		Zero   time.Time `deid:"date_shift,person=UserID,max_days=30"`
	}
	in := S{UserID: "u-7", Keep: at, Drop: at, Year: at, Month: at, Shift: at, Shift2: at.AddDate(0, 0, 9)}
	got := mustCopy(t, in)
	if !got.Keep.Equal(at) || !got.Drop.IsZero() || got.UserID != "" || !got.Zero.IsZero() {
		t.Errorf("keep/drop/zero: %+v", got)
	}
	if want := time.Date(2025, 1, 1, 0, 0, 0, 0, zone); !got.Year.Equal(want) || got.Year.Location() != zone {
		t.Errorf("year: %v, want %v", got.Year, want)
	}
	if want := time.Date(2025, 3, 1, 0, 0, 0, 0, zone); !got.Month.Equal(want) {
		t.Errorf("month: %v, want %v", got.Month, want)
	}
	// The shift keeps the time of day, the zone, and the gap between the
	// person's two dates (whose person field is itself dropped).
	h, m, s := got.Shift.Clock()
	if h != 23 || m != 12 || s != 44 || got.Shift.Nanosecond() != 123 || got.Shift.Location() != zone {
		t.Errorf("shift lost the clock or zone: %v", got.Shift)
	}
	d := got.Shift.Sub(at)
	if d%(24*time.Hour) != 0 || d < -30*24*time.Hour || d > 30*24*time.Hour {
		t.Errorf("shift by %v", d)
	}
	if gap := got.Shift2.Sub(got.Shift); gap != 9*24*time.Hour {
		t.Errorf("gap %v, want 9 days", gap)
	}
	// The same person gets the same shift through the row machinery.
	p := &Policy{Fields: []Rule{{Field: "d", Action: DateShift, Person: "id", MaxDays: 30}}, Default: Keep}
	pl, err := Compile(p, []string{"d", "id"}, profileKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	var out Row
	if _, err := pl.NewApplier(AllowKeptIdentifiers()).Apply(&out, [][]byte{[]byte("2025-03-05"), []byte("u-7")}); err != nil {
		t.Fatal(err)
	}
	if string(out.Field(0)) != got.Shift.Format(time.DateOnly) {
		t.Errorf("struct shift %v, row shift %s", got.Shift, out.Field(0))
	}
}

func TestStructNumberActions(t *testing.T) {
	type S struct {
		Age   int     `deid:"age"`
		Age8  uint8   `deid:"age"`
		Old   int64   `deid:"age"`
		Drop  int     `deid:"drop"`
		Keep  uint    `deid:"keep"`
		Lat   float64 `deid:"round,decimals=2"`
		Lon   float32 `deid:"round,decimals=1"`
		Half  float64 `deid:"round,decimals=0"`
		Kg    float64 `deid:"keep"`
		Gone  float32 `deid:"drop"`
		OK    bool    `deid:"keep"`
		NotOK bool    `deid:"drop"`
	}
	got := mustCopy(t, S{Age: 89, Age8: 90, Old: 104, Drop: 7, Keep: 9, Lat: -122.419416, Lon: 37.77, Half: -7.5, Kg: 72.4, Gone: 1, OK: true, NotOK: true})
	want := S{Age: 89, Age8: 90, Old: 90, Keep: 9, Lat: -122.42, Lon: 37.8, Half: -8, Kg: 72.4, OK: true}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestStructReferenceTypes(t *testing.T) {
	type Inner struct {
		A string `deid:"keep"`
	}
	type S struct {
		P  *Inner            `deid:"drop"`
		Q  *Inner            `deid:"keep"`
		L  []string          `deid:"drop"`
		M  map[string]string `deid:"keep"`
		I  any               `deid:"drop"`
		F  func()            `deid:"drop"`
		A  [2]string         `deid:"drop"`
		St Inner             `deid:"drop"`
	}
	q := &Inner{A: "x"}
	m := map[string]string{"k": "v"}
	got := mustCopy(t, S{P: &Inner{}, Q: q, L: []string{"a"}, M: m, I: 3, F: func() {}, A: [2]string{"a", "b"}, St: Inner{"y"}})
	if got.P != nil || got.Q != q || got.L != nil || reflect.ValueOf(got.M).UnsafePointer() != reflect.ValueOf(m).UnsafePointer() ||
		got.I != nil || got.F != nil || got.A != [2]string{} || got.St != (Inner{}) {
		t.Errorf("%+v", got)
	}
}

type stDevice struct {
	Model  string `deid:"keep"`
	Serial string `deid:"drop"`
	MAC    string `deid:"pseudonymize,domain=devices"`
}

type stSite struct {
	stDevice `deid:"nested"`
	ZIP      string `deid:"zip3"`
}

type stNested struct {
	Device   stDevice `deid:"nested"`
	Site     stSite   `deid:"nested"`
	revision int      `deid:"keep"`
}

func TestStructNested(t *testing.T) {
	keys := profileKeys(t)
	dev := stDevice{Model: "Body+", Serial: "SN-1", MAC: "00:1a:2b:3c:4d:5e"}
	in := stNested{Device: dev, Site: stSite{stDevice: dev, ZIP: "94110"}, revision: 42}
	s, err := ForType[stNested](keys)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Copy(in)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := pseudo.New(keys.Pseudonyms, "devices")
	wantDev := stDevice{Model: "Body+", MAC: p.Pseudonym(dev.MAC)}
	want := stNested{Device: wantDev, Site: stSite{stDevice: wantDev, ZIP: "941"}, revision: 42}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	var paths []string
	for _, r := range s.Policy().Fields {
		paths = append(paths, r.Field)
	}
	if want := "Device.MAC Site.stDevice.MAC Site.ZIP"; strings.Join(paths, " ") != want {
		t.Errorf("policy fields %q, want %q", paths, want)
	}
}

func TestStructCopyAndApply(t *testing.T) {
	type S struct {
		ID    string   `deid:"pseudonymize,domain=ai-engine"`
		Email string   `deid:"drop"`
		Tags  []string `deid:"keep"`
		DOB   string   `deid:"year"`
	}
	s, err := ForType[S](profileKeys(t), WithReferenceDate(structRef))
	if err != nil {
		t.Fatal(err)
	}
	orig := S{ID: "u-1", Email: "a@example.com", Tags: []string{"t"}, DOB: "1985-07-14"}
	v := orig
	v.Tags = []string{"t"}
	c, err := s.Copy(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v, orig) {
		t.Errorf("Copy changed its argument: %+v", v)
	}
	if c.ID == v.ID || c.Email != "" || c.DOB != "1985" {
		t.Errorf("copy %+v", c)
	}
	if err := s.Apply(&v); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v, c) {
		t.Errorf("Apply gave %+v, Copy %+v", v, c)
	}
	if err := s.Apply(nil); err == nil {
		t.Error("Apply(nil) succeeded")
	}
}

// A value an action cannot handle names the type and the field, not the
// value, and Apply then leaves the struct as it was, although fields
// before the bad one were transformed.
func TestStructValueErrors(t *testing.T) {
	type S struct {
		ID   string  `deid:"pseudonymize,domain=ai-engine"`
		Drop string  `deid:"drop"`
		ZIP  string  `deid:"zip3"`
		DOB  string  `deid:"year"`
		Age  int     `deid:"age"`
		Lat  float64 `deid:"round,decimals=2"`
	}
	s, err := ForType[S](profileKeys(t), WithReferenceDate(structRef))
	if err != nil {
		t.Fatal(err)
	}
	good := S{ID: "u-1", Drop: "x", ZIP: "94110", DOB: "1985-07-14", Age: 40, Lat: 1.5}
	for _, tc := range []struct {
		name  string
		bad   func(*S)
		field string
		want  error
		value string
	}{
		{"zip", func(v *S) { v.ZIP = "9411O" }, "ZIP", ErrMalformedZIP, "9411O"},
		{"date", func(v *S) { v.DOB = "1985-02-30" }, "DOB", ErrMalformedDate, "1985-02-30"},
		{"age", func(v *S) { v.Age = -3 }, "Age", ErrOutOfRange, "-3"},
		{"age too old", func(v *S) { v.Age = 151 }, "Age", ErrOutOfRange, "151"},
		{"NaN", func(v *S) { v.Lat = math.NaN() }, "Lat", ErrMalformedNumber, "NaN"},
		{"huge", func(v *S) { v.Lat = 1e300 }, "Lat", ErrOutOfRange, "1000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := good
			tc.bad(&v)
			before := v
			err := s.Apply(&v)
			var fe *FieldError
			if !errors.Is(err, tc.want) || !errors.As(err, &fe) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if fe.Field != tc.field {
				t.Errorf("error names %q, want %q", fe.Field, tc.field)
			}
			if strings.Contains(err.Error(), tc.value) {
				t.Errorf("error %q reveals the value", err)
			}
			if !reflect.DeepEqual(v, before) && !(math.IsNaN(v.Lat) && math.IsNaN(before.Lat)) {
				t.Errorf("Apply changed the struct on error: %+v", v)
			}
			if _, err := s.Copy(before); !errors.Is(err, tc.want) {
				t.Errorf("Copy: %v", err)
			}
		})
	}
}

// For any values: Copy leaves its argument alone, releases no dropped,
// redacted or pseudonymized value, and Apply gives what Copy gives.
func TestStructNoLeakProperty(t *testing.T) {
	type S struct {
		ID     string `deid:"pseudonymize,domain=p"`
		Gone   string `deid:"drop"`
		Hidden string `deid:"redact"`
		Note   string `deid:"scrub"`
		Kept   string `deid:"keep"`
		N      int    `deid:"drop"`
	}
	s, err := ForType[S](profileKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	props := testenv.Properties(300)
	props.Property("no leak, copy semantics", prop.ForAll(func(id, gone, hidden, note, kept string, n int) string {
		in := S{ID: id, Gone: gone, Hidden: hidden, Note: note, Kept: kept, N: n}
		before := in
		out, err := s.Copy(in)
		if errors.Is(err, ErrMalformedID) || errors.Is(err, ErrKeptIdentifier) {
			return "" // refused (an ID with a control character, a kept value that looks like an identifier): nothing released
		}
		if err != nil {
			return err.Error()
		}
		switch {
		case in != before:
			return "Copy changed its argument"
		case out.Gone != "" || out.N != 0:
			return "dropped value released"
		case hidden != "" && out.Hidden != "[REDACTED]", hidden == "" && out.Hidden != "":
			return "redact: " + out.Hidden
		case id != "" && (out.ID == id || strings.Contains(out.ID, id)):
			return "pseudonym reveals the ID"
		case out.Kept != kept:
			return "kept value changed"
		}
		for _, other := range []string{out.ID, out.Hidden, out.Note, out.Kept} {
			if len(gone) > 3 && strings.Contains(other, gone) && !strings.Contains(note, gone) && !strings.Contains(kept, gone) {
				return "dropped value found in another field"
			}
		}
		v := in
		if err := s.Apply(&v); err != nil || v != out {
			return fmt.Sprintf("Apply gave %+v, %v", v, err)
		}
		return ""
	}, gen.AnyString(), gen.AnyString(), gen.AnyString(), gen.AnyString(), gen.AnyString(), gen.Int()))
	props.TestingRun(t)
}

// compileErr compiles T and returns the TagError.
func compileErr[T any](t *testing.T, opts ...StructOption) *TagError {
	t.Helper()
	_, err := ForType[T](profileKeys(t), opts...)
	var te *TagError
	if !errors.As(err, &te) || !errors.Is(err, ErrPolicy) {
		t.Fatalf("ForType[%v]: %v, want a TagError", reflect.TypeFor[T](), err)
	}
	if !strings.Contains(err.Error(), reflect.TypeFor[T]().String()) {
		t.Errorf("error %q does not name the type", err)
	}
	return te
}

func TestStructCompileErrors(t *testing.T) {
	type inner struct {
		A string `deid:"keep"`
	}
	type badInner struct {
		A string
	}
	cases := []struct {
		name  string
		run   func(*testing.T) *TagError
		field string
		msg   string
	}{
		{"untagged", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"keep"`
				B string
			}](t)
		}, "B", "no deid tag"},
		{"untagged unexported", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"keep"`
				b string
			}](t)
		}, "b", "no deid tag"},
		{"unexported dropped", func(t *testing.T) *TagError {
			return compileErr[struct {
				b string `deid:"drop"`
			}](t)
		}, "b", "unexported"},
		{"untagged in nested", func(t *testing.T) *TagError {
			return compileErr[struct {
				In badInner `deid:"nested"`
			}](t)
		}, "In.A", "no deid tag"},
		{"empty tag", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:""`
			}](t)
		}, "A", "no action"},
		{"dash", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"-"`
			}](t)
		}, "A", "not an action"},
		{"unknown action", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"hash"`
			}](t)
		}, "A", `unknown action "hash"`},
		{"unknown parameter", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"pseudonymize,domain=x,salt=y"`
			}](t)
		}, "A", `unknown parameter "salt"`},
		{"parameter of another action", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"drop,domain=x"`
			}](t)
		}, "A", `"domain" does not apply`},
		{"bad integer", func(t *testing.T) *TagError {
			return compileErr[struct {
				A float64 `deid:"round,decimals=two"`
			}](t)
		}, "A", "not an integer"},
		{"bad bool", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"year,top_code=maybe"`
			}](t)
		}, "A", "not true or false"},
		{"duplicate parameter", func(t *testing.T) *TagError {
			return compileErr[struct {
				A float64 `deid:"round,decimals=1,decimals=2"`
			}](t)
		}, "A", "twice"},
		{"not name=value", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"pseudonymize,ai-engine"`
			}](t)
		}, "A", "not name=value"},
		{"empty value", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"pseudonymize,domain="`
			}](t)
		}, "A", "no value"},
		{"ranges", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"bucket,ranges=1"`
			}](t)
		}, "A", "cannot be written in a struct tag"},
		{"year on int", func(t *testing.T) *TagError {
			return compileErr[struct {
				A int `deid:"year"`
			}](t)
		}, "A", "cannot be applied to a field of type int"},
		{"pseudonymize on float", func(t *testing.T) *TagError {
			return compileErr[struct {
				A float64 `deid:"pseudonymize,domain=x"`
			}](t)
		}, "A", "cannot be applied"},
		{"zip3 on uint", func(t *testing.T) *TagError {
			return compileErr[struct {
				A uint32 `deid:"zip3"`
			}](t)
		}, "A", "cannot be applied"},
		{"round on bool", func(t *testing.T) *TagError {
			return compileErr[struct {
				A bool `deid:"round,decimals=1"`
			}](t)
		}, "A", "cannot be applied"},
		{"redact on pointer to bool", func(t *testing.T) *TagError {
			return compileErr[struct {
				A *bool `deid:"redact"`
			}](t)
		}, "A", "cannot be applied"},
		{"round on pointer to string slice", func(t *testing.T) *TagError {
			return compileErr[struct {
				A *[]string `deid:"round"`
			}](t)
		}, "A", "cannot be applied"},
		{"pseudonymize on slice", func(t *testing.T) *TagError {
			return compileErr[struct {
				A []string `deid:"pseudonymize,domain=x"`
			}](t)
		}, "A", "cannot be applied"},
		{"year on time with top-coding", func(t *testing.T) *TagError {
			return compileErr[struct {
				A time.Time `deid:"year"`
			}](t, WithReferenceDate(structRef))
		}, "A", "top_code=false"},
		{"scrub on time", func(t *testing.T) *TagError {
			return compileErr[struct {
				A time.Time `deid:"scrub"`
			}](t)
		}, "A", "cannot be applied"},
		{"label on time", func(t *testing.T) *TagError {
			return compileErr[struct {
				A time.Time `deid:"year,top_code=false,label=old"`
			}](t)
		}, "A", "label"},
		{"label on int age", func(t *testing.T) *TagError {
			return compileErr[struct {
				A int `deid:"age,label=old"`
			}](t)
		}, "A", "label"},
		{"nested on string", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"nested"`
			}](t)
		}, "A", "nested needs a struct"},
		{"nested on pointer to string", func(t *testing.T) *TagError {
			return compileErr[struct {
				A *string `deid:"nested"`
			}](t)
		}, "A", "nested needs a struct"},
		{"nested with parameters", func(t *testing.T) *TagError {
			return compileErr[struct {
				A inner `deid:"nested,domain=x"`
			}](t)
		}, "A", "no parameters"},
		{"nested unexported", func(t *testing.T) *TagError {
			return compileErr[struct {
				a inner `deid:"nested"`
			}](t)
		}, "a", "unexported"},
		{"missing domain", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"pseudonymize"`
			}](t)
		}, "A", "needs a domain"},
		{"year without reference date", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"year"`
			}](t)
		}, "A", "WithReferenceDate"},
		{"date shift person missing", func(t *testing.T) *TagError {
			return compileErr[struct {
				A time.Time `deid:"date_shift,person=UserID,max_days=3"`
			}](t)
		}, "A", `person "UserID" is not a field`},
		{"date shift person float", func(t *testing.T) *TagError {
			return compileErr[struct {
				W float64   `deid:"keep"`
				A time.Time `deid:"date_shift,person=W,max_days=3"`
			}](t)
		}, "A", "string or integer"},
		{"date shift max days", func(t *testing.T) *TagError {
			return compileErr[struct {
				ID string    `deid:"keep"`
				A  time.Time `deid:"date_shift,person=ID,max_days=0"`
			}](t)
		}, "A", "max_days"},
		{"unknown scrub kind", func(t *testing.T) *TagError {
			return compileErr[struct {
				A string `deid:"scrub,kinds=email|person"`
			}](t)
		}, "A", "unknown kind"},
		{"not a struct", func(t *testing.T) *TagError { return compileErr[int](t) }, "", "not a struct"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			te := tc.run(t)
			if te.Field != tc.field || !strings.Contains(te.Error(), tc.msg) {
				t.Errorf("error %q (field %q), want field %q and %q", te, te.Field, tc.field, tc.msg)
			}
		})
	}
	// Keyed actions without their keys.
	_, err := ForType[struct {
		A string `deid:"tokenize,context=c"`
	}](Keys{})
	var te *TagError
	if !errors.As(err, &te) || te.Field != "A" || !strings.Contains(err.Error(), "Keys.Tokens") {
		t.Errorf("tokenize without keys: %v", err)
	}
}

// An unexported field tagged keep, and a type with nothing to transform,
// compile and copy.
func TestStructKeepOnly(t *testing.T) {
	type S struct {
		A string `deid:"keep"`
		b int    `deid:"keep"`
		C string `deid:"drop"`
	}
	got := mustCopy(t, S{A: "a", b: 2, C: "c"})
	if got != (S{A: "a", b: 2}) {
		t.Errorf("%+v", got)
	}
	type Empty struct{}
	if got := mustCopy(t, Empty{}); got != (Empty{}) {
		t.Error("empty struct")
	}
}

func TestStructFormatHidesKeys(t *testing.T) {
	s, err := ForType[stDevice](profileKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(verb, s); got != "deid.Struct[deid.stDevice]" {
			t.Errorf("%s: %q", verb, got)
		}
	}
}

// stMeasurement is the record an ingestion service of connected scales
// would hold.
type stMeasurement struct {
	UserID     string    `deid:"pseudonymize,domain=ai-engine"`
	Email      string    `deid:"drop"`
	FirstName  string    `deid:"drop"`
	LastName   string    `deid:"drop"`
	Phone      string    `deid:"drop"`
	BirthDate  string    `deid:"year"`
	Sex        string    `deid:"keep"`
	ZIP        string    `deid:"zip3"`
	State      string    `deid:"keep"`
	IP         string    `deid:"truncate_ip"`
	MAC        string    `deid:"drop"`
	MeasuredAt time.Time `deid:"keep"`
	WeightKg   float64   `deid:"keep"`
	FatMassKg  float64   `deid:"keep"`
	HeartRate  int       `deid:"keep"`
	Systolic   int       `deid:"keep"`
	Diastolic  int       `deid:"keep"`
	Lat        float64   `deid:"round,decimals=2"`
	Lon        float64   `deid:"round,decimals=2"`
	Note       string    `deid:"drop"`
	Device     stDevice  `deid:"nested"`
}

func measurement(i int) stMeasurement {
	return stMeasurement{
		UserID: fmt.Sprintf("u-%06d", i%500), Email: "jane.doe@example.com", FirstName: "Jane", LastName: "Doe",
		Phone: "+1 415 555 2671", BirthDate: fmt.Sprintf("19%02d-02-28", 20+i%80), Sex: "F", ZIP: "94110-1234", State: "CA",
		IP: "203.0.113.7", MAC: "00:1a:2b:3c:4d:5e", MeasuredAt: time.Date(2025, 3, 5, 7, 12, i%60, 0, time.UTC),
		WeightKg: 72.4 + float64(i%10)/10, FatMassKg: 21.3, HeartRate: 61, Systolic: 121, Diastolic: 79,
		Lat: 37.774929, Lon: -122.419416, Note: "Felt dizzy",
		Device: stDevice{Model: "Body+", Serial: "SN-0042", MAC: "00:1a:2b:3c:4d:5e"},
	}
}

// One Struct used by many goroutines gives each the result it gives alone.
func TestStructConcurrent(t *testing.T) {
	s, err := ForType[stMeasurement](profileKeys(t), WithReferenceDate(structRef))
	if err != nil {
		t.Fatal(err)
	}
	const n = 400
	want := make([]stMeasurement, n)
	for i := range want {
		if want[i], err = s.Copy(measurement(i)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for k := range n {
				i := (k*7 + g*53) % n
				v := measurement(i)
				if err := s.Apply(&v); err != nil {
					errs <- err
					return
				}
				if v != want[i] {
					errs <- fmt.Errorf("goroutine %d record %d: %+v, want %+v", g, i, v, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkStructApply(b *testing.B) {
	s, err := ForType[stMeasurement](profileKeys(b), WithReferenceDate(structRef))
	if err != nil {
		b.Fatal(err)
	}
	recs := make([]stMeasurement, 1024)
	for i := range recs {
		recs[i] = measurement(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		v := recs[i%len(recs)]
		if err := s.Apply(&v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStructApplyRowBaseline applies the same actions to the same
// record held as text fields, through a compiled Plan: the cost of the
// actions themselves, against which the struct path's reflection and
// conversions are measured.
func BenchmarkStructApplyRowBaseline(b *testing.B) {
	s, err := ForType[stMeasurement](profileKeys(b), WithReferenceDate(structRef))
	if err != nil {
		b.Fatal(err)
	}
	p := *s.Policy()
	fields := []string{}
	rv := reflect.ValueOf(measurement(0))
	var collect func(v reflect.Value, prefix string)
	collect = func(v reflect.Value, prefix string) {
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Type.Kind() == reflect.Struct && f.Type != timeType {
				collect(v.Field(i), prefix+f.Name+".")
				continue
			}
			fields = append(fields, prefix+f.Name)
		}
	}
	collect(rv, "")
	p.Fields = append([]Rule(nil), p.Fields...)
	for _, f := range fields {
		if ruleFor(&p, f) < 0 {
			tag, _ := fieldTag(reflect.TypeFor[stMeasurement](), f)
			p.Fields = append(p.Fields, Rule{Field: f, Action: Action(tag)})
		}
	}
	pl, err := Compile(&p, fields, profileKeys(b))
	if err != nil {
		b.Fatal(err)
	}
	rows := make([][][]byte, 1024)
	for i := range rows {
		m := measurement(i)
		rows[i] = [][]byte{[]byte(m.UserID), []byte(m.Email), []byte(m.FirstName), []byte(m.LastName), []byte(m.Phone),
			[]byte(m.BirthDate), []byte(m.Sex), []byte(m.ZIP), []byte(m.State), []byte(m.IP), []byte(m.MAC),
			[]byte(m.MeasuredAt.Format(time.RFC3339)), []byte("72.4"), []byte("21.3"), []byte("61"), []byte("121"), []byte("79"),
			[]byte("37.774929"), []byte("-122.419416"), []byte(m.Note), []byte(m.Device.Model), []byte(m.Device.Serial), []byte(m.Device.MAC)}
		if len(rows[i]) != len(fields) {
			b.Fatalf("%d values for %d fields", len(rows[i]), len(fields))
		}
	}
	a := pl.NewApplier()
	var out Row
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		out.Reset()
		if _, err := a.Apply(&out, rows[i%len(rows)]); err != nil {
			b.Fatal(err)
		}
	}
}

// fieldTag returns the deid tag's action of the field at a dotted Go path.
func fieldTag(t reflect.Type, path string) (string, bool) {
	name, rest, nested := strings.Cut(path, ".")
	f, ok := t.FieldByName(name)
	if !ok {
		return "", false
	}
	if nested {
		return fieldTag(f.Type, rest)
	}
	action, _, _ := strings.Cut(f.Tag.Get("deid"), ",")
	return action, true
}
