package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// The stage's checks name the first failing record by its number in the
// whole input, wherever the chunks end and whichever worker checked it,
// and say what failed.
func TestStageChecksNameTheRecord(t *testing.T) {
	const rows, bad = 5000, 4321
	records := func(badUser string) string {
		var b strings.Builder
		b.WriteString("user,sex\n")
		for i := 1; i <= rows; i++ {
			u := fmt.Sprint(i % 97)
			switch i {
			case bad:
				u = badUser
			case bad + 100: // later failures do not win
				u = ""
			}
			fmt.Fprintf(&b, "%s,%s\n", u, []string{"F", "M"}[i%2])
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, user string
		types      map[string]Type
		want       func(error) bool
	}{
		{"empty person", "", nil, func(err error) bool { return errors.Is(err, deid.ErrMissingField) }},
		{"person not of its type", "x", map[string]Type{"user": Int64}, func(err error) bool {
			var te *TypeError
			return errors.As(err, &te) && te.Column == "user" && te.Record == bad
		}},
	} {
		cfg := Config{Policy: &deid.Policy{Default: deid.Keep}, Types: tc.types, Field: deid.Options{AllowKeptIdentifiers: true, ChunkSize: 1 << 10, Workers: 3},
			Privacy: &Privacy{QuasiIdentifiers: []string{"sex"}, K: 2, Person: "user"}}
		_, err := Run(context.Background(), strings.NewReader(records(tc.user)), CSV(io.Discard), cfg)
		if !tc.want(err) || !strings.Contains(err.Error(), fmt.Sprintf("record %d", bad)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
