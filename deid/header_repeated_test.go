package deid

import (
	"errors"
	"strings"
	"testing"
)

// A CSV record that is the header again (two exports concatenated) is a
// malformed record naming its line, quarantined when asked: written as
// data it is a person "user_id", and when the second file's columns come
// in another order every record after it releases one column's values
// under another's rule (the last names of the second file went out as
// device names, which nothing warned about). It is a malformed record
// whether the names come in the header's order or another.
//
// The check belongs in the CSV source (transform_csv.go) or the applier
// (applier.go), where each record passes.
func TestRepeatedHeaderRefused(t *testing.T) {
	t.Skip("finding: a CSV header repeated mid-file (files concatenated, columns permuted) is released as data and shifts columns under other rules; the check belongs in transform_csv.go or applier.go")
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "last_name", Action: Drop}, {Field: "device", Action: Keep}}}
	for name, second := range map[string]string{
		"same order":    "user_id,last_name,device\nu2,Quist,Pixel\n",
		"another order": "user_id,device,last_name\nu2,Pixel,Quist\n",
		"padded":        "\"user_id \",Device,LAST_NAME\nu2,Pixel,Quist\n",
	} {
		t.Run(name, func(t *testing.T) {
			out, _, err := run(t, p, testKeys(t), Options{Input: CSV}, "user_id,last_name,device\nu1,Zelda,Pixel\n"+second)
			if !errors.Is(err, ErrMalformedRecord) || !strings.Contains(err.Error(), "line 3") {
				t.Errorf("got %v, want a malformed record on line 3", err)
			}
			if strings.Contains(out, "Quist") {
				t.Errorf("a last name went out: %q", out)
			}
		})
	}
}
