package deid

import (
	"errors"
	"testing"
)

func TestSuppress(t *testing.T) {
	keys := testKeys(t)
	p := &Policy{
		Default:       Keep,
		ReferenceDate: "2026-01-01",
		Suppress: []Condition{
			{Field: "consent", NotIn: []string{"true"}},
			{Field: "status", In: []string{"deleted", "withdrawn"}},
			{Field: "age", Below: ptr(13.0)},
			{Field: "dob", AgeBelow: ptr(13)},
		},
	}
	pl, err := Compile(p, []string{"consent", "status", "age", "dob"}, keys)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rec     []string
		want    int // condition index, -1 released
		wantErr error
	}{
		{[]string{"true", "active", "40", "1985-01-01"}, -1, nil},
		{[]string{"false", "active", "40", "1985-01-01"}, 0, nil},
		{[]string{"", "active", "40", "1985-01-01"}, 0, nil},
		{[]string{"TRUE", "active", "40", "1985-01-01"}, 0, nil},
		{[]string{"true", "withdrawn", "40", "1985-01-01"}, 1, nil},
		{[]string{"true", "active", "12.9", "1985-01-01"}, 2, nil},
		{[]string{"true", "active", "13", "1985-01-01"}, -1, nil},
		{[]string{"true", "active", "13", "2013-01-02"}, 3, nil},  // 12 on the reference date
		{[]string{"true", "active", "13", "2013-01-01"}, -1, nil}, // 13 that day
		{[]string{"true", "active", "", "1985-01-01"}, 0, ErrMalformedNumber},
		{[]string{"true", "active", "40", "1985-02-30"}, 0, ErrMalformedDate},
	}
	a := pl.NewApplier(AllowKeptIdentifiers())
	for _, tc := range tests {
		var out Row
		o, err := a.Apply(&out, bytesOf(tc.rec))
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%v: err %v, want %v", tc.rec, err, tc.wantErr)
			continue
		}
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Action != "suppress" || fe.Field == "" {
				t.Errorf("%v: error %v does not name the field", tc.rec, err)
			}
			continue
		}
		got := -1
		if o.Suppressed {
			got = o.Condition
		}
		if got != tc.want {
			t.Errorf("%v: suppressed by %d, want %d", tc.rec, got, tc.want)
		}
		if o.Suppressed && out.Len() != 0 {
			t.Errorf("%v: suppressed record has output", tc.rec)
		}
	}
}

func bytesOf(ss []string) [][]byte {
	b := make([][]byte, len(ss))
	for i, s := range ss {
		b[i] = []byte(s)
	}
	return b
}
