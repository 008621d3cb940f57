package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/pseudo"
)

// The research release (-release): the export program making the research
// release with k=10 (examples/export -k 10: the research profile, then
// the k-anonymity stage of package deid/release on date_of_birth, sex,
// zip and state, counting people) against the same program writing the
// field-level output only (no -k), over the same by-time-25000 CSV input
// (users' rows spread over the file), as whole processes, interleaved, in
// one run. The targets: the release's wall time at most 2.5 times the
// field-only run's, and its peak RSS at most 64 MiB plus the QI table's
// bytes per row (measured in the same run, in process: the heap and the
// memory mapped outside it) times the rows.
//
//	go run ./bench -release 1000000,10000000
var releaseSizes = flag.String("release", "", "run only the research-release comparison, over these numbers of rows (comma-separated, such as 1000000,10000000)")

// releaseShape is the input of the release comparison: a time-ordered
// extract of 25,000 people per million rows.
const releaseShape = "by-time-25000"

// qiTableRows is the larger of the two sizes the QI table is measured at,
// the smaller being half of it: sizes at which the release's peak is in
// its k-anonymity stage (see qiTableBytesPerRow), whatever the sizes
// compared.
const qiTableRows = 4_000_000

// Targets of the release comparison.
const (
	releaseMaxWallRatio = 2.5
	releaseBaseRSS      = 64 << 20 // bytes
)

// releaseOnly runs the release comparison when -release is given, and
// reports whether it did.
func releaseOnly(dir string, reps int) bool {
	if *releaseSizes == "" {
		return false
	}
	sizes := parseSizes(*releaseSizes)
	if err := runRelease(&harness{dir: dir, reps: reps}, sizes); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	return true
}

