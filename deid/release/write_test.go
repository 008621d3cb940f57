package release

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// plainWriter hides the encoding of the Writer it wraps, so that the
// release hands it records as fields.
type plainWriter struct{ Writer }

// stopIO fails, or cancels, once n bytes have been written to it.
type stopIO struct {
	n      int
	err    error
	cancel context.CancelFunc
}

func (s *stopIO) Write(p []byte) (int, error) {
	if s.n -= len(p); s.n <= 0 {
		if s.cancel == nil {
			return 0, s.err
		}
		s.cancel()
	}
	return len(p), nil
}

// The release is written the same whether the Writer encodes records in
// parallel (CSV) or takes them as fields, over many chunks.
func TestWriteEncodedOrFields(t *testing.T) {
	in := sample(t, 4000, deid.CSV)
	cfg := Config{Profile: research, Keys: testKeys(t), Field: deid.Options{ChunkSize: 8 << 10},
		Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}}
	var encoded, fields bytes.Buffer
	rep, err := Run(context.Background(), bytes.NewReader(in), CSV(&encoded), cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep2, err := Run(context.Background(), bytes.NewReader(in), plainWriter{CSV(&fields)}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encoded.Bytes(), fields.Bytes()) || rep.BytesWritten != rep2.BytesWritten || rep.Written < 3000 {
		t.Fatalf("encoded %d bytes (%d of fields), as fields %d (%d); %d records", encoded.Len(), rep.BytesWritten, fields.Len(), rep2.BytesWritten, rep.Written)
	}
}

// A Writer's error, or a cancellation, in the middle of the release stops
// it with that error.
func TestWriteStops(t *testing.T) {
	in := sample(t, 4000, deid.CSV)
	cfg := Config{Profile: research, Keys: testKeys(t), Field: deid.Options{ChunkSize: 8 << 10},
		Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}}
	full := errors.New("disk full")
	for _, fields := range []bool{false, true} {
		writer := func(w io.Writer) Writer {
			if fields {
				return plainWriter{CSV(w)}
			}
			return CSV(w)
		}
		_, err := Run(context.Background(), bytes.NewReader(in), writer(&stopIO{n: 200 << 10, err: full}), cfg)
		if !errors.Is(err, full) {
			t.Errorf("as fields %v: %v, want the Writer's error", fields, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		_, err = Run(ctx, bytes.NewReader(in), writer(&stopIO{n: 200 << 10, cancel: cancel}), cfg)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("as fields %v: %v, want context.Canceled", fields, err)
		}
		cancel()
	}
}

// Released values and kept fields that CSV quotes (commas, quotes,
// leading spaces) are encoded in parallel as the Writer encodes them
// record by record.
func TestWriteEncodedQuoting(t *testing.T) {
	recs, err := csv.NewReader(bytes.NewReader(sample(t, 4000, deid.CSV))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	state, device := slices.Index(recs[0], "state"), slices.Index(recs[0], "device_model")
	if state < 0 || device < 0 {
		t.Fatalf("sample columns %q", recs[0])
	}
	for i, r := range recs[1:] {
		switch i % 3 {
		case 0:
			r[state] += `, "US"`
		case 1:
			r[device] = " " + r[device]
		}
		if i%7 == 0 {
			r[device] += `,"x"`
		}
	}
	var in bytes.Buffer
	w := csv.NewWriter(&in)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	// The research profile, with state kept as any text: the profile
	// expects US state codes, and the quotes are the point here.
	freeState := func(fields []string) (*deid.Policy, *deid.ProfileReport, error) {
		p, rep, err := research(fields)
		if p != nil {
			for i := range p.Fields {
				if p.Fields[i].Field == "state" {
					p.Fields[i].Expect = ""
				}
			}
		}
		return p, rep, err
	}
	cfg := Config{Profile: freeState, Keys: testKeys(t), Field: deid.Options{ChunkSize: 8 << 10},
		Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 2, Person: "user_id"}}
	var encoded, fields bytes.Buffer
	if _, err := Run(context.Background(), bytes.NewReader(in.Bytes()), CSV(&encoded), cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), bytes.NewReader(in.Bytes()), plainWriter{CSV(&fields)}, cfg); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encoded.Bytes(), fields.Bytes()) {
		t.Fatalf("encoded %d bytes, as fields %d", encoded.Len(), fields.Len())
	}
	if !bytes.Contains(encoded.Bytes(), []byte(`, ""US"""`)) || !bytes.Contains(encoded.Bytes(), []byte(`," `)) {
		t.Fatal("no quoted released value or kept field in the release")
	}
}
