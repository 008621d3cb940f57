package release

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
)

// definedType is typeOf from the definitions of the types, with a parse
// of every value.
func definedType(v string) uint8 {
	if v == "" {
		return 1<<Int64 | 1<<Double | 1<<Timestamp
	}
	var t uint8
	digits := v
	if digits[0] == '-' {
		digits = digits[1:]
	}
	leadingZero := len(digits) > 1 && digits[0] == '0' && digits[1] >= '0' && digits[1] <= '9'
	plain := len(digits) > 0 && digits[0] >= '0' && digits[0] <= '9' && !leadingZero
	for _, c := range digits {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+') {
			plain = false
		}
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil && plain {
		t |= 1<<Int64 | 1<<Double
	} else if x, err := strconv.ParseFloat(v, 64); err == nil && plain && !math.IsInf(x, 0) {
		t |= 1 << Double
	}
	if x, err := time.Parse(time.RFC3339Nano, v); err == nil && x.Nanosecond()%1000 == 0 {
		t |= 1 << Timestamp
	}
	return t
}

// The types of values, with the shortcuts of the common cases, are those
// of the definitions.
func TestTypeOfProperty(t *testing.T) {
	props := testenv.Properties(2000)
	digits := gen.RegexMatch(`-?[0-9]{1,25}(\.[0-9]{0,4})?([eE][-+]?[0-9]{1,3})?`)
	times := gen.RegexMatch(`[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[-+][0-9]{2}:[0-9]{2})`)
	valid := gen.Int64Range(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()).Map(func(s int64) string {
		return time.Unix(s, 0).UTC().Format(time.RFC3339)
	})
	// Times of the plain form whose parts are at and around their bounds.
	parts := gen.SliceOfN(6, gen.IntRange(0, 99)).Map(func(p []int) string {
		return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", p[0]*101, p[1]%14, p[2]%33, p[3]%25, p[4]%61, p[5]%61)
	})
	// Numbers of every length around the bounds of int64 and float64
	// (RegexMatch bounds repetitions).
	long := gen.IntRange(0, 330).FlatMap(func(n any) gopter.Gen {
		return gen.SliceOfN(n.(int), gen.NumChar()).Map(func(d []rune) string { return "9" + string(d) })
	}, reflect.TypeFor[string]())
	// Plain numbers and their near misses: leading zeros, a point first or
	// last, two points, 18 to 20 digits.
	plain := gen.RegexMatch(`-?-?0?0?[0-9]{0,20}\.?[0-9]{0,3}\.?[0-9]?`)
	for name, g := range map[string]gopter.Gen{"numbers": digits, "plain numbers": plain, "long numbers": long, "times": times, "valid times": valid, "plain times": parts, "any": gen.AnyString()} {
		props.Property(name, prop.ForAll(func(v string) string {
			if got, want := typeOf([]byte(v)), definedType(v); got != want {
				return fmt.Sprintf("%q: %05b, want %05b", v, got, want)
			}
			// The sets an inference narrows through.
			for _, may := range []uint8{1<<Int64 | 1<<Double, 1 << Double, 1 << Timestamp, 1<<Double | 1<<Timestamp} {
				if got, want := typeIn([]byte(v), may), definedType(v)&may; got != want {
					return fmt.Sprintf("%q in %05b: %05b, want %05b", v, may, got, want)
				}
			}
			return ""
		}, g))
	}
	props.TestingRun(t)
}

// daysIn counts the days of every month of every year a timestamp may
// have as package time does.
func TestDaysIn(t *testing.T) {
	for year := 1; year <= 9999; year++ {
		for month := 1; month <= 12; month++ {
			if got, want := daysIn(year, month), time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("%04d-%02d: %d days, want %d", year, month, got, want)
			}
		}
	}
}

// An inference narrows a column to the types every value of it fits, by
// the definitions of the types, whatever the order of its values.
func TestInferenceProperty(t *testing.T) {
	props := testenv.Properties(500)
	value := testenv.OneOf(gen.RegexMatch(`-?[0-9]{1,3}(\.[0-9]{1,2})?`), gen.OneConstOf("", "0", "01", "1e5", "x", "2024-02-29T10:00:00Z", "9223372036854775808"))
	props.Property("narrows", prop.ForAll(func(values []string) string {
		in := newInference([]bool{false, true})
		want, nonEmpty := uint8(1<<Int64|1<<Double|1<<Timestamp), false
		for _, v := range values {
			in.add([][]byte{[]byte("ignored"), []byte(v)})
			want &= definedType(v)
			nonEmpty = nonEmpty || v != ""
		}
		if in.fit[1] != want || in.nonEmpty[1] != nonEmpty || in.fit[0] != 1<<Int64|1<<Double|1<<Timestamp || in.nonEmpty[0] {
			return fmt.Sprintf("%q: %05b %v, want %05b %v", values, in.fit[1], in.nonEmpty[1], want, nonEmpty)
		}
		return ""
	}, gen.SliceOf(value)))
	props.TestingRun(t)
}
