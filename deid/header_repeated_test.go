package deid

import (
	"bytes"
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
// whether the names come in the header's order or another, and in any
// spelling the field-name classifier reads as the same words; a record
// that holds some of the names, or names of other columns, is data. A
// second header with more or fewer columns is a record of the wrong
// number of fields.
func TestRepeatedHeaderRefused(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "last_name", Action: Drop}, {Field: "device", Action: Keep}}}
	const first = "user_id,last_name,device\nu1,Zelda,Pixel\n"
	cases := []struct {
		name, second string
		refused      bool // the record on line 3 is malformed
	}{
		{"same order", "user_id,last_name,device\nu2,Quist,Pixel\n", true},
		{"another order", "user_id,device,last_name\nu2,Pixel,Quist\n", true},
		{"padded", "\"user_id \",Device,LAST_NAME\nu2,Pixel,Quist\n", true},
		{"camelCase", "userId,lastName,device\nu2,Quist,Pixel\n", true},
		{"byte order mark of the second file", "\ufeffuser_id,device,last_name\nu2,Pixel,Quist\n", true},
		{"look-alike letters", "ｕｓｅｒ_ｉｄ,dеvice,last_name\nu2,Pixel,Quist\n", true}, // fullwidth, Cyrillic е
		{"CRLF", "user_id,device,last_name\r\nu2,Pixel,Quist\r\n", true},
		{"more columns", "user_id,device,last_name,notes\nu2,Pixel,Quist,x\n", true},
		{"fewer columns", "user_id,last_name\nu2,Quist\n", true},
		{"names of other columns", "user_id,first_name,device\nu2,Quist,Pixel\n", false},
		{"one name twice", "user_id,device,device\nu2,Quist,Pixel\n", false},
		{"data holding a name", "user_id,Quist,Pixel\n", false},
	}
	for _, c := range cases {
		for _, opts := range []Options{{AllowKeptIdentifiers: true, Input: CSV}, {AllowKeptIdentifiers: true, Input: CSV, Output: NDJSON}, {AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 16, Workers: 2}} {
			t.Run(c.name, func(t *testing.T) {
				out, _, err := run(t, p, testKeys(t), opts, first+c.second)
				if !c.refused {
					if err != nil {
						t.Fatalf("a data record was refused: %v", err)
					}
					return
				}
				if !errors.Is(err, ErrMalformedRecord) || !strings.Contains(err.Error(), "line 3") {
					t.Errorf("got %v, want a malformed record on line 3", err)
				}
				if strings.Contains(out, "Quist") {
					t.Errorf("a last name went out: %q", out)
				}
			})
		}
	}
}

// With a quarantine, the repeated header is quarantined with its line and
// the records of both files are written by the first header's columns.
func TestRepeatedHeaderQuarantined(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "last_name", Action: Drop}, {Field: "device", Action: Keep}}}
	in := "user_id,last_name,device\nu1,Zelda,Pixel\n\ufeffUser_ID,Last Name,DEVICE\nu2,Quist,Pixel\n"
	var quar bytes.Buffer
	out, rep, err := run(t, p, testKeys(t), Options{AllowKeptIdentifiers: true, Input: CSV, Quarantine: &quar}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 3 || rep.Written != 2 || rep.Quarantined != 1 || !rep.Reconciles() {
		t.Errorf("read %d written %d quarantined %d", rep.Read, rep.Written, rep.Quarantined)
	}
	if q := quar.String(); !strings.Contains(q, `"line":3`) || !strings.Contains(q, "repeats the header") {
		t.Errorf("quarantine %q", q)
	}
	if strings.Contains(out, "Quist") || strings.Contains(out, "Zelda") || strings.Count(out, "Pixel") != 2 {
		t.Errorf("output %q", out)
	}
}

// A repeated header whose columns come in another order stops the run even
// with a quarantine: the records after it belong to columns the first
// header does not describe, and none of them is written.
func TestRepeatedHeaderReorderedStopsTheRun(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "last_name", Action: Drop}, {Field: "device", Action: Keep}}}
	in := "user_id,last_name,device\nu1,Zelda,Pixel\nuser_id,device,last_name\n" + strings.Repeat("u2,Pixel,Quist\n", 50)
	for _, opts := range []Options{{AllowKeptIdentifiers: true, Input: CSV}, {AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 16, Workers: 2}, {AllowKeptIdentifiers: true, Input: CSV, Output: NDJSON, ChunkSize: 64, Workers: 2}} {
		var quar bytes.Buffer
		opts.Quarantine = &quar
		out, _, err := run(t, p, testKeys(t), opts, in)
		if !errors.Is(err, ErrMalformedRecord) || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "another order") {
			t.Errorf("got %v, want a malformed record on line 3", err)
		}
		if strings.Contains(out, "Quist") {
			t.Errorf("a last name went out: %q", out)
		}
	}
}
