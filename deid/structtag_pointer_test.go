package deid

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/deidkit/deidkit/pseudo"
)

type ptrDevice struct {
	Serial *string `json:"serial" deid:"pseudonymize,domain=devices"`
	Model  string  `json:"model" deid:"keep"`
}

type ptrRecord struct {
	ID     *string    `json:"id" deid:"pseudonymize,domain=ai-engine"`
	Weight *float64   `json:"weight_kg,omitempty" deid:"round,decimals=1"`
	Small  *float32   `json:"small" deid:"round,decimals=1"`
	DOB    *time.Time `json:"dob" deid:"year,top_code=false"`
	Age    *int       `json:"age" deid:"age"`
	ZIP    *string    `json:"-" deid:"zip3"`
	Email  *string    `json:"email,omitempty" deid:"drop"`
	Device *ptrDevice `json:"device" deid:"nested"`
}

// A pointer field takes every action of its element type: the value it
// points to is transformed into a new pointer, nil stays nil, and the
// caller's pointees are never written.
func TestStructPointers(t *testing.T) {
	keys := profileKeys(t)
	s, err := ForType[ptrRecord](keys, WithReferenceDate(structRef))
	if err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("UTC+2", 2*3600)
	in := ptrRecord{
		ID: ptr("u-1"), Weight: ptr(72.46), Small: ptr(float32(1.26)),
		DOB: ptr(time.Date(1985, 7, 14, 9, 30, 0, 0, loc)), Age: ptr(93), ZIP: ptr("94110"),
		Email: ptr("a@example.com"), Device: &ptrDevice{Serial: ptr("SN-1"), Model: "Body+"},
	}
	orig, _ := json.Marshal(in)
	got, err := s.Copy(in)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := json.Marshal(in); string(after) != string(orig) {
		t.Errorf("Copy wrote through a pointer of its argument:\n%s\n%s", orig, after)
	}
	ai, _ := pseudo.New(keys.Pseudonyms, "ai-engine")
	dev, _ := pseudo.New(keys.Pseudonyms, "devices")
	want := ptrRecord{
		ID: ptr(ai.Pseudonym("u-1")), Weight: ptr(72.5), Small: ptr(float32(1.3)),
		DOB: ptr(time.Date(1985, 1, 1, 0, 0, 0, 0, loc)), Age: ptr(90), ZIP: ptr("941"),
		Device: &ptrDevice{Serial: ptr(dev.Pseudonym("SN-1")), Model: "Body+"},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("got  %s\nwant %s", g, w)
	}
	if got.Device == in.Device || got.ID == in.ID {
		t.Error("the copy shares a pointer whose value changed")
	}

	// nil stays nil, at any depth.
	var empty ptrRecord
	if got, err := s.Copy(empty); err != nil || !reflect.DeepEqual(got, empty) {
		t.Errorf("Copy(zero) = %+v, %v", got, err)
	}
	nilSerial := ptrRecord{Device: &ptrDevice{Model: "x"}}
	if got, err := s.Copy(nilSerial); err != nil || got.Device.Serial != nil || got.Device.Model != "x" {
		t.Errorf("Copy(nil serial) = %+v, %v", got.Device, err)
	}

	// Apply works in place the same way.
	v := in
	if err := s.Apply(&v); err != nil || !reflect.DeepEqual(v, want) {
		t.Errorf("Apply = %+v, %v", v, err)
	}
}

// A record error names the field as encoding/json would write it: json
// tag names, the Go name where there is no tag or it is "-", and the
// fields of an embedded struct promoted to their parent.
func TestStructFieldErrorJSONPath(t *testing.T) {
	type Loc struct {
		ZIP string `json:"zip_code" deid:"zip3"`
	}
	type Embedded struct {
		Postal string `json:"postal" deid:"zip3"`
	}
	type S struct {
		Embedded `deid:"nested"`
		Home     Loc     `json:"home" deid:"nested"`
		Work     *Loc    `json:"work,omitempty" deid:"nested"`
		Plain    Loc     `deid:"nested"`
		Hidden   string  `json:"-" deid:"zip3"`
		W        float64 `json:",omitempty" deid:"round,decimals=1"`
	}
	good := S{Embedded{"94110"}, Loc{"94110"}, &Loc{"94110"}, Loc{"94110"}, "94110", 1}
	for _, tc := range []struct {
		bad  func(*S)
		want string
	}{
		{func(v *S) { v.Postal = "x" }, "postal"},
		{func(v *S) { v.Home.ZIP = "x" }, "home.zip_code"},
		{func(v *S) { v.Work = &Loc{"x"} }, "work.zip_code"},
		{func(v *S) { v.Plain.ZIP = "x" }, "Plain.zip_code"},
		{func(v *S) { v.Hidden = "x" }, "Hidden"},
	} {
		v := good
		tc.bad(&v)
		_, err := copyOne(t, v)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.want {
			t.Errorf("err = %v, want one naming %q", err, tc.want)
		}
	}
}
