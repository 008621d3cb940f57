package scrub

import (
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// A Known set holds a record's identifiers: no way of printing it, nor a
// struct that holds it, shows them.
func TestKnownUnprinted(t *testing.T) {
	var k Known
	testenv.Unprinted(t, "empty Known", &k, "zelda")
	k.Add(Name, []byte("Zelda Quist"))
	k.Add(Email, []byte("zq@example.com"))
	testenv.Unprinted(t, "Known", &k, "zelda", "quist", "zq@example")
}
