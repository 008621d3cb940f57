package deidtest

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// Column indexes, in output order.
const (
	colUserID = iota
	colEmail
	colFirstName
	colLastName
	colPhone
	colDateOfBirth
	colSex
	colZip
	colState
	colIP
	colMAC
	colDeviceModel
	colMeasuredAt
	colWeightKg
	colFatMassKg
	colMuscleMassKg
	colHeartRate
	colSystolic
	colDiastolic
	colSleepMinutes
	colSteps
	colLat
	colLon
	colNote
	numColumns
)

var columnNames = [numColumns]string{
	"user_id", "email", "first_name", "last_name", "phone", "date_of_birth", "sex", "zip", "state",
	"ip", "mac", "device_model", "measured_at", "weight_kg", "fat_mass_kg", "muscle_mass_kg",
	"heart_rate", "systolic", "diastolic", "sleep_minutes", "steps", "lat", "lon", "note",
}

// numeric marks the columns written as JSON numbers.
var numeric = [numColumns]bool{
	colWeightKg: true, colFatMassKg: true, colMuscleMassKg: true, colHeartRate: true,
	colSystolic: true, colDiastolic: true, colSleepMinutes: true, colSteps: true,
	colLat: true, colLon: true,
}

// Columns returns the names of the 24 columns in output order.
func Columns() []string { return append([]string(nil), columnNames[:]...) }

// Defaults for [Config].
const (
	DefaultMinPerUser = 50
	DefaultMaxPerUser = 500

	DefaultPeoplePerMillion = 25_000
)

// Config describes an export. The zero value of each optional field picks
// the default.
type Config struct {
	Rows int    // number of data rows, header excluded
	Seed uint64 // the same seed gives the same bytes

	// MinPerUser and MaxPerUser bound the number of measurements of a
	// user, drawn uniformly (the last user may have fewer). Zero means
	// DefaultMinPerUser and DefaultMaxPerUser.
	MinPerUser, MaxPerUser int

	// TimeOrdered orders the rows by measurement time across people, as
	// an export sorted by time (a daily or monthly extract) is: each row
	// is a measurement of a person drawn at random, so that a person's
	// rows are spread over the whole export. The rows span 30 days.
	// MinPerUser and MaxPerUser do not apply.
	TimeOrdered bool

	// PeoplePerMillion is the number of distinct people per million rows
	// of a time-ordered export (at least one person in all); a person has
	// 1,000,000 / PeoplePerMillion rows on average. Zero means
	// DefaultPeoplePerMillion.
	PeoplePerMillion int

	// UUIDs makes user IDs UUID-like ("3f2a…-…") instead of "u-" and
	// seven digits.
	UUIDs bool

	// NumericIDs makes user IDs numbers of eight digits (more past 12
	// million people) instead of "u-" and seven digits.
	NumericIDs bool

	// Nested makes WriteNDJSON group the device and location columns into
	// objects (see the package documentation). WriteCSV ignores it.
	Nested bool
}

func (c Config) withDefaults() (Config, error) {
	if c.MinPerUser == 0 {
		c.MinPerUser = DefaultMinPerUser
	}
	if c.MaxPerUser == 0 {
		c.MaxPerUser = DefaultMaxPerUser
	}
	if c.PeoplePerMillion == 0 {
		c.PeoplePerMillion = DefaultPeoplePerMillion
	}
	switch {
	case c.Rows < 0:
		return c, errors.New("deidtest: negative row count")
	case c.PeoplePerMillion < 0:
		return c, errors.New("deidtest: negative people per million rows")
	case c.UUIDs && c.NumericIDs:
		return c, errors.New("deidtest: user IDs cannot be both UUIDs and numbers")
	case c.MinPerUser < 1 || c.MaxPerUser < c.MinPerUser:
		return c, fmt.Errorf("deidtest: measurements per user must satisfy 1 <= min <= max, got %d and %d", c.MinPerUser, c.MaxPerUser)
	}
	return c, nil
}

