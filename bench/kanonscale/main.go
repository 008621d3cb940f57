// Command kanonscale times strict Mondrian on synthetic tables of health
// device users with eight quasi-identifiers, at several sizes, and prints a
// table of times and peak memory.
//
//	go run ./bench/kanonscale -rows 100000,1000000,10000000 -k 10
//
// With -optimal it times kanon.Optimal instead, with and without a
// suppression limit, on the Adult benchmark and a synthetic table (see
// optimal.go):
//
//	go run ./bench/kanonscale -optimal -rows 100000 -k 5 -suppression 0.05
//
// Each size runs in a child process of its own so that the peak resident
// memory reported (VmHWM) belongs to that size alone. CPU time is reported
// beside wall time because the CPU time of a run is steadier on a shared
// machine; Mondrian is single-threaded, so on an idle machine the two agree.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/kanon"
)

func main() {
	rows := flag.String("rows", "100000,1000000,10000000", "comma-separated table sizes (with -optimal, of the synthetic tables; 100000 is a good size)")
	k := flag.Int("k", 10, "k of k-anonymity")
	relaxed := flag.Bool("relaxed", false, "relaxed Mondrian")
	child := flag.Int("child", 0, "run one size in this process and print one result line")
	cpuprofile := flag.String("cpuprofile", "", "with -child: write a CPU profile of Mondrian to this file")
	optimal := flag.Bool("optimal", false, "time Optimal with and without suppression instead of Mondrian")
	suppression := flag.Float64("suppression", 0.05, "with -optimal: the suppression limit to compare with none")
	runs := flag.Int("runs", 7, "with -optimal: runs of each configuration, interleaved")
	adult := flag.String("adult", "kanon/testdata/adult", "with -optimal: the directory of the Adult data and hierarchies")
	flag.Parse()
	if *optimal {
		if err := timeOptimal(*rows, *k, *suppression, *runs, *adult); err != nil {
			fmt.Fprintln(os.Stderr, "kanonscale:", err)
			os.Exit(1)
		}
		return
	}
	if *child > 0 {
		if err := runOne(*child, *k, *relaxed, *cpuprofile); err != nil {
			fmt.Fprintln(os.Stderr, "kanonscale:", err)
			os.Exit(1)
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kanonscale:", err)
		os.Exit(1)
	}
	fmt.Printf("strict=%v k=%d, 8 quasi-identifiers, %s/%s, %d CPUs, %s\n\n", !*relaxed, *k, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| rows | build table | Mondrian wall | Mondrian CPU | CPU ns/row | CPU ns / (n log2 n) | classes | NCP | peak RSS |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range strings.Split(*rows, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "kanonscale: bad size %q\n", s)
			os.Exit(2)
		}
		cmd := exec.Command(self, "-child", strconv.Itoa(n), "-k", strconv.Itoa(*k), "-relaxed="+strconv.FormatBool(*relaxed))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			fmt.Fprintf(os.Stderr, "kanonscale: %d rows: %v\n", n, err)
			os.Exit(1)
		}
		fmt.Print(string(out))
	}
}

func runOne(n, k int, relaxed bool, cpuprofile string) error {
	start := time.Now()
	t, err := synthetic(n, 1, false)
	if err != nil {
		return err
	}
	build := time.Since(start)
	runtime.GC()
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start = time.Now()
	cpu0 := testenv.CPUTime()
	res, err := kanon.Mondrian(context.Background(), t, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(k)}, Relaxed: relaxed})
	if err != nil {
		return err
	}
	took := time.Since(start)
	cpu := testenv.CPUTime() - cpu0
	m := res.Metrics()
	nlogn := float64(n) * math.Log2(float64(n))
	fmt.Printf("| %d | %.2f s | %.3f s | %.3f s | %.0f | %.1f | %d | %.2f%% | %d MiB |\n", n, build.Seconds(), took.Seconds(),
		cpu.Seconds(), float64(cpu.Nanoseconds())/float64(n), float64(cpu.Nanoseconds())/nlogn, m.Classes, m.NCP, peakRSS()>>20)
	return nil
}

