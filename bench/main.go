// Command bench measures the streaming transformer against the baselines a
// user would write by hand with the standard library, on synthetic
// measurement exports, and prints the results as a Markdown table.
//
//	go run ./bench
//
// It generates the data (CSV and NDJSON, 24 columns, into -dir), then, in
// one run so that ratios compare like with like on a shared machine:
//
//   - the research policy (bench/research-policy.json) over 1M rows with
//     the transformer (1 and 2 workers) and with the baselines
//     (encoding/csv + hmac.New per row + csv.Writer; encoding/json into
//     map[string]any + json.Encoder), in MB/s and rows/s, and the ratios;
//   - the transformer's throughput at several input sizes and worker
//     counts, drawn as an SVG plot (-plot);
//   - the peak resident memory (max RSS) of a whole run in a child
//     process, for 1M and 4M rows.
//
// Each timing is the median of -reps runs, with the fastest run beside it
// in the main comparison; the runs of the contenders of one comparison are
// interleaved, so that a change in the speed of a shared machine weighs on
// all of them alike. The input is read from a
// file (in the page cache after the first run) and the output discarded,
// for the transformer and the baselines alike.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/deidkit/deidkit/bench/baseline"
	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
)

//go:embed research-policy.json
var researchPolicy []byte

// refDate is the research policy's reference date, which the baselines
// take as a parameter.
var refDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func main() {
	rows := flag.Int("rows", 1_000_000, "rows of the main comparison")
	rssRows := flag.String("rss-rows", "1000000,4000000", "input sizes for the peak-memory runs")
	plotRows := flag.String("plot-rows", "100000,1000000,4000000", "input sizes for the throughput plot")
	formats := flag.String("formats", "csv,ndjson", "formats of the main comparison and the memory runs")
	reps := flag.Int("reps", 5, "runs per timing (the median is reported)")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "deidkit-bench"), "directory for the generated data")
	plot := flag.String("plot", "bench/throughput.svg", "SVG plot to write (empty: none)")
	child := flag.String("child", "", "internal: run one transformation of this file and exit")
	childWorkers := flag.Int("child-workers", 0, "internal: workers of the child run")
	flag.Parse()

	if *child != "" {
		if err := runChild(*child, *childWorkers); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	h := &harness{dir: *dir, reps: *reps, formats: strings.Split(*formats, ",")}
	if err := h.run(*rows, parseSizes(*rssRows), parseSizes(*plotRows), *plot); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseSizes(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

type harness struct {
	dir     string
	reps    int
	formats []string
	keys    deid.Keys
	key     []byte // the research domain key, for the baselines
	p       *deid.Policy
}

// result is one timing.
type result struct {
	name    string
	format  string
	workers int
	rows    int
	bytes   int64
	dur     time.Duration // the median run
	best    time.Duration // the fastest run
}

func (r result) mbps() float64   { return float64(r.bytes) / r.dur.Seconds() / 1e6 }
func (r result) rowsps() float64 { return float64(r.rows) / r.dur.Seconds() }

// bestMbps is the throughput of the fastest run: on a shared machine the
// noise only ever slows a run down, so it is the estimate least disturbed
// by the host's other load.
func (r result) bestMbps() float64 { return float64(r.bytes) / r.best.Seconds() / 1e6 }

func (h *harness) run(rows int, rssRows, plotRows []int, plotPath string) error {
	if err := os.MkdirAll(h.dir, 0o755); err != nil {
		return err
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		return err
	}
	h.keys = deid.Keys{Pseudonyms: ks}
	if h.key, err = insecurekeyset.DomainKey(ks, "research/partner-x", ks.PrimaryKeyID()); err != nil {
		return err
	}
	if h.p, err = deid.ParsePolicy(researchPolicy); err != nil {
		return err
	}
	host, _ := os.Hostname()
	fmt.Printf("# deidkit bench: %s, %s/%s, %d CPUs, %s, %s\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), host)

	// The main comparison.
	var res []result
	for _, format := range h.formats {
		path, size, err := h.data(format, rows)
		if err != nil {
			return err
		}
		rs := []runner{{name: "baseline " + format, workers: 1, fn: func(r io.Reader) error {
			if format == "csv" {
				return baseline.CSV(context.Background(), r, io.Discard, baseline.Params{DomainKey: h.key, RefDate: refDate})
			}
			return baseline.NDJSON(context.Background(), r, io.Discard, baseline.Params{DomainKey: h.key, RefDate: refDate})
		}}}
		for _, w := range []int{1, 2} {
			r, err := h.transformer(format, w, rows)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		got, err := h.compare(format, rows, path, size, rs)
		if err != nil {
			return err
		}
		res = append(res, got...)
	}
	printComparison(res)

	// Throughput against input size and workers.
	if len(plotRows) > 0 {
		var pts []result
		for _, n := range plotRows {
			path, size, err := h.data("csv", n)
			if err != nil {
				return err
			}
			var rs []runner
			for _, w := range []int{1, 2} {
				r, err := h.transformer("csv", w, n)
				if err != nil {
					return err
				}
				rs = append(rs, r)
			}
			got, err := h.compare("csv", n, path, size, rs)
			if err != nil {
				return err
			}
			pts = append(pts, got...)
		}
		printScaling(pts)
		if plotPath != "" {
			if err := os.WriteFile(plotPath, plotSVG(pts), 0o644); err != nil {
				return err
			}
			fmt.Printf("plot written to %s\n\n", plotPath)
		}
	}

	// Peak memory of whole runs, each in its own process.
	if len(rssRows) > 0 {
		fmt.Println("| input | rows | workers | peak RSS (MiB) | wall time |")
		fmt.Println("| --- | ---: | ---: | ---: | ---: |")
		for _, n := range rssRows {
			for _, format := range h.formats {
				path, _, err := h.data(format, n)
				if err != nil {
					return err
				}
				rss, wall, err := childRSS(path, 2)
				if err != nil {
					return err
				}
				fmt.Printf("| %s | %d | 2 | %.1f | %.2fs |\n", format, n, float64(rss)/1024, wall.Seconds())
			}
		}
		fmt.Println()
	}
	return nil
}

// data returns the path of the generated input of that format and size,
// generating it on first use.
func (h *harness) data(format string, rows int) (string, int64, error) {
	path := filepath.Join(h.dir, fmt.Sprintf("measurements-%d.%s", rows, format))
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		return path, st.Size(), nil
	}
	tmp := path + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return "", 0, err
	}
	cfg := deidtest.Config{Rows: rows, Seed: 1}
	if format == "csv" {
		err = deidtest.WriteCSV(context.Background(), f, cfg)
	} else {
		err = deidtest.WriteNDJSON(context.Background(), f, cfg)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", 0, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", 0, err
	}
	return path, st.Size(), nil
}

// A runner is one contender of a comparison: it transforms the input
// once.
type runner struct {
	name    string
	workers int
	fn      func(io.Reader) error
}

func (h *harness) transformer(format string, workers, rows int) (runner, error) {
	f, err := deid.ParseFormat(format)
	if err != nil {
		return runner{}, err
	}
	tr, err := deid.NewTransformer(h.p, h.keys, deid.Options{Input: f, Workers: workers})
	if err != nil {
		return runner{}, err
	}
	return runner{name: "deid transformer", workers: workers, fn: func(r io.Reader) error {
		rep, err := tr.Run(context.Background(), r, io.Discard)
		if err == nil && rep.Written != int64(rows) {
			err = fmt.Errorf("wrote %d of %d rows", rep.Written, rows)
		}
		return err
	}}, nil
}

// compare times the runners over the file, interleaved: each repetition
// runs every runner once, so that a change in the shared machine's speed
// during the comparison weighs on all of them alike. It keeps the median
// time of each.
func (h *harness) compare(format string, rows int, path string, size int64, rs []runner) ([]result, error) {
	ds := make([][]time.Duration, len(rs))
	for range max(h.reps, 1) {
		for i, r := range rs {
			d, err := timeOnce(path, r.fn)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.name, err)
			}
			ds[i] = append(ds[i], d)
		}
	}
	res := make([]result, len(rs))
	for i, r := range rs {
		slices.Sort(ds[i])
		res[i] = result{name: r.name, format: format, workers: r.workers, rows: rows, bytes: size, dur: ds[i][len(ds[i])/2], best: ds[i][0]}
	}
	return res, nil
}