// flushSize is the size of the batches handed to the writer.
const flushSize = 64 << 10

// WriteCSV writes the header row and cfg.Rows rows of CSV to w. It stops
// with ctx's error if ctx is done, and with w's error if a write fails.
func WriteCSV(ctx context.Context, w io.Writer, cfg Config) error {
	g, err := newGenerator(cfg)
	if err != nil {
		return err
	}
	out := make([]byte, 0, flushSize+4096)
	for i, name := range columnNames {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, name...)
	}
	out = append(out, '\n')
	for range g.cfg.Rows {
		g.next()
		out = append(out, g.u.csv...)
		// Measurements, times and coordinates never need quotes.
		for i := colMeasuredAt; i < colNote; i++ {
			out = append(out, g.value(i)...)
			out = append(out, ',')
		}
		out = appendCSVField(out, g.value(colNote))
		out = append(out, '\n')
		if len(out) >= flushSize {
			if out, err = flush(ctx, w, out); err != nil {
				return err
			}
		}
	}
	_, err = flush(ctx, w, out)
	return err
}

// WriteNDJSON writes cfg.Rows JSON objects to w, one per line. It stops
// with ctx's error if ctx is done, and with w's error if a write fails.
func WriteNDJSON(ctx context.Context, w io.Writer, cfg Config) error {
	g, err := newGenerator(cfg)
	if err != nil {
		return err
	}
	out := make([]byte, 0, flushSize+4096)
	for range g.cfg.Rows {
		g.next()
		out = append(out, g.u.json...)
		for i := colMeasuredAt; i < numColumns; i++ {
			if g.cfg.Nested && i == colLat {
				out = append(out, `"location":{`...)
				out = g.appendMember(out, "lat", colLat)
				out = append(out, ',')
				out = g.appendMember(out, "lon", colLon)
				out = append(out, "},"...)
				i = colLon
				continue
			}
			out = g.appendMember(out, columnNames[i], i)
			out = append(out, ',')
		}
		out[len(out)-1] = '}'
		out = append(out, '\n')
		if len(out) >= flushSize {
			if out, err = flush(ctx, w, out); err != nil {
				return err
			}
		}
	}
	_, err = flush(ctx, w, out)
	return err
}

func flush(ctx context.Context, w io.Writer, out []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if _, err := w.Write(out); err != nil {
		return out, fmt.Errorf("deidtest: write: %w", err)
	}
	return out[:0], nil
}

func (g *generator) appendMember(out []byte, key string, col int) []byte {
	out = append(out, '"')
	out = append(out, key...)
	out = append(out, '"', ':')
	v := g.value(col)
	switch {
	case len(v) == 0 && numeric[col]:
		return append(out, "null"...)
	case numeric[col]:
		return append(out, v...)
	}
	return appendJSONString(out, v)
}

// encodeUser encodes the columns that stay the same for all the rows of
// the current user, once per user.
func (g *generator) encodeUser() {
	u := &g.u
	u.csv = u.csv[:0]
	for i := range colMeasuredAt {
		u.csv = appendCSVField(u.csv, g.value(i))
		u.csv = append(u.csv, ',')
	}
	u.json = append(u.json[:0], '{')
	for i := range colMeasuredAt {
		if g.cfg.Nested && i == colIP {
			u.json = append(u.json, `"device":{`...)
			u.json = g.appendMember(u.json, "model", colDeviceModel)
			u.json = append(u.json, ',')
			u.json = g.appendMember(u.json, "ip", colIP)
			u.json = append(u.json, ',')
			u.json = g.appendMember(u.json, "mac", colMAC)
			u.json = append(u.json, "},"...)
			break
		}
		u.json = g.appendMember(u.json, columnNames[i], i)
		u.json = append(u.json, ',')
	}
}

