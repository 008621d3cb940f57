package parquet

import (
	"math"
	"strconv"
	"time"
	"unsafe"
)

// parseInt64 reads a decimal integer written as the column would write
// it back: an optional minus, no plus sign, no leading zeros ("-0", the
// one exception, is 0, as the release's inference of types reads it).
func parseInt64(b []byte) (int64, bool) {
	if padded(b) {
		return 0, false
	}
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		d := uint64(c - '0')
		if d > 9 || u > (math.MaxUint64-d)/10 {
			return 0, false
		}
		u = u*10 + d
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// padded reports whether b is a number written with what its value does
// not keep: a plus sign, leading zeros ("0042", a ZIP code or an ID with
// leading zeros, which a typed column would store as 42), or a base
// prefix ("0x1p4"). A typed column refuses such a field rather than store
// another value than the one written.
func padded(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) > 0 && b[0] == '+' {
		return true
	}
	if len(b) < 2 || b[0] != '0' {
		return false
	}
	c := b[1]
	return '0' <= c && c <= '9' || c == 'x' || c == 'X' || c == '_' || c == 'b' || c == 'B' || c == 'o' || c == 'O'
}

// parseDouble reads a number as strconv.ParseFloat does, unless it is
// padded.
func parseDouble(b []byte) (float64, bool) {
	if padded(b) {
		return 0, false
	}
	// The string shares b's memory instead of copying it, which is safe
	// because it does not outlive the call: the *NumError that would keep
	// it is dropped here, and its text must not reach an error message in
	// any case.
	x, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	return x, err == nil
}

// parseTimestamp reads an RFC 3339 time with a zone as microseconds since
// the Unix epoch. A time with a finer fraction is refused rather than
// rounded, since the column would then hold another value.
func parseTimestamp(b []byte) (int64, bool) {
	t, err := time.Parse(time.RFC3339Nano, unsafe.String(unsafe.SliceData(b), len(b)))
	if err != nil || t.Nanosecond()%1000 != 0 {
		return 0, false
	}
	return t.UnixMicro(), true
}
