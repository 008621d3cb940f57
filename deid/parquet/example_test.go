package parquet_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	pq "github.com/parquet-go/parquet-go"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/parquet"
)

// The transformer writes CSV into the Parquet writer, which writes the
// file. Run's output must be discarded on error, and the file is complete
// only once Close returns nil.
func Example() {
	policy, err := deid.ParsePolicy([]byte(`{
	  "reference_date": "2026-01-01",
	  "fields": [
	    {"field": "email",         "action": "drop"},
	    {"field": "date_of_birth", "action": "year"},
	    {"field": "zip",           "action": "zip3"},
	    {"field": "weight_kg",     "action": "keep"},
	    {"field": "note",          "action": "scrub"}
	  ]
	}`))
	if err != nil {
		log.Fatal(err)
	}
	tr, err := deid.NewTransformer(policy, deid.Keys{}, deid.Options{Input: deid.CSV, Output: deid.CSV})
	if err != nil {
		log.Fatal(err)
	}
	in := strings.NewReader(`email,date_of_birth,zip,weight_kg,note
jane@example.com,1931-02-28,03601,61.5,"first weigh-in, ""fasting"""
joe@example.com,1987-06-01,94110-1234,,
`)

	var file bytes.Buffer // an *os.File in a real export
	pw := parquet.NewWriter(&file, parquet.Options{
		Types: map[string]parquet.Type{"weight_kg": parquet.Double},
	})
	rep, err := tr.Run(context.Background(), in, pw)
	if err != nil {
		log.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("records written:", rep.Written)

	// Read the file back with parquet-go.
	type record struct {
		DateOfBirth *string  `parquet:"date_of_birth"`
		ZIP         *string  `parquet:"zip"`
		WeightKg    *float64 `parquet:"weight_kg"`
		Note        *string  `parquet:"note"`
	}
	rows, err := pq.Read[record](bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(show(r.DateOfBirth), show(r.ZIP), show(r.WeightKg), show(r.Note))
	}
	// Output:
	// records written: 2
	// 90+ 000 61.5 first weigh-in, "fasting"
	// 1987 941 null null
}

func show[T any](p *T) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// Columns follow the header's order, typed as Options.Types says and
// strings otherwise; every column is optional, and an empty field is null.
func ExampleNewWriter() {
	var file bytes.Buffer
	w := parquet.NewWriter(&file, parquet.Options{
		Types:        map[string]parquet.Type{"birth_year": parquet.Int64},
		RowGroupRows: 2,
	})
	if _, err := io.WriteString(w, "user,birth_year,zip3\nu1,1980,941\nu2,,100\nu3,1975,\n"); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	f, err := pq.OpenFile(bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Schema())
	for _, rg := range f.RowGroups() {
		fmt.Println("row group of", rg.NumRows(), "rows")
	}
	// Output:
	// message record {
	// 	optional binary user (STRING);
	// 	optional int64 birth_year (INT(64,true));
	// 	optional binary zip3 (STRING);
	// }
	// row group of 2 rows
	// row group of 1 rows
}

// Errors name the record and the column, never the value.
func ExampleRecordError() {
	w := parquet.NewWriter(io.Discard, parquet.Options{Types: map[string]parquet.Type{"age": parquet.Int64}})
	_, err := io.WriteString(w, "user,age\nu1,34\nu2,jane@example.com\n")
	fmt.Println(err)
	var re *parquet.RecordError
	if errors.As(err, &re) {
		fmt.Println(re.Record, re.Column, errors.Is(err, parquet.ErrInvalidValue))
	}
	// Output:
	// parquet: record 2, column "age": invalid value: not an int64
	// 2 age true
}
