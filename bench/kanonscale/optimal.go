package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/kanon"
)

// timeOptimal times kanon.Optimal with k-anonymity, without suppression
// and with the given limit, on the Adult benchmark (30,162 rows, its eight
// usual quasi-identifiers with ARX's hierarchies) and on synthetic tables
// of the given sizes. The two configurations run interleaved, runs times
// each, every run after a garbage collection, so that the ratio of their
// times is measured under the same load; the table reports medians and
// the fastest runs (on a shared machine, load only ever slows a run
// down).
func timeOptimal(sizes string, k int, suppression float64, runs int, adultDir string) error {
	type dataset struct {
		name string
		t    *kanon.Table
	}
	adult, err := readAdult(adultDir)
	if err != nil {
		return err
	}
	sets := []dataset{{"Adult", adult}}

	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bad size %q", s)
		}
		for _, intervals := range []bool{false, true} {
			t, err := synthetic(n, 1, intervals)
			if err != nil {
				return err
			}
			name := fmt.Sprintf("synthetic %d rows, automatic intervals", n)
			if intervals {
				name = fmt.Sprintf("synthetic %d rows, interval hierarchies", n)
			}
			sets = append(sets, dataset{name, t})
		}

	}
	fmt.Printf("Optimal, %d-anonymity, loss; %d interleaved runs each; %s/%s, %d CPUs, %s\n\n",
		k, runs, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| data | suppression | CPU median | CPU fastest | wall median | levels | NCP | suppressed | × 0% (median) | × 0% (fastest) |")
	fmt.Println("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
	for _, ds := range sets {
		limits := []float64{0, suppression}
		cpu := make([][]time.Duration, len(limits))
		wall := make([][]time.Duration, len(limits))
		results := make([]*kanon.Result, len(limits))
		for range runs {
			for i, s := range limits {
				cfg := kanon.Config{Models: []kanon.Model{kanon.KAnonymity(k)}, Suppression: s}
				runtime.GC()
				c0, w0 := testenv.CPUTime(), time.Now()
				res, err := kanon.Optimal(context.Background(), ds.t, cfg)
				if err != nil {
					return fmt.Errorf("%s, suppression %g: %w", ds.name, s, err)
				}
				cpu[i] = append(cpu[i], testenv.CPUTime()-c0)
				wall[i] = append(wall[i], time.Since(w0))
				results[i] = res
			}
		}
		for i, s := range limits {
			m := results[i].Metrics()
			fmt.Printf("| %s | %g%% | %s | %s | %s | %v | %.2f%% | %d | %.2f | %.2f |\n", ds.name, 100*s,
				ms(median(cpu[i])), ms(slices.Min(cpu[i])), ms(median(wall[i])), results[i].Levels(), m.NCP, m.Suppressed,
				float64(median(cpu[i]))/float64(median(cpu[0])), float64(slices.Min(cpu[i]))/float64(slices.Min(cpu[0])))
		}
	}
	return nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// readAdult reads the Adult benchmark with its hierarchies.
func readAdult(dir string) (*kanon.Table, error) {
	var s kanon.Schema
	for _, name := range []string{"age", "education", "marital-status", "native-country", "race", "salary-class", "sex", "workclass"} {
		f, err := os.Open(filepath.Join(dir, "adult_hierarchy_"+name+".csv"))
		if err != nil {
			return nil, err
		}
		h, err := kanon.ReadHierarchy(f, ';')
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		s.QuasiIdentifiers = append(s.QuasiIdentifiers, kanon.Attribute{Name: name, Hierarchy: h})
	}
	f, err := os.Open(filepath.Join(dir, "adult.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return kanon.ReadCSV(f, kanon.CSVOptions{Schema: s})
}