// user holds what stays the same across a user's measurements.
type user struct {
	left int // measurements still to write

	static   []byte // values of the columns user_id..device_model
	csv      []byte // and their encodings, followed by a separator
	json     []byte
	ends     [colMeasuredAt]int
	t        int64 // time of the last measurement, Unix seconds
	weight   int   // tenths of kg
	fatPct   int   // tenths of a percent
	hr       int
	sys, dia int
	lat, lon int64 // micro-degrees
	decimals int   // of lat and lon
	email    string
	phone    string
	ip       string
	first    string
}

type generator struct {
	cfg Config
	rng *rand.Rand
	n   int // users so far
	u   user

	// A time-ordered export regenerates the person of each row from their
	// own random stream, seeded by their number, so that memory does not
	// grow with the number of people.
	people int
	t      int64 // time of the last row, Unix seconds
	step   int64 // mean seconds between rows
	pcg    *rand.PCG
	person *rand.Rand

	row  []byte // values of the measurement columns
	ends [numColumns]int
}

func newGenerator(cfg Config) (*generator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	g := &generator{
		cfg: cfg,
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		row: make([]byte, 0, 512),
	}
	if cfg.TimeOrdered {
		g.people = max(1, int(int64(cfg.Rows)*int64(cfg.PeoplePerMillion)/1_000_000))
		g.t = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
		g.step = max(1, 30*86400/int64(max(cfg.Rows, 1)))
		g.pcg = rand.NewPCG(0, 0)
		g.person = rand.New(g.pcg)
	}
	return g, nil
}

// value returns the value of column i of the current row.
func (g *generator) value(i int) []byte {
	if i < colMeasuredAt {
		start := 0
		if i > 0 {
			start = g.u.ends[i-1]
		}
		return g.u.static[start:g.u.ends[i]]
	}
	start := 0
	if i > colMeasuredAt {
		start = g.ends[i-1]
	}
	return g.row[start:g.ends[i]]
}

// next generates the next row.
func (g *generator) next() {
	r, u := g.rng, &g.u
	if g.cfg.TimeOrdered {
		n := r.IntN(g.people)
		g.pcg.Seed(g.cfg.Seed, uint64(n)^0x5851f42d4c957f2d)
		g.n = n + 1
		g.newUser(g.person)
		g.t += r.Int64N(2*g.step + 1)
		u.t = g.t
	} else {
		if u.left == 0 {
			g.n++
			u.left = min(g.cfg.MinPerUser+r.IntN(g.cfg.MaxPerUser-g.cfg.MinPerUser+1), g.cfg.Rows)
			g.newUser(r)
		}
		u.left--
		u.t += 6*3600 + r.Int64N(30*3600)
	}
	u.weight += r.IntN(9) - 4
	b := g.row[:0]
	end := func(col int) { g.ends[col] = len(b) }
	maybe := func() bool { return r.IntN(100) >= 3 } // 3% of measurements are missing

	b = appendTime(b, u.t)
	end(colMeasuredAt)
	if maybe() {
		b = appendTenths(b, u.weight)
	}
	end(colWeightKg)
	if maybe() {
		b = appendTenths(b, u.weight*(u.fatPct+r.IntN(11)-5)/1000)
	}
	end(colFatMassKg)
	if maybe() {
		b = appendTenths(b, u.weight*(700-u.fatPct+r.IntN(11)-5)/1000)
	}
	end(colMuscleMassKg)
	if maybe() {
		b = strconv.AppendInt(b, int64(u.hr+r.IntN(21)-10), 10)
	}
	end(colHeartRate)
	if maybe() {
		b = strconv.AppendInt(b, int64(u.sys+r.IntN(21)-10), 10)
		g.ends[colSystolic] = len(b)
		b = strconv.AppendInt(b, int64(u.dia+r.IntN(11)-5), 10)
	} else {
		g.ends[colSystolic] = len(b)
	}
	end(colDiastolic)
	if maybe() {
		b = strconv.AppendInt(b, int64(300+r.IntN(240)), 10)
	}
	end(colSleepMinutes)
	if maybe() {
		b = strconv.AppendInt(b, int64(r.IntN(25000)), 10)
	}
	end(colSteps)
	b = appendFixed(b, u.lat+r.Int64N(20001)-10000, u.decimals)
	end(colLat)
	b = appendFixed(b, u.lon+r.Int64N(20001)-10000, u.decimals)
	end(colLon)
	if r.IntN(100) < 35 {
		b = g.appendNote(b, notes[r.IntN(len(notes))])
	}
	end(colNote)
	g.row = b
}

