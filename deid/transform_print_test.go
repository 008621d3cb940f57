package deid

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// heldSink is a caller's record sink that keeps what it is given.
type heldSink struct {
	names []string
	rows  [][]string
}

func (s *heldSink) Header(names []string) error { s.names = names; return nil }

func (s *heldSink) Record(fields [][]byte) error {
	row := make([]string, len(fields))
	for i, f := range fields {
		row[i] = string(f)
	}
	s.rows = append(s.rows, row)
	return nil
}

// A Transformer printed by value prints none of the caller's Options: not
// the IDs of its exclusion set, nor the records its sink kept.
func TestTransformerOptionsUnprinted(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Drop}, {Field: "model", Action: Keep}}}
	sink := &heldSink{}
	ids := NewIDSet([]string{"zelda-0099"})
	tr, err := NewTransformer(p, Keys{}, Options{Input: CSV, Records: sink, Exclude: ids, ExcludeField: "user_id", ExcludeMayMatchNone: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader("user_id,model\nzelda-0042,quistphone\n"), nil); err != nil {
		t.Fatal(err)
	}
	if len(sink.rows) != 1 || sink.rows[0][0] != "quistphone" {
		t.Fatalf("sink got %q", sink.rows)
	}
	testenv.Unprinted(t, "Transformer with a sink and an exclusion set", tr, "zelda", "quistphone")
	// A caller's own IDSet, not the library's sealed one.
	own := plainIDs{"zelda-0099": true}
	tr, err = NewTransformer(p, Keys{}, Options{Input: CSV, Exclude: own, ExcludeField: "user_id", ExcludeMayMatchNone: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader("user_id,model\nzelda-0042,quistphone\n"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "Transformer with the caller's IDSet", tr, "zelda")
}

// plainIDs is a caller's IDSet that prints its IDs.
type plainIDs map[string]bool

func (s plainIDs) Contains(id []byte) bool { return s[string(id)] }
func (s plainIDs) Len() int                { return len(s) }
