package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
)

// programs are the whole programs that the process comparison runs, built
// once per harness run.
type programs struct {
	export, handwritten string
	iofloor             string // bench/iofloor: the reads, writes and checksums alone
	launch              string // bench/launch, which starts them
	policy              string // the research policy, as a file
	keyset, kek         string // the export's keys
	keyFile             string // the research domain key in hex, for the hand-written program
}

// buildPrograms builds examples/export and bench/handwritten into dir/bin,
// makes keys with examples/keygen and writes the domain key for the
// hand-written program. It also returns the keyset, so that the in-process
// runs use the same keys.
func buildPrograms(dir string) (*programs, *pseudo.Keyset, error) {
	bin := filepath.Join(dir, "bin")
	keys := filepath.Join(dir, "keys")
	p := &programs{
		export:      filepath.Join(bin, "export"),
		handwritten: filepath.Join(bin, "handwritten"),
		iofloor:     filepath.Join(bin, "iofloor"),
		launch:      filepath.Join(bin, "launch"),
		policy:      filepath.Join(dir, "research-policy.json"),
		keyset:      filepath.Join(keys, "keyset.json"),
		kek:         filepath.Join(keys, "kek.json"),
		keyFile:     filepath.Join(keys, "domain.key"),
	}
	keygen := filepath.Join(bin, "keygen")
	for pkg, out := range map[string]string{"./examples/export": p.export, "./bench/handwritten": p.handwritten, "./bench/iofloor": p.iofloor, "./bench/launch": p.launch, "./examples/keygen": keygen} {
		if out, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			return nil, nil, fmt.Errorf("go build %s (run the harness from the module's root): %v: %s", pkg, err, out)
		}
	}
	if err := os.WriteFile(p.policy, researchPolicy, 0o644); err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(p.keyset); err != nil {
		if out, err := exec.Command(keygen, "-dir", keys).CombinedOutput(); err != nil {
			return nil, nil, fmt.Errorf("keygen: %v: %s", err, out)
		}
	}
	ks, err := readKeyset(p.keyset, p.kek)
	if err != nil {
		return nil, nil, err
	}
	key, err := insecurekeyset.DomainKey(ks, researchDomain, ks.PrimaryKeyID())
	if err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(p.keyFile, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, nil, err
	}
	return p, ks, nil
}

// readKeyset reads the export's keyset, encrypted under the local
// key-encryption keyset that keygen wrote.
func readKeyset(path, kekPath string) (*pseudo.Keyset, error) {
	kf, err := os.Open(kekPath)
	if err != nil {
		return nil, err
	}
	defer kf.Close()
	h, err := insecurecleartextkeyset.Read(keyset.NewJSONReader(kf))
	if err != nil {
		return nil, err
	}
	kek, err := aead.New(h)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return pseudo.ReadKeyset(f, kek)
}

// A proc is one contender of the process comparison: a command line,
// run as a whole process from input file to output file.
type proc struct {
	name    string
	workers int
	args    func(in, out string) []string
}

func (p *programs) exportProcess(workers int) proc {
	return proc{name: "export program", workers: workers, args: func(in, out string) []string {
		return []string{p.export, "-in", in, "-out", out, "-policy", p.policy,
			"-keyset", p.keyset, "-kek-keyset", p.kek, "-report", out + ".report.json",
			"-workers", strconv.Itoa(workers), "-quiet"}
	}}
}

func (p *programs) handwrittenProcess() proc {
	return proc{name: "hand-written program", workers: 1, args: func(in, out string) []string {
		return []string{p.handwritten, "-in", in, "-out", out, "-key-file", p.keyFile, "-reference-date", "2026-01-01"}
	}}
}

// floorName is the I/O floor's name in the tables.
const floorName = "I/O floor (read, write, checksums)"

// floorProcess is the I/O floor: bench/iofloor reads the input, writes as
// many bytes as the export program wrote (*outBytes, set by the check run
// before any timing) into a temporary file renamed into place, and hashes
// both with SHA-256 on goroutines of their own, transforming nothing. Its
// ratio against the hand-written program bounds what any exporter whose
// report carries these checksums can reach here. It has no workers (0 in
// the tables).
func (p *programs) floorProcess(outBytes *int64) proc {
	return proc{name: floorName, args: func(in, out string) []string {
		return []string{p.iofloor, "-in", in, "-out", out, "-out-bytes", strconv.FormatInt(*outBytes, 10),
			"-report", out + ".report.json"}
	}}
}

// procResult is the timing of one contender over the repetitions.
type procResult struct {
	format, shape, name string
	workers             int
	walls, cpus         []time.Duration // sorted
	maxRSS              int64           // KiB, the largest of the runs
}

func (r procResult) wall() time.Duration { return r.walls[len(r.walls)/2] }
func (r procResult) cpu() time.Duration  { return r.cpus[len(r.cpus)/2] }