func (g *generator) appendNote(b []byte, tmpl string) []byte {
	u := &g.u
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '{' {
			b = append(b, tmpl[i])
			continue
		}
		j := i + 1
		for j < len(tmpl) && tmpl[j] != '}' {
			j++
		}
		switch tmpl[i+1 : j] {
		case "email":
			b = append(b, u.email...)
		case "phone":
			b = append(b, u.phone...)
		case "ip":
			b = append(b, u.ip...)
		case "first":
			b = append(b, u.first...)
		}
		i = j
	}
	return b
}

// newUser draws user number g.n from r.
func (g *generator) newUser(r *rand.Rand) {
	u := &g.u
	b := u.static[:0]
	end := func(col int) { u.ends[col] = len(b) }

	switch {
	case g.cfg.UUIDs:
		b = appendUUID(b, r)
	case g.cfg.NumericIDs:
		b = strconv.AppendInt(b, int64(10_000_000+g.n*7+r.IntN(7)), 10)
	default:
		b = append(b, "u-"...)
		b = appendPadded(b, int64(1000000+g.n*7+r.IntN(7)), 7)
	}
	end(colUserID)

	first := firstNames[r.IntN(len(firstNames))]
	last := lastNames[r.IntN(len(lastNames))]
	start := len(b)
	b = appendLowerASCII(b, first)
	b = append(b, '.')
	b = appendLowerASCII(b, last)
	b = strconv.AppendInt(b, int64(r.IntN(100)), 10)
	b = append(b, '@')
	b = append(b, mailDomains[r.IntN(len(mailDomains))]...)
	u.email = string(b[start:])
	end(colEmail)
	b = append(b, first...)
	end(colFirstName)
	b = append(b, last...)
	end(colLastName)

	start = len(b)
	area, exch, line := 200+r.IntN(800), 200+r.IntN(800), r.IntN(10000)
	switch r.IntN(3) {
	case 0:
		b = append(b, "+1-"...)
		b = strconv.AppendInt(b, int64(area), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(exch), 10)
		b = append(b, '-')
	case 1:
		b = append(b, '(')
		b = strconv.AppendInt(b, int64(area), 10)
		b = append(b, ") "...)
		b = strconv.AppendInt(b, int64(exch), 10)
		b = append(b, '-')
	default:
		b = strconv.AppendInt(b, int64(area), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(exch), 10)
		b = append(b, '.')
	}
	b = appendPadded(b, int64(line), 4)
	u.phone = string(b[start:])
	end(colPhone)

	b = appendBirthDate(b, r)
	end(colDateOfBirth)
	if r.IntN(2) == 0 {
		b = append(b, 'F')
	} else {
		b = append(b, 'M')
	}
	end(colSex)

	var a zipArea
	if r.IntN(100) < 8 {
		a = restricted[r.IntN(len(restricted))]
	} else {
		a = areas[r.IntN(len(areas))]
	}
	b = append(b, a.prefix...)
	b = appendPadded(b, int64(r.IntN(100)), 2)
	if r.IntN(100) < 12 {
		b = append(b, '-')
		b = appendPadded(b, int64(r.IntN(10000)), 4)
	}
	end(colZip)
	b = append(b, a.state...)
	end(colState)

	start = len(b)
	if r.IntN(100) < 10 {
		b = append(b, "2001:db8:"...)
		for k := range 6 {
			if k > 0 {
				b = append(b, ':')
			}
			b = strconv.AppendUint(b, uint64(r.IntN(0x10000)), 16)
		}
	} else {
		b = strconv.AppendInt(b, int64(1+r.IntN(223)), 10)
		for range 3 {
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(r.IntN(256)), 10)
		}
	}
	u.ip = string(b[start:])
	end(colIP)
	for k := range 6 {
		if k > 0 {
			b = append(b, ':')
		}
		x := r.IntN(256)
		b = append(b, hexDigits[x>>4], hexDigits[x&15])
	}
	end(colMAC)
	b = append(b, devices[r.IntN(len(devices))]...)
	end(colDeviceModel)
	u.static = b
	g.encodeUser()

	u.first = first
	u.t = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int64N(540*86400)
	u.weight = 450 + r.IntN(800)
	u.fatPct = 120 + r.IntN(300)
	u.hr = 55 + r.IntN(35)
	u.sys = 105 + r.IntN(45)
	u.dia = 65 + r.IntN(25)
	u.lat = int64(a.lat) + r.Int64N(400001) - 200000
	u.lon = int64(a.lon) + r.Int64N(400001) - 200000
	u.decimals = 5 + r.IntN(2)
}

