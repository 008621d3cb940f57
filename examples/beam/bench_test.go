package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// The export benchmarks compare the pipeline on prism with the
// single-machine program (examples/export) on the same records, both as
// whole processes: go test -run '^$' -bench Export -benchtime 3x -cpu 1,2.
// -cpu sets GOMAXPROCS of each process, the cores prism's workers share;
// examples/export gets as many with -workers. Besides records per second
// of wall time, they report the CPU time per record (user + system of the
// process), which a shared machine disturbs less.
var benchRows = flag.Int("bench-rows", 200_000, "records of the export benchmarks")

// envProgram makes this test binary run the program instead of the tests,
// so that the benchmarks can time it as a whole process.
const envProgram = "DEIDKIT_BEAM_RUN_PROGRAM"

// benchInput writes the benchmark's records as 8 shards and as one file.
func benchInput(b *testing.B) (glob, all string) {
	b.Helper()
	dir := b.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o700)
	if err := writeSample(in, *benchRows, 8, "csv"); err != nil {
		b.Fatal(err)
	}
	var cat bytes.Buffer
	for i, f := range must(filepath.Glob(filepath.Join(in, "*.csv"))) {
		data := must(os.ReadFile(f))
		if i > 0 {
			data = data[bytes.IndexByte(data, '\n')+1:]
		}
		cat.Write(data)
	}
	all = filepath.Join(dir, "all.csv")
	os.WriteFile(all, cat.Bytes(), 0o600)
	return filepath.Join(in, "*.csv"), all
}

// benchProcess runs bin b.N times with the arguments args(i) and reports
// records/s and the CPU time per record.
func benchProcess(b *testing.B, bin string, env []string, args func(i int) []string) {
	procs := "GOMAXPROCS=" + strconv.Itoa(runtime.GOMAXPROCS(0))
	var cpu time.Duration
	b.ResetTimer()
	for i := range b.N {
		cmd := exec.Command(bin, args(i)...)
		cmd.Env = append(append(os.Environ(), procs), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(*benchRows*b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(*benchRows*b.N), "cpu-µs/record")
}

func BenchmarkExportBeam(b *testing.B) {
	for _, k := range []int{0, 5} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {
			glob, _ := benchInput(b)
			out := b.TempDir()
			benchProcess(b, os.Args[0], []string{envProgram + "=1"}, func(i int) []string {
				return []string{"-demo-keys", "-in", glob, "-out", filepath.Join(out, strconv.Itoa(i)), "-k", strconv.Itoa(k),
					"-reference-date", "2026-01-01", "-partition-rows", strconv.Itoa(*benchRows / 8)}
			})
		})
	}
}

func BenchmarkExportProgram(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "export")
	build := exec.Command("go", "build", "-o", bin, "github.com/deidkit/deidkit/examples/export")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building examples/export: %v\n%s", err, out)
	}
	for _, k := range []int{0, 5} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {
			_, all := benchInput(b)
			out := b.TempDir()
			benchProcess(b, bin, nil, func(i int) []string {
				args := []string{"-demo-keys", "-in", all, "-out", filepath.Join(out, fmt.Sprintf("%d.csv", i)), "-k", strconv.Itoa(k),
					"-reference-date", "2026-01-01", "-workers", strconv.Itoa(runtime.GOMAXPROCS(0)), "-quiet"}
				if k > 0 {
					args = append(args, "-algorithm", "mondrian") // the pipeline's algorithm
				}
				return args
			})
		})
	}
}

// BenchmarkReleaseNCP measures the utility of the distributed release
// (k = 5, in people) as the partitions shrink, against the library's
// release pipeline on one machine (release.Run with Mondrian), on the same
// records:
// go test -run '^$' -bench ReleaseNCP -benchtime 1x -bench-rows 100000.
func BenchmarkReleaseNCP(b *testing.B) {
	const k = 5
	qiNames := []string{"date_of_birth", "sex", "zip", "state"}
	glob, all := benchInput(b)
	b.Run("one-machine", func(b *testing.B) {
		in := must(os.ReadFile(all))
		p, _, err := deid.AIEngine(readCSV(b, in[:bytes.IndexByte(in, '\n')+1])[0], deid.AIEngineOptions{
			ReferenceDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Domain: "research/partner-x", Name: "research"})
		if err != nil {
			b.Fatal(err)
		}
		keys, err := keyfile.Load("", "", "")
		if err != nil {
			b.Fatal(err)
		}
		var rep *release.Report
		for range b.N {
			_, rep = singleMachine(b, in, p, deid.Keys{Pseudonyms: keys.Pseudonyms}, nil, qiNames, k)
		}
		b.ReportMetric(rep.KAnonymity.NCP, "NCP%")
		for _, q := range rep.KAnonymity.QuasiIdentifiers {
			b.ReportMetric(q.NCP, q.Name+"-NCP%")
		}
	})
	for div := 1; div <= 32; div *= 2 {
		limit := *benchRows / div
		b.Run("partition-rows="+strconv.Itoa(limit), func(b *testing.B) {
			var rep *report
			for i := range b.N {
				out := filepath.Join(b.TempDir(), strconv.Itoa(i))
				rep = runBench(b, "-demo-keys", "-in", glob, "-out", out, "-k", strconv.Itoa(k), "-reference-date", "2026-01-01",
					"-partition-rows", strconv.Itoa(limit))
			}
			b.ReportMetric(rep.KAnonymity.NCP, "NCP%")
			for _, q := range rep.KAnonymity.QuasiIdentifiers {
				b.ReportMetric(q.NCP, q.Name+"-NCP%")
			}
			b.ReportMetric(float64(rep.Distributed.Partitions), "partitions")
		})
	}
}

// runBench runs the program and returns its report.
func runBench(b *testing.B, args ...string) *report {
	b.Helper()
	cfg := &config{}
	fs := flag.NewFlagSet("beam", flag.ContinueOnError)
	cfg.register(fs)
	fs.Parse(args)
	var stderr bytes.Buffer
	if code := run(context.Background(), cfg, nil, &stderr); code != exitOK {
		b.Fatalf("exit %d: %s", code, stderr.String())
	}
	var rep report
	if err := json.Unmarshal(must(os.ReadFile(filepath.Join(cfg.out, "report.json"))), &rep); err != nil {
		b.Fatal(err)
	}
	return &rep
}
