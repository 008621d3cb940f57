package release

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/deidkit/deidkit/kanon"
)

// Failures injected into a release, each at one point of the run.
var (
	errBegin = errors.New("begin failed")
	errWrite = errors.New("write failed")
	errClose = errors.New("close failed")
	errRead  = errors.New("read failed")
	errFull  = errors.New("file system full")
)

// faultyWriter is a release Writer that counts the records it accepted
// and fails, or cancels the run, at a given point.
type faultyWriter struct {
	Writer
	accepted  int64
	failBegin bool
	failAt    int64 // fail the Write of this record (1-based); 0: never
	cancelAt  int64 // cancel the run after accepting this many; 0: never
	cancel    context.CancelFunc
	failClose bool
}

func (f *faultyWriter) Begin(cols []Column) error {
	if f.failBegin {
		return errBegin
	}
	return f.Writer.Begin(cols)
}

func (f *faultyWriter) Write(fields [][]byte) error {
	if f.failAt > 0 && f.accepted+1 == f.failAt {
		return errWrite
	}
	if err := f.Writer.Write(fields); err != nil {
		return err
	}
	f.accepted++
	if f.cancelAt > 0 && f.accepted == f.cancelAt {
		f.cancel()
	}
	return nil
}

func (f *faultyWriter) Close() error {
	if f.failClose {
		return errClose
	}
	return f.Writer.Close()
}

// fullFile is an io.Writer that takes limit bytes, then fails.
type fullFile struct {
	bytes.Buffer
	limit int
}

func (f *fullFile) Write(p []byte) (int, error) {
	room := f.limit - f.Len()
	if len(p) > room {
		f.Buffer.Write(p[:max(room, 0)])
		return max(room, 0), errFull
	}
	return f.Buffer.Write(p)
}

// brokenReader returns its first n bytes, then an error.
type brokenReader struct {
	r io.Reader
	n int
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, errRead
	}
	p = p[:min(len(p), b.n)]
	n, err := b.r.Read(p)
	b.n -= n
	return n, err
}