const hexDigits = "0123456789abcdef"

func appendUUID(b []byte, r *rand.Rand) []byte {
	var id [16]byte
	binary.LittleEndian.PutUint64(id[:8], r.Uint64())
	binary.LittleEndian.PutUint64(id[8:], r.Uint64())
	id[6] = id[6]&0x0f | 0x40 // version 4
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	for i, x := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[x>>4], hexDigits[x&15])
	}
	return b
}

func appendBirthDate(b []byte, r *rand.Rand) []byte {
	if r.IntN(100) < 6 {
		return append(b, edgeBirthDates[r.IntN(len(edgeBirthDates))]...)
	}
	var y int
	if r.IntN(100) < 5 {
		y = 1931 + r.IntN(8) // the oldest users, around 90
	} else {
		y = 1940 + r.IntN(73)
	}
	m := 1 + r.IntN(12)
	d := 1 + r.IntN(daysIn(y, m))
	b = appendPadded(b, int64(y), 4)
	b = append(b, '-')
	b = appendPadded(b, int64(m), 2)
	b = append(b, '-')
	return appendPadded(b, int64(d), 2)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// appendTime appends Unix time t in RFC 3339, UTC.
func appendTime(b []byte, t int64) []byte {
	tm := time.Unix(t, 0).UTC()
	y, mo, d := tm.Date()
	h, mi, s := tm.Clock()
	b = appendPadded(b, int64(y), 4)
	b = append(b, '-')
	b = appendPadded(b, int64(mo), 2)
	b = append(b, '-')
	b = appendPadded(b, int64(d), 2)
	b = append(b, 'T')
	b = appendPadded(b, int64(h), 2)
	b = append(b, ':')
	b = appendPadded(b, int64(mi), 2)
	b = append(b, ':')
	b = appendPadded(b, int64(s), 2)
	return append(b, 'Z')
}

func appendPadded(b []byte, v int64, width int) []byte {
	var tmp [20]byte
	digits := strconv.AppendInt(tmp[:0], v, 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// appendTenths appends v/10 with one decimal.
func appendTenths(b []byte, v int) []byte {
	b = strconv.AppendInt(b, int64(v/10), 10)
	return append(b, '.', byte('0'+v%10))
}

// appendFixed appends v/1e6 with the given number of decimals (5 or 6),
// truncating.
func appendFixed(b []byte, v int64, decimals int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/1e6, 10)
	b = append(b, '.')
	frac := v % 1e6
	if decimals == 5 {
		return appendPadded(b, frac/10, 5)
	}
	return appendPadded(b, frac, 6)
}

func appendLowerASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case 'a' <= c && c <= 'z':
			b = append(b, c)
		}
	}
	return b
}
