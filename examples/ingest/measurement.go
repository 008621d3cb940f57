package main

import (
	"errors"
	"reflect"
	"strings"
	"time"

	"github.com/deidkit/deidkit/deid"
)

// A Measurement is what a device sends: one reading of a scale, watch,
// blood-pressure monitor or sleep sensor, with the identifiers the device
// app attaches to it. The json tags are the wire format; the deid tags say
// what happens to each field before the record leaves the service. Every
// field has a deid tag: deid.ForType refuses a type with an untagged field,
// so a field added later cannot slip through unreviewed.
type Measurement struct {
	// The person: pseudonymized, so the recipient can follow a user's
	// measurements without knowing who the user is.
	UserID string `json:"user_id" deid:"pseudonymize"`
	// Contact details: never forwarded.
	Email string `json:"email,omitempty" deid:"drop"`
	Name  string `json:"name,omitempty" deid:"drop"`
	Phone string `json:"phone,omitempty" deid:"drop"`
	// Quasi-identifiers, coarsened: the year of birth (people aged 90 or
	// more become "90+"), the IP address to its /24 or /48 network, the
	// position to about a kilometre.
	DateOfBirth string  `json:"date_of_birth,omitempty" deid:"year"`
	Sex         string  `json:"sex,omitempty" deid:"keep"`
	IP          string  `json:"ip,omitempty" deid:"truncate_ip"`
	Lat         float64 `json:"lat,omitempty" deid:"round,decimals=2"`
	Lon         float64 `json:"lon,omitempty" deid:"round,decimals=2"`
	Device      Device  `json:"device,omitzero" deid:"nested"`
	// The measurement itself: kept.
	MeasuredAt   time.Time `json:"measured_at" deid:"keep"`
	WeightKg     float64   `json:"weight_kg,omitempty" deid:"keep"`
	FatMassKg    float64   `json:"fat_mass_kg,omitempty" deid:"keep"`
	HeartRate    int       `json:"heart_rate,omitempty" deid:"keep"`
	Systolic     int       `json:"systolic,omitempty" deid:"keep"`
	Diastolic    int       `json:"diastolic,omitempty" deid:"keep"`
	SleepMinutes int       `json:"sleep_minutes,omitempty" deid:"keep"`
	Steps        int       `json:"steps,omitempty" deid:"keep"`
	// What the user typed: identifiers with a recognizable shape (e-mail,
	// phone, IP and MAC addresses, URLs...) become tags such as "[PHONE]".
	// Names and street addresses have no such shape and stay: a recipient
	// that must not see them should get the note dropped instead.
	Note string `json:"note,omitempty" deid:"scrub"`
}

// A Device is the sending device. Its serial number is pseudonymized like
// the user ID (a user may own several scales); its MAC address is dropped.
// Its model is kept, but only a model of the service's catalogue (see
// validate): free text could hold anything.
type Device struct {
	Model  string `json:"model,omitempty" deid:"keep"`
	Serial string `json:"serial,omitempty" deid:"pseudonymize"`
	MAC    string `json:"mac,omitempty" deid:"drop"`
}

// validate checks what the deid tags cannot: the fields a record needs,
// and that the string fields kept as sent (see constrained) hold one of a
// few values rather than free text that could hold anything: sex is one
// of a few codes, the device model one of models (and takes its spelling
// there).
func (m *Measurement) validate(models catalogue) error {
	switch {
	case m.UserID == "":
		return errors.New("field user_id is required")
	case m.MeasuredAt.IsZero():
		return errors.New("field measured_at is required")
	}
	// RFC 3339 parsing accepts offsets of 24 hours and more, which no
	// timestamp can be written back with.
	if _, err := m.MeasuredAt.MarshalText(); err != nil {
		return errors.New("field measured_at: not an RFC 3339 timestamp")
	}
	switch m.Sex {
	case "", "F", "M", "X":
	default:
		return errors.New("field sex must be F, M or X")
	}
	if m.Device.Model != "" {
		model, ok := models.canonical(m.Device.Model)
		if !ok {
			return errors.New("field device.model: not a model of the service's catalogue")
		}
		m.Device.Model = model
	}
	return nil
}

// constrained are the string fields, by Go path, that the deid tags keep
// as sent and validate constrains to a few values. Every other string
// field is dropped, pseudonymized, scrubbed or generalized: a test checks.
var constrained = map[string]bool{"Sex": true, "Device.Model": true}

// jsonPaths maps the Go path of each field of Measurement ("Device.Serial")
// to its name on the wire ("device.serial").
var jsonPaths = func() map[string]string {
	m := map[string]string{}
	var walk func(t reflect.Type, goPrefix, jsonPrefix string)
	walk = func(t reflect.Type, goPrefix, jsonPrefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			gp, jp := goPrefix+f.Name, jsonPrefix+name
			m[gp] = jp
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Time]() {
				walk(f.Type, gp+".", jp+".")
			}
		}
	}
	walk(reflect.TypeFor[Measurement](), "", "")
	return m
}()

// causes are the value errors of package deid, with the text a client
// sees. Only these fixed texts reach the client, never an error's own
// message, so nothing the client sent can be echoed.
var causes = []struct {
	err  error
	text string
}{
	{deid.ErrMalformedDate, "not a date (YYYY-MM-DD)"},
	{deid.ErrMalformedIP, "not an IP address"},
	{deid.ErrMalformedNumber, "not a number"},
	{deid.ErrMalformedZIP, "not a ZIP code"},
	{deid.ErrOutOfRange, "out of range"},
	{deid.ErrUnsupportedType, "not supported"},
	{deid.ErrMalformedID, "not an ID (it holds a line break or another control character)"},
	{deid.ErrKeptIdentifier, "holds what looks like a direct identifier, which this field must not"},
}

// deidReason describes an error of deid.Struct.Copy for a client: the
// field by its wire name and the cause from a fixed list.
func deidReason(err error) string {
	field := "a field"
	var fe *deid.FieldError
	if errors.As(err, &fe) && wireFields[fe.Field] { // deid names it by its JSON path
		field = "field " + fe.Field
	}
	for _, c := range causes {
		if errors.Is(err, c.err) {
			return field + ": " + c.text
		}
	}
	return field + ": value not accepted"
}
