package deid

import (
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// An IDSet lists people: no way of printing it, nor a struct that holds
// it, shows them, with or without the folded forms of near matches.
func TestIDSetUnprinted(t *testing.T) {
	for name, s := range map[string]IDSet{
		"NewIDSet":          NewIDSet([]string{"zelda-0042"}),
		"NewIDSet, folded":  NewIDSet([]string{"Zelda@Example.com", "0042"}),
		"ReadIDSet, folded": must(ReadIDSet(strings.NewReader("Zelda@Example.com\n0042\n"))),
	} {
		testenv.Unprinted(t, name, &s, "zelda", "0042")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
