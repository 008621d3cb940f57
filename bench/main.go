// Command bench measures the streaming transformer and the export program
// against the research export written by hand with the standard library,
// on synthetic measurement exports, and prints the results as Markdown
// tables.
//
//	go run ./bench
//
// It generates the data (CSV and NDJSON, 24 columns, package deidtest,
// into -dir) in two shapes: "by-user", each user's rows together (as a
// per-user export job writes them), and "by-time-N", rows ordered by
// measurement time with N people per million rows (as a daily or monthly
// extract sorted by time is), then, in one run so that ratios compare like
// with like on a shared machine:
//
//   - whole processes (-process): the export program (examples/export, built
//     once; input file to output file, JSON report on) with 1 and 2
//     workers against the hand-written program (bench/handwritten:
//     encoding/csv + hmac.New per row + csv.Writer; encoding/json into
//     map[string]any + json.Encoder), in wall time as a user would time
//     them, CPU time and peak RSS, and beside them the I/O floor
//     (bench/iofloor: the input read, the export's number of bytes
//     written to a temporary file renamed into place, the SHA-256 of
//     both, no transformation), the best any exporter with the report's
//     checksums could do;
//   - in process (-inprocess): the research policy (bench/research-policy.json)
//     with the transformer (1 and 2 workers) and with the baselines
//     (package bench/baseline), input read from a file, output discarded,
//     in MB/s and rows/s, and the ratios;
//   - the transformer's throughput at several input sizes and worker
//     counts, drawn as an SVG plot (-plot);
//   - the peak resident memory (max RSS) of the export program with 2
//     workers, for 1M and 4M rows.
//
// Each timing is the median of -reps runs, with the fastest run beside it;
// the runs of the contenders of one comparison are interleaved, so that a
// change in the speed of a shared machine weighs on all of them alike. The
// input is in the page cache after the first run.
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
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

// researchDomain is the research policy's pseudonym domain.
const researchDomain = "research/partner-x"