// compareProcesses runs the contenders over the input, interleaved, each
// from the input file to an output file in the data directory (removed
// before each run, outside the timing), and keeps the wall time, the CPU
// time (user + system) and the peak RSS of each run. Before timing, it
// checks that the export program's output equals the hand-written
// program's for CSV, and that the export program reports every row
// written.
func (h *harness) compareProcesses(format, shape string, rows int, in string, ps []proc) ([]procResult, error) {
	res := make([]procResult, len(ps))
	outs := make([]string, len(ps))
	for i, p := range ps {
		res[i] = procResult{format: format, shape: shape, name: p.name, workers: p.workers}
		outs[i] = filepath.Join(h.dir, fmt.Sprintf("out-%d.%s", i, format))
		defer os.Remove(outs[i])
		defer os.Remove(outs[i] + ".report.json")
	}
	if err := h.checkProcesses(format, rows, in, ps, outs); err != nil {
		return nil, err
	}
	for range max(h.reps, 1) {
		for i, p := range ps {
			os.Remove(outs[i])
			wall, cpu, rss, err := h.prog.runProcess(p.args(in, outs[i]))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.name, err)
			}
			res[i].walls = append(res[i].walls, wall)
			res[i].cpus = append(res[i].cpus, cpu)
			res[i].maxRSS = max(res[i].maxRSS, rss)
		}
	}
	for i := range res {
		slices.Sort(res[i].walls)
		slices.Sort(res[i].cpus)
	}
	return res, nil
}

func (h *harness) checkProcesses(format string, rows int, in string, ps []proc, outs []string) error {
	var want []byte
	for i, p := range ps {
		if _, _, _, err := h.prog.runProcess(p.args(in, outs[i])); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		if p.name == floorName {
			st, err := os.Stat(outs[i])
			if err != nil {
				return err
			}
			if st.Size() != h.outBytes {
				return fmt.Errorf("%s wrote %d bytes, want %d", p.name, st.Size(), h.outBytes)
			}
			continue
		}
		if p.name == "export program" {
			st, err := os.Stat(outs[i])
			if err != nil {
				return err
			}
			h.outBytes = st.Size()
		}
		if p.name != "export program" {
			if format == "csv" {
				b, err := os.ReadFile(outs[i])
				if err != nil {
					return err
				}
				want = b
			}
			continue
		}
		b, err := os.ReadFile(outs[i] + ".report.json")
		if err != nil {
			return err
		}
		var rep struct {
			Written int `json:"records_written"`
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			return fmt.Errorf("%s: report: %w", p.name, err)
		}
		if rep.Written != rows {
			return fmt.Errorf("%s: the report counts %d rows written, want %d", p.name, rep.Written, rows)
		}
		if want != nil {
			got, err := os.ReadFile(outs[i])
			if err != nil {
				return err
			}
			if !bytes.Equal(got, want) {
				return fmt.Errorf("%s: the CSV output differs from the hand-written program's", p.name)
			}
		}
	}
	return nil
}

// runProcess runs one command through bench/launch and returns its wall
// time (launch's start included, a millisecond or two), its CPU time (user
// + system) and its peak resident memory in KiB.
func (p *programs) runProcess(args []string) (wall, cpu time.Duration, maxRSS int64, err error) {
	usage := filepath.Join(filepath.Dir(p.launch), "usage.json")
	os.Remove(usage)
	cmd := exec.Command(p.launch, append([]string{"-usage", usage}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, 0, fmt.Errorf("%v: %s", err, stderr.String())
	}
	wall = time.Since(start)
	b, err := os.ReadFile(usage)
	if err != nil {
		return 0, 0, 0, err
	}
	var u struct {
		MaxRSS int64 `json:"max_rss_kib"`
		User   int64 `json:"user_ns"`
		System int64 `json:"system_ns"`
	}
	if err := json.Unmarshal(b, &u); err != nil {
		return 0, 0, 0, err
	}
	return wall, time.Duration(u.User + u.System), u.MaxRSS, nil
}

func printProcesses(res []procResult) {
	fmt.Println("| format | data | program | workers | wall s | × baseline | best wall s | best × best | CPU s | CPU × | peak RSS MiB |")
	fmt.Println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	var base procResult
	for _, r := range res {
		if r.name == "hand-written program" {
			base = r
		}
		workers := strconv.Itoa(r.workers)
		if r.name == floorName {
			workers = ""
		}
		fmt.Printf("| %s | %s | %s | %s | %.3f | **%.1f** | %.3f | %.1f | %.3f | %.1f | %.1f |\n", r.format, r.shape, r.name, workers,
			r.wall().Seconds(), base.wall().Seconds()/r.wall().Seconds(),
			r.walls[0].Seconds(), base.walls[0].Seconds()/r.walls[0].Seconds(),
			r.cpu().Seconds(), base.cpu().Seconds()/r.cpu().Seconds(), float64(r.maxRSS)/1024)
	}
	fmt.Println()
}
