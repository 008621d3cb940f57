package parquet

import (
	"math"
	"strconv"
	"time"
	"unsafe"
)

// parseInt64 reads a decimal integer with an optional sign.
func parseInt64(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
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

// parseDouble reads a number as strconv.ParseFloat does.
func parseDouble(b []byte) (float64, bool) {
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
