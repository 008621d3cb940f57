package deid_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/deidkit/deidkit/deid"
)

// A policy that keeps a field holding e-mail addresses is refused at the
// first record holding one, naming its line and field, never the value.
// A release whose recipient may have them says so with
// AllowKeptIdentifiers: the run then writes them, and its report warns.
func ExampleOptions_allowKeptIdentifiers() {
	policy := &deid.Policy{Default: deid.Keep, Fields: []deid.Rule{{Field: "user_id", Action: deid.Drop}}}
	in := "user_id,device_model,steps\nu-1,Pixel 7,5400\nu-2,mail zelda@example.org,6100\n"

	tr, err := deid.NewTransformer(policy, deid.Keys{}, deid.Options{Input: deid.CSV})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = tr.Run(context.Background(), strings.NewReader(in), io.Discard)
	fmt.Println(errors.Is(err, deid.ErrKeptIdentifier))
	fmt.Println(err)

	tr, err = deid.NewTransformer(policy, deid.Keys{}, deid.Options{Input: deid.CSV, AllowKeptIdentifiers: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := tr.Run(context.Background(), strings.NewReader(in), os.Stdout)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range rep.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// true
	// deid: line 3: field "device_model" (keep): a kept value holds an identifier: the value looks like an e-mail address; drop or transform the field, or allow kept identifiers (deid.Options.AllowKeptIdentifiers; deid.AllowKeptIdentifiers() for an Applier) to release it as it is
	// device_model,steps
	// Pixel 7,5400
	// mail zelda@example.org,6100
	// warning: the policy's default is keep: fields that no rule names are released as they are
	// warning: field "device_model" is released as it is, but some of its values look like an e-mail address
}
