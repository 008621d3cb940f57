package deid_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/deidkit/deidkit/deid"
)

// An exclusion list as a spreadsheet saves it (byte order mark, CRLF,
// quotes) matches the IDs of the records however they are padded, and the
// report says how many listed IDs matched no record.
func ExampleReadIDSet() {
	list := "\ufeff\"u-1\"\r\n\"u-9\"\r\n"
	withdrawn, err := deid.ReadIDSet(strings.NewReader(list))
	if err != nil {
		fmt.Println(err)
		return
	}
	policy := &deid.Policy{Name: "demo", Default: deid.Keep, Fields: []deid.Rule{{Field: "user_id", Action: deid.Drop}}}
	tr, err := deid.NewTransformer(policy, deid.Keys{}, deid.Options{
		Input: deid.CSV, Exclude: withdrawn, ExcludeField: "user_id",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	in := "user_id,steps\n u-1 ,1200\nu-2,800\n"
	rep, err := tr.Run(context.Background(), strings.NewReader(in), os.Stdout)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("excluded %d records; %d of %d listed IDs matched none\n", rep.Excluded, rep.Exclusion.Unmatched, rep.Exclusion.Listed)
	// Output:
	// steps
	// 800
	// excluded 1 records; 1 of 2 listed IDs matched none
}