func runRelease(h *harness, sizes []int) error {
	if len(sizes) == 0 {
		return fmt.Errorf("-release %q: no number of rows", *releaseSizes)
	}
	if err := os.MkdirAll(h.dir, 0o755); err != nil {
		return err
	}
	prog, ks, err := buildPrograms(h.dir)
	if err != nil {
		return err
	}
	h.prog = prog
	fmt.Printf("# deidkit bench -release: %s, %s/%s, %d CPUs, %s\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel())
	fmt.Printf("load average before: %s\n\n", loadAverage())

	perRow, err := h.qiTableBytesPerRow(ks, qiTableRows)
	if err != nil {
		return err
	}
	fmt.Printf("QI table, measured in process (heap and memory mapped outside it, at their peak, between two sizes): %.1f bytes per row\n\n", perRow)

	fmt.Println("| rows | input MB | run | wall s | best wall s | × field-only | CPU s | peak RSS MiB | RSS target MiB |")
	fmt.Println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	var verdicts []string
	for _, n := range sizes {
		path, size, err := h.data("csv", releaseShape, n)
		if err != nil {
			return err
		}
		res, err := h.compareRelease(path, n)
		if err != nil {
			return err
		}
		field, rel := res[0], res[1]
		ratio := rel.wall().Seconds() / field.wall().Seconds()
		target := float64(releaseBaseRSS) + perRow*float64(n)
		for i, r := range res {
			ratioCell, targetCell := "1", ""
			if i == 1 {
				ratioCell = fmt.Sprintf("**%.2f**", ratio)
				targetCell = fmt.Sprintf("%.0f", target/(1<<20))
			}
			fmt.Printf("| %d | %.0f | %s | %.2f | %.2f | %s | %.2f | %.1f | %s |\n", n, float64(size)/1e6, r.name,
				r.wall().Seconds(), r.walls[0].Seconds(), ratioCell, r.cpu().Seconds(), float64(r.maxRSS)/1024, targetCell)
		}
		verdicts = append(verdicts,
			fmt.Sprintf("%d rows: wall %.2f× the field-only run (target ≤ %.1f×): %s; peak RSS %.0f MiB (target ≤ %.0f MiB): %s",
				n, ratio, releaseMaxWallRatio, meets(ratio <= releaseMaxWallRatio),
				float64(rel.maxRSS)/1024, target/(1<<20), meets(float64(rel.maxRSS)*1024 <= target)))
	}
	fmt.Println()
	for _, v := range verdicts {
		fmt.Println(v)
	}
	fmt.Printf("\nload average after: %s\n", loadAverage())
	return nil
}

func meets(ok bool) string {
	if ok {
		return "meets it"
	}
	return "MISSES it"
}

// releaseProcess is the export program over the input with the research
// profile, 2 workers, its keys and a report; with k > 0, the research
// release.
func (p *programs) releaseProcess(k int, tempDir string) proc {
	name := "field level only (-k 0)"
	if k > 0 {
		name = "research release, -k " + strconv.Itoa(k)
	}
	return proc{name: name, workers: 2, args: func(in, out string) []string {
		args := []string{p.export, "-in", in, "-out", out, "-profile", "research", "-reference-date", "2026-01-01",
			"-keyset", p.keyset, "-kek-keyset", p.kek, "-report", out + ".report.json", "-workers", "2", "-quiet"}
		// -k 0: the research profile is k-anonymous by default.
		args = append(args, "-k", strconv.Itoa(k))
		if k > 0 {
			args = append(args, "-temp-dir", tempDir)
		}
		return args
	}}
}

// compareRelease checks one run of each (their reports), then times them
// over the input, interleaved, as the process comparison does.
func (h *harness) compareRelease(in string, rows int) ([]procResult, error) {
	ps := []proc{h.prog.releaseProcess(0, ""), h.prog.releaseProcess(10, h.dir)}
	for i, p := range ps {
		out := filepath.Join(h.dir, fmt.Sprintf("release-check-%d.csv", i))
		_, _, _, err := h.prog.runProcess(p.args(in, out))
		if err == nil {
			err = checkReleaseReport(out+".report.json", rows, i == 1)
		}
		os.Remove(out)
		os.Remove(out + ".report.json")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
	}
	return h.compareProcesses("csv", releaseShape, rows, in, ps)
}

// checkReleaseReport checks a run's report: every row read and accounted
// for, and for the release, k=10 reached and verified.
func checkReleaseReport(path string, rows int, private bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var rep struct {
		Status     string `json:"status"`
		Read       int    `json:"records_read"`
		Written    int    `json:"records_written"`
		Suppressed int    `json:"records_suppressed"`
		KAnonymity *struct {
			K        int     `json:"k"`
			NCP      float64 `json:"ncp_percent"`
			Verified bool    `json:"verified"`
		} `json:"k_anonymity"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	switch {
	case rep.Status != "ok" || rep.Read != rows || rep.Written+rep.Suppressed != rows:
		return fmt.Errorf("report: status %q, %d rows read, %d written, %d suppressed, want %d", rep.Status, rep.Read, rep.Written, rep.Suppressed, rows)
	case private && (rep.KAnonymity == nil || rep.KAnonymity.K < 10 || !rep.KAnonymity.Verified):
		return fmt.Errorf("report: k-anonymity %+v", rep.KAnonymity)
	}
	return nil
}

// qiTableBytesPerRow measures, in process, what the release holds per
// row at its peak (the QI table, and kanon's working memory on it): the
// peak heap of the release of n rows less that of n/2 rows, over the
// rows between, with the collector running often so that the heap is
// what is live.
//
// A difference of peaks is a cost per row only if both peaks are of the
// same step. The field stage's peak is mostly its buffers, whose size does
// not depend on the rows; the k-anonymity stage's grows with them and
// passes the field stage's only above one to two million rows (at 1M rows
// the two are within a few MB of each other, either way). Below that,
// the slope would compare the field stage's peak at the smaller size with
// the k stage's at the larger, and count the buffers as a saving per row;
// so the measure says which step each peak was in, and refuses a slope
// whose smaller size peaked in the field stage.
func (h *harness) qiTableBytesPerRow(ks *pseudo.Keyset, n int) (float64, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	small := max(n/2, 1)
	var peaks [2]releasePeak
	// The first release of a process also faults in what every release
	// uses once (the program's code and data, the runtime's structures):
	// about 4 MB more at its peak than a second release of the same
	// input. Measured first, the smaller size would carry it alone and
	// the difference would lose it from the larger; so a release of the
	// smaller input runs first, unmeasured.
	for i, rows := range []int{small, small, n} {
		path, _, err := h.data("csv", releaseShape, rows)
		if err != nil {
			return 0, err
		}
		p, err := releasePeakHeap(path, ks)
		if err != nil {
			return 0, err
		}
		what := "first release, not counted"
		if i > 0 {
			peaks[i-1], what = p, "measured"
		}
		fmt.Printf("QI table measure, %d rows (%s): peak %.1f MB in the k-anonymity stage, %.1f MB in the field stage\n",
			rows, what, float64(p.kStage)/1e6, float64(p.field)/1e6)
	}
	if peaks[0].field >= peaks[0].kStage {
		return 0, fmt.Errorf("QI table measure: at %d rows the release peaked in its field stage, not in the k-anonymity stage: the difference with %d rows would not be a cost per row (measure over larger sizes)", small, n)
	}
	return float64(int64(peaks[1].kStage)-int64(peaks[0].kStage)) / float64(n-small), nil
}

// releasePeak is the peak of the heap in use (and the memory mapped
// outside it) above where a release started: in its field stage, and in
// its k-anonymity stage.
type releasePeak struct {
	field, kStage uint64
}

// releasePeakHeap releases the file in process, output discarded, and
// returns its peaks. The k-anonymity stage begins with a forced collection
// (the release returns the field stage's free memory to the system), which
// the samples tell by the runtime's count of forced collections.
func releasePeakHeap(path string, ks *pseudo.Keyset) (releasePeak, error) {
	f, err := os.Open(path)
	if err != nil {
		return releasePeak{}, err
	}
	defer f.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, forced := ms.HeapInuse+testenv.OutsideHeap(&ms), ms.NumForcedGC
	var peak releasePeak
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			used := ms.HeapInuse + testenv.OutsideHeap(&ms)
			p := &peak.kStage
			if ms.NumForcedGC == forced {
				p = &peak.field
			}
			*p = max(*p, used-min(base, used))
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	cfg := release.Config{
		Profile: release.Research(refDate, researchDomain),
		Keys:    deid.Keys{Pseudonyms: ks},
		Privacy: &release.Privacy{QuasiIdentifiers: []string{"date_of_birth", "sex", "zip", "state"}, K: 10, Person: "user_id"},
	}
	w := &liveAtBegin{Writer: release.CSV(io.Discard), base: base}
	_, err = release.Run(context.Background(), f, w, cfg)
	close(stop)
	wg.Wait()
	if err != nil {
		return peak, err
	}
	peak.kStage = max(peak.kStage, w.live)
	if peak.kStage == 0 {
		return peak, fmt.Errorf("QI table measure: no sample in the k-anonymity stage (no forced collection seen)")
	}
	return peak, nil
}

// liveAtBegin records the heap that is live when the release begins to be
// written: the QI table and the release computed from it, with no garbage
// (the sampling of releasePeakHeap may miss a short peak on a loaded
// machine; this reading cannot).
type liveAtBegin struct {
	release.Writer
	base uint64
	live uint64
}

func (l *liveAtBegin) Begin(cols []release.Column) error {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	live := ms.HeapAlloc + testenv.OutsideHeap(&ms)
	l.live = live - min(l.base, live)
	return l.Writer.Begin(cols)
}