func main() {
	rows := flag.Int("rows", 1_000_000, "rows of the main comparisons")
	process := flag.String("process", "csv:by-time-25000,csv:by-time-2500,csv:by-time-250000,csv:by-user,ndjson:by-time-25000",
		"inputs (format:shape) of the whole-process comparison")
	inprocess := flag.String("inprocess", "csv:by-user,csv:by-time-25000,ndjson:by-user,ndjson:by-time-25000",
		"inputs (format:shape) of the in-process comparison")
	rssRows := flag.String("rss-rows", "1000000,4000000", "input sizes for the peak-memory runs")
	rssInputs := flag.String("rss", "csv:by-time-25000,ndjson:by-time-25000", "inputs (format:shape) of the peak-memory runs")
	plotRows := flag.String("plot-rows", "100000,1000000,4000000", "input sizes for the throughput plot (CSV, by-user)")
	reps := flag.Int("reps", 5, "runs per timing (the median is reported)")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "deidkit-bench"), "directory for the generated data")
	plot := flag.String("plot", "bench/throughput.svg", "SVG plot to write (empty: none)")
	flag.Parse()
	if releaseOnly(*dir, *reps) {
		return
	}

	h := &harness{dir: *dir, reps: *reps}
	err := h.run(*rows, list(*process), list(*inprocess), list(*rssInputs), parseSizes(*rssRows), parseSizes(*plotRows), *plot)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseSizes(s string) []int {
	var out []int
	for _, f := range list(s) {
		if n, err := strconv.Atoi(f); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

type harness struct {
	dir  string
	reps int
	keys deid.Keys
	key  []byte // the research domain key, for the baselines
	p    *deid.Policy
	prog *programs
	// outBytes is the size of the export program's output in the
	// current whole-process comparison, which the I/O floor writes.
	outBytes int64
}

// result is one timing.
type result struct {
	name    string
	format  string
	shape   string
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

// splitInput splits "format:shape".
func splitInput(s string) (format, shape string, err error) {
	format, shape, ok := strings.Cut(s, ":")
	if !ok || (format != "csv" && format != "ndjson") {
		return "", "", fmt.Errorf("input %q is not csv:SHAPE or ndjson:SHAPE", s)
	}
	if _, err := shapeConfig(shape, 1); err != nil {
		return "", "", err
	}
	return format, shape, nil
}

// shapeConfig returns the generator's configuration of a shape: "by-user"
// (each user's rows together, 50 to 500 of them) or "by-time-N" (rows in
// time order, N people per million rows, eight-digit user IDs).
func shapeConfig(shape string, rows int) (deidtest.Config, error) {
	cfg := deidtest.Config{Rows: rows, Seed: 1}
	if shape == "by-user" {
		return cfg, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(shape, "by-time-"))
	if !strings.HasPrefix(shape, "by-time-") || err != nil || n <= 0 {
		return cfg, fmt.Errorf("unknown data shape %q (by-user or by-time-N)", shape)
	}
	cfg.TimeOrdered, cfg.PeoplePerMillion, cfg.NumericIDs = true, n, true
	return cfg, nil
}

func (h *harness) run(rows int, process, inprocess, rssInputs []string, rssRows, plotRows []int, plotPath string) error {
	for _, in := range slices.Concat(process, inprocess, rssInputs) {
		if _, _, err := splitInput(in); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(h.dir, 0o755); err != nil {
		return err
	}
	var ks *pseudo.Keyset
	var err error
	if h.prog, ks, err = buildPrograms(h.dir); err != nil {
		return err
	}
	h.keys = deid.Keys{Pseudonyms: ks}
	if h.key, err = insecurekeyset.DomainKey(ks, researchDomain, ks.PrimaryKeyID()); err != nil {
		return err
	}
	if h.p, err = deid.ParsePolicy(researchPolicy); err != nil {
		return err
	}
	host, _ := os.Hostname()
	fmt.Printf("# deidkit bench: %s, %s/%s, %d CPUs, %s, %s\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), host)
	fmt.Printf("load average before: %s\n\n", loadAverage())

	// Whole processes, as a user runs them.
	if len(process) > 0 {
		var res []procResult
		for _, in := range process {
			format, shape, _ := splitInput(in)
			path, _, err := h.data(format, shape, rows)
			if err != nil {
				return err
			}
			// The floor comes after the export program, whose output size
			// it takes from the check run.
			ps := []proc{h.prog.handwrittenProcess(), h.prog.exportProcess(1), h.prog.exportProcess(2), h.prog.floorProcess(&h.outBytes)}
			got, err := h.compareProcesses(format, shape, rows, path, ps)
			if err != nil {
				return err
			}
			res = append(res, got...)
		}
		printProcesses(res)
	}

	// In process, output discarded.
	var res []result
	for _, in := range inprocess {
		format, shape, _ := splitInput(in)
		path, size, err := h.data(format, shape, rows)
		if err != nil {
			return err
		}
		rs := []runner{{name: "baseline", workers: 1, fn: func(r io.Reader) error {
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
		got, err := h.compare(format, shape, rows, path, size, rs)
		if err != nil {
			return err
		}
		res = append(res, got...)
	}
	if len(res) > 0 {
		printComparison(res)
	}

	// Throughput against input size and workers.
	if len(plotRows) > 0 {
		var pts []result
		for _, n := range plotRows {
			path, size, err := h.data("csv", "by-user", n)
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
			got, err := h.compare("csv", "by-user", n, path, size, rs)
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

	// Peak memory of the export program, 2 workers.
	if len(rssRows) > 0 && len(rssInputs) > 0 {
		fmt.Println("| input | data | rows | workers | peak RSS (MiB) | wall time |")
		fmt.Println("| --- | --- | ---: | ---: | ---: | ---: |")
		out := filepath.Join(h.dir, "out-rss")
		defer os.Remove(out)
		defer os.Remove(out + ".report.json")
		for _, n := range rssRows {
			for _, in := range rssInputs {
				format, shape, _ := splitInput(in)
				path, _, err := h.data(format, shape, n)
				if err != nil {
					return err
				}
				wall, _, rss, err := h.prog.runProcess(h.prog.exportProcess(2).args(path, out+"."+format))
				os.Remove(out + "." + format)
				if err != nil {
					return err
				}
				fmt.Printf("| %s | %s | %d | 2 | %.1f | %.2fs |\n", format, shape, n, float64(rss)/1024, wall.Seconds())
			}
		}
		fmt.Println()
	}
	fmt.Printf("load average after: %s\n", loadAverage())
	return nil
}

// loadAverage returns the host's load averages (1, 5 and 15 minutes), which
// tell how much other work shared the machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// data returns the path of the generated input of that format, shape and
// size, generating it on first use.
func (h *harness) data(format, shape string, rows int) (string, int64, error) {
	path := filepath.Join(h.dir, fmt.Sprintf("measurements-%s-%d.%s", shape, rows, format))
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		return path, st.Size(), nil
	}
	cfg, err := shapeConfig(shape, rows)
	if err != nil {
		return "", 0, err
	}
	tmp := path + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return "", 0, err
	}
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
func (h *harness) compare(format, shape string, rows int, path string, size int64, rs []runner) ([]result, error) {
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
		res[i] = result{name: r.name, format: format, shape: shape, workers: r.workers, rows: rows, bytes: size, dur: ds[i][len(ds[i])/2], best: ds[i][0]}
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
	fmt.Println("| format | data | run | workers | MB/s | rows/s | × baseline | best run MB/s | best × best baseline |")
	fmt.Println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	var base, one result
	for _, r := range res {
		name := r.name
		if r.name == "baseline" {
			base = r
			name = "baseline (encoding/csv + hmac.New + csv.Writer)"
			if r.format == "ndjson" {
				name = "baseline (encoding/json maps + hmac.New + json.Encoder)"
			}
		} else if r.workers == 1 {
			one = r
		}
		fmt.Printf("| %s | %s | %s | %d | %.0f | %.0f | %.1f | %.0f | %.1f |\n", r.format, r.shape, name, r.workers,
			r.mbps(), r.rowsps(), r.mbps()/base.mbps(), r.bestMbps(), r.bestMbps()/base.bestMbps())
		if r.name != "baseline" && r.workers == 2 {
			fmt.Printf("| %s | %s | 1 → 2 workers | | | | %.2f× | | %.2f× |\n", r.format, r.shape, r.mbps()/one.mbps(), r.bestMbps()/one.bestMbps())
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
