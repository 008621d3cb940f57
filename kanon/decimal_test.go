package kanon

import (
	"errors"
	"strings"
	"testing"
)

func TestDecimalSpelling(t *testing.T) {
	cases := []struct{ in, want string }{
		{"0", "0"}, {"-0", "0"}, {"-0.000", "0"}, {"+0", "0"}, {"007", "7"}, {"1.50", "1.5"},
		{"-12.0", "-12"}, {".5", "0.5"}, {"5.", "5"}, {"1000000.070", "1000000.07"},
		{"1e-6", "0.000001"}, {"1.5E3", "1500"}, {"123456789012345678901", "123456789012345678901"},
		{"1e21", "1e+21"}, {"999999999999999999999", "999999999999999999999"}, {"1e22", "1e+22"}, {"-2.5e-21", "-2.5e-21"},
		{"0.00000000000000000001", "0.00000000000000000001"},
	}
	for _, c := range cases {
		d, ok := parseDecimal(c.in)
		if !ok || d.String() != c.want {
			t.Errorf("parseDecimal(%q) = %v, %v; want %s", c.in, d, ok, c.want)
		}
	}
	for _, bad := range []string{"", "-", ".", "e5", "1e", "1e+", "0x10", "Inf", "NaN", "1_000", " 1", "1 ", "1.2.3", "--1", "1e100001"} {
		if _, ok := parseDecimal(bad); ok {
			t.Errorf("parseDecimal(%q) accepted", bad)
		}
	}
}

func TestDecimalOrder(t *testing.T) {
	ordered := []string{"-1e5", "-10.5", "-10.25", "-1", "-0.10000000000000000001", "-0.1", "0", "1e-30", "0.1",
		"0.10000000000000000001", "0.2", "1", "9.99", "10", "100.5", "1e21"}
	for i := range ordered {
		for j := range ordered {
			a, _ := parseDecimal(ordered[i])
			b, _ := parseDecimal(ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := cmpDecimal(a, b); got != want {
				t.Errorf("cmp(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestFloorStep(t *testing.T) {
	cases := []struct{ x, w, lo, hi string }{
		{"1000000.070", "0.005", "1000000.07", "1000000.075"},
		{"9.7", "0.001", "9.7", "9.701"},
		{"-0", "0.2", "0", "0.2"},
		{"0", "0.2", "0", "0.2"},
		{"-0.1", "0.2", "-0.2", "0"},
		{"-0.2", "0.2", "-0.2", "0"},
		{"-0.21", "0.2", "-0.4", "-0.2"},
		{"123456789012345678901.5", "0.25", "123456789012345678901.5", "123456789012345678901.75"},
		{"-123456789012345678901.6", "0.25", "-123456789012345678901.75", "-123456789012345678901.5"},
		{"1e-30", "1", "0", "1"},
		{"25", "10", "20", "30"},
		{"1e300", "1e-300", "1e+300", "1." + strings.Repeat("0", 599) + "1e+300"},
	}
	for _, c := range cases {
		x, _ := parseDecimal(c.x)
		w, _ := parseDecimal(c.w)
		lo, hi := floorStep(x, w)
		if lo.String() != c.lo || hi.String() != c.hi {
			t.Errorf("floorStep(%s, %s) = [%v, %v), want [%s, %s)", c.x, c.w, lo, hi, c.lo, c.hi)
		}
	}
}

func TestIntervalWidthsNestExactly(t *testing.T) {
	if _, err := Intervals(0.1, 0.3, 0.9); err != nil {
		t.Errorf("0.1, 0.3, 0.9: %v", err)
	}
	if _, err := Intervals(1.0/3, 1); !errors.Is(err, ErrHierarchy) {
		t.Errorf("1/3 as float64 then 1: err = %v, want ErrHierarchy (1 is not a multiple of 0.3333333333333333)", err)
	}
	h, err := Intervals(0.1)
	if err != nil {
		t.Fatal(err)
	}
	if got := labelsOf(t, h, "0.3"); got[0] != "[0.3, 0.4)" {
		t.Errorf("0.3 in %q, want [0.3, 0.4)", got[0])
	}
}