// timeOnce times one run of fn over the file.
func timeOnce(path string, fn func(io.Reader) error) (time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	// Start each run from the same state of the runtime: the garbage of
	// the run before collected and its memory returned to the system, so
	// that no run pays for the one before (the baselines leave much).
	debug.FreeOSMemory()
	start := time.Now()
	err = fn(f)
	return time.Since(start), err
}

func printComparison(res []result) {
	fmt.Println("| format | run | workers | MB/s | rows/s | × baseline | best run MB/s | best × best baseline |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	var base, one result
	for _, r := range res {
		if strings.HasPrefix(r.name, "baseline") {
			base = r
		}
		if r.name != "" && !strings.HasPrefix(r.name, "baseline") && r.workers == 1 {
			one = r
		}
		fmt.Printf("| %s | %s | %d | %.0f | %.0f | %.1f | %.0f | %.1f |\n", r.format, r.name, r.workers,
			r.mbps(), r.rowsps(), r.mbps()/base.mbps(), r.bestMbps(), r.bestMbps()/base.bestMbps())
		if r.workers == 2 && one.format == r.format {
			fmt.Printf("| %s | 1 → 2 workers | | | | %.2f× | | %.2f× |\n", r.format, r.mbps()/one.mbps(), r.bestMbps()/one.bestMbps())
		}
	}
	fmt.Println()
}

func printScaling(pts []result) {
	fmt.Println("| rows | input MB | workers | MB/s | rows/s |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: |")
	for _, r := range pts {
		fmt.Printf("| %d | %.0f | %d | %.0f | %.0f |\n", r.rows, float64(r.bytes)/1e6, r.workers, r.mbps(), r.rowsps())
	}
	fmt.Println()
}

// childRSS runs one transformation of path in a child process and returns
// its peak resident memory in KiB (Linux ru_maxrss) and its wall time.
func childRSS(path string, workers int) (int64, time.Duration, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.Command(exe, "-child", path, "-child-workers", strconv.Itoa(workers))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("child on %s: %v: %s", path, err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, fmt.Errorf("no resource usage on this system")
	}
	return ru.Maxrss, time.Since(start), nil
}

// runChild is the whole job of a child process: transform path to a
// discarded output, streaming from the file.
func runChild(path string, workers int) error {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		return err
	}
	p, err := deid.ParsePolicy(researchPolicy)
	if err != nil {
		return err
	}
	format := deid.CSV
	if strings.HasSuffix(path, ".ndjson") {
		format = deid.NDJSON
	}
	tr, err := deid.NewTransformer(p, deid.Keys{Pseudonyms: ks}, deid.Options{Input: format, Workers: workers})
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = tr.Run(context.Background(), f, io.Discard)
	return err
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			if i := strings.Index(line, ":"); i >= 0 {
				return strings.TrimSpace(line[i+1:])
			}
		}
	}
	return "unknown CPU"
}