// A run that fails at any point, with or without a k-anonymity stage,
// returns an error that wraps the cause and, if a report, one that says
// it failed, counts as written only what the Writer accepted, and
// claims no verified release: a caller that saves the report beside the
// error must not present part of a release as a verified whole.
func TestFailedRunReportDescribesNoRelease(t *testing.T) {
	const rows = 3000
	in := sample(t, rows, 0)
	kPrivacy := &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}
	type run struct {
		ctx context.Context
		in  io.Reader
		out Writer
		// accepted returns the records the output took, an upper bound
		// for the output written through an io.Writer.
		accepted func() int64
		// exact: accepted counts the Writer's records, not lines.
		exact bool
	}
	// through wraps a CSV Writer of buf in a faultyWriter set by f.
	through := func(f faultyWriter) func(context.Context, context.CancelFunc) run {
		return func(ctx context.Context, cancel context.CancelFunc) run {
			var buf bytes.Buffer
			w := &f
			w.Writer, w.cancel = CSV(&buf), cancel
			return run{ctx: ctx, in: bytes.NewReader(in), out: w, accepted: func() int64 { return w.accepted }, exact: true}
		}
	}
	// into writes CSV into a file that fills up after limit bytes; the
	// records it took are at most its lines but the header.
	into := func(limit int) func(context.Context, context.CancelFunc) run {
		return func(ctx context.Context, _ context.CancelFunc) run {
			f := &fullFile{limit: limit}
			return run{ctx: ctx, in: bytes.NewReader(in), out: CSV(f), accepted: func() int64 {
				return max(int64(bytes.Count(f.Bytes(), []byte{'\n'}))-1, 0)
			}}
		}
	}
	// brokenInput reads n bytes of the input, then fails.
	brokenInput := func(n int) func(context.Context, context.CancelFunc) run {
		return func(ctx context.Context, cancel context.CancelFunc) run {
			r := through(faultyWriter{})(ctx, cancel)
			r.in = &brokenReader{r: bytes.NewReader(in), n: n}
			return r
		}
	}
	cases := []struct {
		name    string
		privacy *Privacy
		run     func(context.Context, context.CancelFunc) run
		cause   error // nil: the run succeeds
	}{
		{"k, no failure", kPrivacy, through(faultyWriter{}), nil},
		{"k, Begin fails", kPrivacy, through(faultyWriter{failBegin: true}), errBegin},
		{"k, Write fails after 100", kPrivacy, through(faultyWriter{failAt: 101}), errWrite},
		{"k, Write fails on the first", kPrivacy, through(faultyWriter{failAt: 1}), errWrite},
		{"k, Close fails", kPrivacy, through(faultyWriter{failClose: true}), errClose},
		{"k, cancelled while writing", kPrivacy, through(faultyWriter{cancelAt: 50}), context.Canceled},
		{"k, file fills while writing", kPrivacy, into(20000), errFull},
		{"k, file fills at the end", kPrivacy, into(len(in) / 3), errFull},
		{"k, input fails midway", kPrivacy, brokenInput(len(in) / 2), errRead},
		{"k, stage cannot reach k", &Privacy{QuasiIdentifiers: sampleQIs, K: rows, Person: "user_id"}, through(faultyWriter{}), kanon.ErrUnsatisfiable},
		{"field only, no failure", nil, through(faultyWriter{}), nil},
		{"field only, Write fails after 100", nil, through(faultyWriter{failAt: 101}), errWrite},
		{"field only, Close fails", nil, through(faultyWriter{failClose: true}), errClose},
		{"field only, cancelled while writing", nil, through(faultyWriter{cancelAt: 1100}), context.Canceled},
		{"field only, input fails before the types are known", nil, brokenInput(len(in) / 20), errRead},
		{"field only, input fails midway", nil, brokenInput(len(in) / 2), errRead},
		{"field only, file fills (written by the field stage)", nil, into(20000), errFull},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := tc.run(ctx, cancel)
			cfg := Config{Profile: research, Keys: testKeys(t), Privacy: tc.privacy}
			rep, err := Run(r.ctx, r.in, r.out, cfg)
			if tc.cause == nil {
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
				if rep.Failed || rep.Err() != nil || rep.Written != r.accepted() || !rep.Reconciles() {
					t.Fatalf("report of a run that succeeded: failed %v (%v), %d written, the Writer took %d", rep.Failed, rep.Err(), rep.Written, r.accepted())
				}
				if k := rep.KAnonymity; tc.privacy != nil && (k == nil || !k.Verified) {
					t.Fatalf("report of a release that succeeded is not verified: %+v", k)
				}
				return
			}
			if !errors.Is(err, tc.cause) {
				t.Fatalf("Run = %v, want an error wrapping %v", err, tc.cause)
			}
			if rep == nil {
				return
			}
			if !rep.Failed || !errors.Is(rep.Err(), tc.cause) {
				t.Errorf("the report does not say the run failed: Failed %v, Err %v", rep.Failed, rep.Err())
			}
			if got := r.accepted(); rep.Written > got || r.exact && rep.Written != got {
				t.Errorf("the report says %d records written; the Writer took %d", rep.Written, got)
			}
			if k := rep.KAnonymity; k != nil && k.Verified {
				t.Errorf("the report of a failed run says the release was verified (k = %d)", k.K)
			}
			if rep.OutputSHA256 != "" || rep.InputSHA256 != "" {
				t.Errorf("the report of a failed run binds files: input %q, output %q", rep.InputSHA256, rep.OutputSHA256)
			}
			j, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			var back struct {
				Failed bool `json:"failed"`
				K      *struct {
					Verified bool `json:"verified"`
				} `json:"k_anonymity"`
			}
			if err := json.Unmarshal(j, &back); err != nil {
				t.Fatal(err)
			}
			if !back.Failed || back.K != nil && back.K.Verified {
				t.Errorf("the JSON report of a failed run does not say so: failed %v, k_anonymity %+v", back.Failed, back.K)
			}
		})
	}
}