// synthetic builds n rows of eight quasi-identifiers of users of connected
// scales and watches, with skewed, partly correlated values. The numeric
// ones (birth year, height, weight) have no hierarchy, so Optimal gives
// them automatic intervals (six or seven levels each), unless intervals
// gives them bands of 5, 10 and 20 (and 40 kg).
func synthetic(n int, seed uint64, intervals bool) (*kanon.Table, error) {
	rng := rand.New(rand.NewPCG(seed, 42))
	zip, err := kanon.Masking(3)
	if err != nil {
		return nil, err
	}
	regions := map[string]string{}
	states := make([]string, 50)
	for i := range states {
		states[i] = fmt.Sprintf("S%02d", i)
		regions[states[i]] = fmt.Sprintf("R%d", i%9)
	}
	stateH, err := kanon.Tree(regions, kanon.ImplicitTop())
	if err != nil {
		return nil, err
	}
	brands := map[string]string{}
	devices := make([]string, 40)
	for i := range devices {
		devices[i] = fmt.Sprintf("model-%02d", i)
		brands[devices[i]] = fmt.Sprintf("line-%d", i/8)
	}
	deviceH, err := kanon.Tree(brands, kanon.ImplicitTop())
	if err != nil {
		return nil, err
	}
	var bands, kgBands *kanon.Hierarchy
	if intervals {
		if bands, err = kanon.Intervals(5, 10, 20); err != nil {
			return nil, err
		}
		if kgBands, err = kanon.Intervals(5, 10, 20, 40); err != nil {
			return nil, err
		}
	}
	schema := kanon.Schema{
		QuasiIdentifiers: []kanon.Attribute{
			{Name: "birth_year", Type: kanon.Numeric, Hierarchy: bands},
			{Name: "sex", Type: kanon.Categorical},
			{Name: "zip3", Type: kanon.Categorical, Hierarchy: zip},
			{Name: "state", Type: kanon.Categorical, Hierarchy: stateH},
			{Name: "height_cm", Type: kanon.Numeric, Hierarchy: bands},
			{Name: "weight_kg", Type: kanon.Numeric, Hierarchy: kgBands},
			{Name: "device", Type: kanon.Categorical, Hierarchy: deviceH},
			{Name: "timezone", Type: kanon.Categorical},
		},
		Sensitive: []string{"condition"},
	}
	b, err := kanon.NewBuilder(schema)
	if err != nil {
		return nil, err
	}
	b.Grow(n)
	// Pre-formatted values, so that the loop measures encoding, not fmt.
	years := numbers(1930, 2010, 1)
	heights := numbers(140, 210, 1)
	weights := numbers(40, 160, 1)
	zips := numbers(100, 999, 1)
	tz := []string{"-10", "-9", "-8", "-7", "-6", "-5", "-4", "0", "1", "2", "8", "9"}
	conditions := []string{"none", "hypertension", "diabetes", "sleep apnea", "obesity", "arrhythmia"}
	sexes := []string{"F", "M"}
	row := make([]string, 9)
	for range n {
		sex := rng.IntN(2)
		row[0] = years[skewed(rng, len(years))]
		row[1] = sexes[sex]
		z := skewed(rng, len(zips))
		row[2] = zips[z]
		row[3] = states[(z*7)%len(states)]
		h := clamp(int(rng.NormFloat64()*8)+163+sex*13-140, len(heights))
		row[4] = heights[h]
		row[5] = weights[clamp(int(rng.NormFloat64()*14)+h/2+20, len(weights))]
		row[6] = devices[skewed(rng, len(devices))]
		row[7] = tz[(z/80+rng.IntN(2))%len(tz)]
		row[8] = conditions[skewed(rng, len(conditions))]
		if err := b.Add(row...); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

func numbers(lo, hi, step int) []string {
	var out []string
	for v := lo; v <= hi; v += step {
		out = append(out, strconv.Itoa(v))
	}
	return out
}

// skewed draws an index in [0, n) with small indexes more likely.
func skewed(rng *rand.Rand, n int) int {
	u := rng.Float64()
	return int(float64(n) * u * u)
}

func clamp(i, n int) int { return max(0, min(n-1, i)) }

// peakRSS reads the peak resident set size of this process.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
