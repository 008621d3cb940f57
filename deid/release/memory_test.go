package release

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/internal/testenv"
)

// heapPeak samples the memory in use (the heap, and what the release maps
// outside it) until stop is called, and returns the largest sample above
// what was in use when it started.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse + testenv.OutsideHeap(&ms)
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if used := ms.HeapInuse + testenv.OutsideHeap(&ms); used > base && used-base > peak.Load() {
				peak.Store(used - base)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// pipeRelease releases rows NDJSON records of users with about 40
// records each, generated into a pipe as the release reads them, each
// with a padding value of 512 bytes that the research profile drops (so
// that the input is clearly larger than what the release keeps of it),
// and returns the input's size, the report and the peak heap.
func pipeRelease(t testing.TB, rows int, field deid.Options) (int64, *Report, uint64) {
	pr, pw := io.Pipe()
	var size atomic.Int64
	go func() {
		w := &padder{w: pw, n: &size, pad: []byte(`,"padding":"` + strings.Repeat("p", 512) + `"}`)}
		err := deidtest.WriteNDJSON(context.Background(), w,
			deidtest.Config{Rows: rows, Seed: sampleSeed, MinPerUser: 20, MaxPerUser: 60})
		pw.CloseWithError(err)
	}()
	p := &Privacy{QuasiIdentifiers: sampleQIs, K: 10, Person: "user_id"}
	stop := heapPeak()
	rep, err := Run(context.Background(), pr, CSV(io.Discard), Config{Input: deid.NDJSON, Profile: research, Keys: testKeys(t), Privacy: p, Field: field})
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	return size.Load(), rep, peak
}

// padder adds a member to every NDJSON line it writes, and counts bytes.
type padder struct {
	w   io.Writer
	n   *atomic.Int64
	pad []byte
	buf []byte
}

func (p *padder) Write(b []byte) (int, error) {
	p.buf = p.buf[:0]
	for line := range bytes.Lines(b) {
		p.buf = append(p.buf, line[:len(line)-2]...) // the line's "}\n"
		p.buf = append(append(p.buf, p.pad...), '\n')
	}
	n, err := p.w.Write(p.buf)
	p.n.Add(int64(n))
	if err != nil {
		return 0, err
	}
	return len(b), nil
}

// A pipe much larger than the field stage's memory bound (here 160 KiB of
// chunks) is released whole, and the release's memory is the QI table's,
// a small share of the input's size: the input is never held.
func TestPipeLargerThanMemory(t *testing.T) {
	rows := 200_000
	if testing.Short() || testenv.Race {
		rows = 50_000
	}
	field := deid.Options{Workers: 2, ChunkSize: 16 << 10}
	size, rep, peak := pipeRelease(t, rows, field)
	if rep.Read != int64(rows) || !rep.Reconciles() || rep.Written+int64(rep.KAnonymity.SuppressedRecords) != int64(rows) {
		t.Fatalf("report %+v", rep.Report)
	}
	if !rep.KAnonymity.Verified || rep.KAnonymity.K < 10 {
		t.Fatalf("k-anonymity %+v", rep.KAnonymity)
	}
	t.Logf("%d records, %d MB of input through a pipe: peak heap %.1f MB, %.0f bytes per record",
		rows, size>>20, float64(peak)/(1<<20), float64(peak)/float64(rows))
	if peak > uint64(size)/4 {
		t.Fatalf("peak heap %d bytes for an input of %d bytes: the release holds the input", peak, size)
	}
}

// BenchmarkReleaseMemory reports the peak heap of a release per record:
// the QI table and the working memory of the k-anonymity stage, which
// grow with the records, on top of the fixed buffers. The collector runs
// often, so that the heap measured is what is live, not garbage waiting.
func BenchmarkReleaseMemory(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	for range b.N {
		_, _, small := pipeRelease(b, 100_000, deid.Options{})
		_, _, large := pipeRelease(b, 400_000, deid.Options{})
		b.ReportMetric(float64(large-small)/300_000, "heap-B/record")
		b.ReportMetric(float64(small)/(1<<20), "heap-MB@100k")
		b.ReportMetric(float64(large)/(1<<20), "heap-MB@400k")
	}
}
