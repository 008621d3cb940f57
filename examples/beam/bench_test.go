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
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// The export benchmarks compare the pipeline on prism with the
// single-machine program (examples/export, as a whole process) on the
// same records: go test -run '^$' -bench Export -benchtime 3x -cpu 1,2.
// -cpu sets GOMAXPROCS, the cores prism's workers share; the program gets
// as many with -workers.
var benchRows = flag.Int("bench-rows", 200_000, "records of the export benchmarks")

// benchInput writes the benchmark's records as 8 shards and as one file.
func benchInput(b *testing.B) (glob, all string) {
	b.Helper()
	dir := b.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o700)
	if err := writeSample(in, *benchRows, 8); err != nil {
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

func BenchmarkExportBeam(b *testing.B) {
	for _, k := range []int{0, 5} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {
			glob, _ := benchInput(b)
			b.ResetTimer()
			for i := range b.N {
				runBench(b, "-in", glob, "-out", filepath.Join(b.TempDir(), strconv.Itoa(i)), "-k", strconv.Itoa(k),
					"-reference-date", "2026-01-01", "-partition-rows", strconv.Itoa(*benchRows/8))
			}
			b.ReportMetric(float64(*benchRows*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

func BenchmarkExportProgram(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "export")
	build := exec.Command("go", "build", "-o", bin, "github.com/deidkit/deidkit/examples/export")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building examples/export: %v\n%s", err, out)
	}
	procs := strconv.Itoa(runtime.GOMAXPROCS(0))
	for _, k := range []int{0, 5} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {
			_, all := benchInput(b)
			b.ResetTimer()
			for i := range b.N {
				cmd := exec.Command(bin, "-in", all, "-out", filepath.Join(b.TempDir(), fmt.Sprintf("%d.csv", i)),
					"-k", strconv.Itoa(k), "-reference-date", "2026-01-01", "-workers", procs, "-quiet")
				cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
			b.ReportMetric(float64(*benchRows*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkReleaseNCP measures the utility of the distributed release
// (k = 5, in people) as the partitions shrink, against the library's
// Mondrian on one machine with the same hierarchies, on the same records:
// go test -run '^$' -bench ReleaseNCP -benchtime 1x -bench-rows 100000.
func BenchmarkReleaseNCP(b *testing.B) {
	const k = 5
	glob, all := benchInput(b)
	b.Run("one-machine", func(b *testing.B) {
		p, _, err := deid.AIEngine(readCSVFile(b, all)[0], deid.AIEngineOptions{
			ReferenceDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Domain: "research/partner-x", Name: "research"})
		if err != nil {
			b.Fatal(err)
		}
		keys, err := keyfile.Load("", "", "")
		if err != nil {
			b.Fatal(err)
		}
		tr, err := deid.NewTransformer(p, deid.Keys{Pseudonyms: keys.Pseudonyms}, deid.Options{Input: deid.CSV})
		if err != nil {
			b.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := tr.Run(context.Background(), bytes.NewReader(must(os.ReadFile(all))), &out); err != nil {
			b.Fatal(err)
		}
		recs := readCSV(b, out.Bytes())
		var ncp float64
		for range b.N {
			ncp = singleMachineNCP(b, recs[1:], recs[0], []string{"date_of_birth", "sex", "zip", "state"}, k)
		}
		b.ReportMetric(ncp, "NCP%")
	})
	for div := 1; div <= 32; div *= 2 {
		limit := *benchRows / div
		b.Run("partition-rows="+strconv.Itoa(limit), func(b *testing.B) {
			var rep *report
			for i := range b.N {
				out := filepath.Join(b.TempDir(), strconv.Itoa(i))
				rep = runBench(b, "-in", glob, "-out", out, "-k", strconv.Itoa(k), "-reference-date", "2026-01-01",
					"-partition-rows", strconv.Itoa(limit))
			}
			b.ReportMetric(rep.KAnonymity.NCP, "NCP%")
			b.ReportMetric(float64(rep.KAnonymity.Partitions), "partitions")
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

func readCSVFile(b *testing.B, path string) [][]string {
	return readCSV(b, must(os.ReadFile(path)))
}
