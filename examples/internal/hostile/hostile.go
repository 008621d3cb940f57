// Package hostile runs the corpus of hostile inputs under
// examples/testdata/hostile through the example programs, in process, and
// checks what every case must satisfy whatever it holds:
//
//   - the exit status (or the HTTP status of each request) is the one the
//     manifest gives;
//   - no value of the case's inputs (a field of a record, an ID of an
//     exclusion list, key material) appears on stderr, in the report, in
//     an error or in an HTTP answer;
//   - no identifier of the inputs (a value of an identifying field, a
//     listed ID) appears in the output;
//   - the counts of a successful run reconcile (read = written +
//     quarantined + suppressed + excluded), match the records of the
//     output and the counts the manifest gives;
//   - a failed run leaves no output, no temporary file, and a report that
//     says it failed and describes no output;
//   - no input file changes.
//
// A case that the code does not pass yet, because a library feature it
// needs has not landed, is marked pending with the name of that feature:
// it is skipped with that name while it fails, and fails once it passes,
// so that the mark is removed.
package hostile

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/deidkit/deidkit/deid"
)

// Dir is the corpus, relative to a program's package directory.
const Dir = "../testdata/hostile"

// A Case is one entry of the manifest.
type Case struct {
	Name string `json:"name"`
	// Issue names what the case is about, such as "11.1".
	Issue    string   `json:"issue"`
	Programs []string `json:"programs"`
	// Files are copied into the case's directory: name there → path in
	// the corpus. The corpus directory (csv/, ndjson/, exclude/, ingest/,
	// keys/, policy/) says what a file holds, and so which of its values
	// are secret.
	Files map[string]string `json:"files"`
	// Pad makes a file at least so many bytes long by repeating its first
	// record (the first line of NDJSON, the line after the header of CSV)
	// before the others: what comes after is then past what a program
	// reads ahead, and past the first records of a chunk.
	Pad map[string]int `json:"pad"`
	// Setup runs before the program, after Files are copied.
	Setup []Setup `json:"setup"`
	// Args are the command line; "{name}" stands for the path of name in
	// the case's directory.
	Args []string `json:"args"`
	// Exit is the expected exit status of a command-line program.
	Exit int `json:"exit"`
	// Requests are the HTTP requests of a service, sent in order.
	Requests []Request `json:"requests"`
	// Cancel runs the program with a context cancelled before it starts
	// (an interrupted run).
	Cancel bool `json:"cancel"`
	// Records pins counts of a successful run.
	Records *Counts `json:"records"`
	// HeaderIsData: the first CSV row is a record (a file without a
	// header), so its cells are secret too.
	HeaderIsData bool `json:"header_is_data"`
	// Secrets are more values that must appear nowhere (such as an NDJSON
	// key that is a value); Identifiers, more strings that must not reach
	// the output.
	Secrets     []string `json:"secrets"`
	Identifiers []string `json:"identifiers"`
	// About says why the case is built as it is.
	About string `json:"about"`
	// Stderr is a text the program's stderr must hold.
	Stderr string `json:"stderr"`
	// Pending names the missing library feature this case waits for.
	Pending string `json:"pending"`
	// NoDemoKeys runs the case without DemoKeys: as a user who names no
	// keys, whom the programs refuse on an input of their own.
	NoDemoKeys bool `json:"no_demo_keys"`
}

// DemoKeys are the arguments by which every case that names no keys of its
// own runs on the public demo keys: the corpus is about inputs, and the
// programs refuse the demo keys on an input unless told to accept them.
// A case that gives -keyset makes them moot; one with "no_demo_keys"
// runs without them.
var DemoKeys = []string{"-demo-keys"}

// commandLine is the case's command line after a program's defaults and
// DemoKeys.
func (r *checker) commandLine(defaults []string) []string {
	args := slices.Clone(defaults)
	if !r.c.NoDemoKeys && !slices.Contains(r.c.Args, "-keyset") {
		args = append(args, DemoKeys...)
	}
	return append(args, r.args()...)
}

// A Setup prepares the case's directory: a symbolic link (Symlink → To),
// a FIFO whose content is read while the program runs (Fifo), or a file
// with Text (Write), such as a stale report.
type Setup struct {
	Symlink string `json:"symlink"`
	To      string `json:"to"`
	Fifo    string `json:"fifo"`
	Write   string `json:"write"`
	Text    string `json:"text"`
}

// A Request is one HTTP request and its expected status.
type Request struct {
	ContentType string `json:"content_type"`
	// Body is the path of the body in the corpus.
	Body   string `json:"body"`
	Status int    `json:"status"`
}

// Counts are the record counts of a run; -1 (or absent, in the manifest)
// means not pinned.
type Counts struct {
	Read        int64 `json:"read"`
	Written     int64 `json:"written"`
	Quarantined int64 `json:"quarantined"`
	Suppressed  int64 `json:"suppressed"`
	Excluded    int64 `json:"excluded"`
}

func (c *Counts) UnmarshalJSON(b []byte) error {
	type plain Counts
	p := plain{-1, -1, -1, -1, -1}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = Counts(p)
	return nil
}

// A Report is what the runner needs of a program's report.
type Report struct {
	Status string
	Counts Counts
	// Describes says whether the report describes an output (counts,
	// fields, an output path): a failed run's must not.
	Describes bool
}

// A Program is a command-line program run in process.
type Program struct {
	Name string
	// Run runs the program and returns its exit status.
	Run func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
	// Args come before every case's command line: defaults the corpus
	// was written against (a case's own flag, later, overrides them).
	Args []string
	// ParseReport reads the program's JSON report; nil means the
	// export programs' report (ParseReleaseReport).
	ParseReport func(data []byte) (Report, error)
	// HTMLReport is the flag of the program's HTML report, if it has one:
	// every case that asks for a JSON report gets the HTML one too, which
	// is held to the same rule (no value of the inputs).
	HTMLReport string
}

// ParseReleaseReport reads the report of the export programs: the
// release.Report as JSON with a "status" (package examples/internal/exportcmd).
func ParseReleaseReport(data []byte) (Report, error) {
	var r struct {
		Status      string           `json:"status"`
		Read        *int64           `json:"records_read"`
		Written     int64            `json:"records_written"`
		Quarantined int64            `json:"records_quarantined"`
		Suppressed  int64            `json:"records_suppressed"`
		Excluded    int64            `json:"records_excluded"`
		Output      *string          `json:"output"`
		Fields      *json.RawMessage `json:"fields"`
		KAnonymity  *json.RawMessage `json:"k_anonymity"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return Report{}, err
	}
	rep := Report{Status: r.Status, Describes: r.Read != nil || r.Output != nil || r.Fields != nil || r.KAnonymity != nil}
	if r.Read != nil {
		rep.Counts = Counts{Read: *r.Read, Written: r.Written, Quarantined: r.Quarantined, Suppressed: r.Suppressed, Excluded: r.Excluded}
	}
	return rep, nil
}

// A Service is an HTTP program.
type Service struct {
	Name string
	// Start makes the handler for args, logging to logs; stop flushes
	// and closes its output.
	Start func(args []string, logs io.Writer) (h http.Handler, stop func() error, err error)
}

// Load reads the manifest.
func Load(t *testing.T) []Case {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		About string
		Cases []Case
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	return m.Cases
}

// RunPrograms runs every case of the manifest for p.
func RunPrograms(t *testing.T, p Program) {
	runAll(t, p.Name, func(r *checker) { r.runProgram(p) })
}

// RunService runs every case of the manifest for s.
func RunService(t *testing.T, s Service) {
	runAll(t, s.Name, func(r *checker) { r.runService(s) })
}

func runAll(t *testing.T, program string, run func(*checker)) {
	ran := 0
	for _, c := range Load(t) {
		if !slices.Contains(c.Programs, program) {
			continue
		}
		ran++
		t.Run(c.Name, func(t *testing.T) { runCase(t, c, run) })
	}
	if ran == 0 {
		t.Fatalf("no case for %s", program)
	}
}

// A checker runs one case and collects its failures, so that a pending
// case can be told from a passing one.
type checker struct {
	c        Case
	dir      string
	failures []string
	secrets  []string        // values that must appear nowhere but the output
	ids      []string        // identifiers that must not appear in the output
	names    map[string]bool // field names of the inputs: not secrets
	inputs   map[string][]byte
	fifos    map[string]fifo
}

func (r *checker) failf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func runCase(t *testing.T, c Case, run func(*checker)) {
	r := &checker{c: c, dir: t.TempDir(), inputs: map[string][]byte{}, fifos: map[string]fifo{}, names: map[string]bool{}}
	for name, src := range c.Files {
		data, err := os.ReadFile(filepath.Join(Dir, src))
		if err != nil {
			t.Fatal(err)
		}
		r.collect(src, data)
		if n := c.Pad[name]; n > 0 {
			data = pad(data, n, strings.HasPrefix(src, "csv/"))
		}
		if err := os.WriteFile(filepath.Join(r.dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
		r.inputs[name] = data
	}
	for _, s := range c.Setup {
		if err := r.setup(s); err != nil {
			t.Skipf("setup: %v", err)
		}
	}
	// A value that is also a field name (a list's header line "user_id")
	// may be named as a field.
	r.secrets = slices.DeleteFunc(r.secrets, func(v string) bool { return r.names[v] })
	r.ids = slices.DeleteFunc(r.ids, func(v string) bool { return r.names[v] })
	r.ids = append(r.ids, c.Identifiers...)
	r.ids = append(r.ids, c.Secrets...)
	r.secrets = append(r.secrets, c.Secrets...)
	run(r)
	switch {
	case c.Pending != "" && len(r.failures) == 0:
		t.Fatalf("the case passes: remove its pending mark (%s) from the manifest", c.Pending)
	case c.Pending != "":
		t.Skipf("pending %s; fails with:\n%s", c.Pending, strings.Join(r.failures, "\n"))
	case len(r.failures) > 0:
		t.Fatal(strings.Join(r.failures, "\n"))
	}
}

// pad repeats the first record of data until it is at least n bytes long:
// its first line, or its second if it has a header.
func pad(data []byte, n int, header bool) []byte {
	out := make([]byte, 0, n+len(data))
	if header {
		h, rest, _ := bytes.Cut(data, []byte("\n"))
		out = append(append(out, h...), '\n')
		data = rest
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	first = append(first, '\n')
	for len(out) < n {
		out = append(out, first...)
	}
	return append(out, rest...)
}

func (r *checker) setup(s Setup) error {
	switch {
	case s.Symlink != "":
		to := s.To
		if !filepath.IsAbs(to) {
			to = r.path(to)
		}
		return os.Symlink(to, r.path(s.Symlink))
	case s.Fifo != "":
		if err := syscall.Mkfifo(r.path(s.Fifo), 0o600); err != nil {
			return err
		}
		// The keeper holds the FIFO open for writing, so that the
		// reader's open does not wait for the program, and its read ends
		// only once the program and the keeper have closed it: whether
		// the program wrote to the FIFO, never opened it, or replaced it.
		keeper, err := os.OpenFile(r.path(s.Fifo), os.O_RDWR, 0)
		if err != nil {
			return err
		}
		f, err := os.Open(r.path(s.Fifo))
		if err != nil {
			keeper.Close()
			return err
		}
		ch := make(chan []byte, 1)
		r.fifos[s.Fifo] = fifo{keeper, ch}
		go func() {
			defer f.Close()
			b, _ := io.ReadAll(f)
			ch <- b
		}()
		return nil
	case s.Write != "":
		return os.WriteFile(r.path(s.Write), []byte(s.Text), 0o600)
	}
	return fmt.Errorf("empty setup step")
}

func (r *checker) path(name string) string { return filepath.Join(r.dir, name) }

var placeholder = regexp.MustCompile(`\{([^{}]+)\}`)

func (r *checker) args() []string {
	args := make([]string, len(r.c.Args))
	for i, a := range r.c.Args {
		args[i] = placeholder.ReplaceAllStringFunc(a, func(m string) string { return r.path(m[1 : len(m)-1]) })
	}
	return args
}

// flagFile returns the case-directory name given to flag, or "".
func (r *checker) flagFile(flag string) string {
	for i, a := range r.c.Args {
		if a == flag && i+1 < len(r.c.Args) {
			if m := placeholder.FindStringSubmatch(r.c.Args[i+1]); m != nil && m[0] == r.c.Args[i+1] {
				return m[1]
			}
		}
	}
	return ""
}

func (r *checker) runProgram(p Program) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if r.c.Cancel {
		cancel()
	}
	var stdout, stderr bytes.Buffer
	args := r.commandLine(p.Args)
	htmlReport := ""
	if p.HTMLReport != "" && r.flagFile("-report") != "" && !slices.Contains(r.c.Args, p.HTMLReport) {
		htmlReport = r.path("hostile-report.html")
		args = append(args, p.HTMLReport, htmlReport)
	}
	code := p.Run(ctx, args, strings.NewReader(""), &stdout, &stderr)
	fifoOut := r.drainFIFOs()
	if htmlReport != "" {
		if data, err := os.ReadFile(htmlReport); err == nil {
			// Unescaped, so that a value with a quote or an ampersand is
			// found as it was.
			r.noSecret("the HTML report", html.UnescapeString(string(data)))
			if code != 0 {
				r.failf("a failed run left an HTML report")
			}
		} else if code == 0 {
			r.failf("no HTML report: %v", err)
		}
	}
	if code != r.c.Exit {
		r.failf("exit status %d, want %d; stderr:\n%s", code, r.c.Exit, stderr.String())
	}
	if r.c.Stderr != "" && !strings.Contains(stderr.String(), r.c.Stderr) {
		r.failf("stderr lacks %q:\n%s", r.c.Stderr, stderr.String())
	}
	r.noSecret("stderr", stderr.String())

	var rep *Report
	// A usage error (2) stops the program before it starts: it writes no
	// report, and does not touch one.
	if name := r.flagFile("-report"); name != "" && code != 2 {
		data, ok := fifoOut[name]
		var err error
		if !ok {
			data, err = os.ReadFile(r.path(name))
		}
		switch {
		case err != nil:
			r.failf("no report: %v", err)
		default:
			r.noSecret("the report", string(data))
			parse := p.ParseReport
			if parse == nil {
				parse = ParseReleaseReport
			}
			got, perr := parse(data)
			if perr != nil {
				r.failf("report: %v", perr)
			}
			rep = &got
		}
	}
	out, outName, known := r.output(stdout.Bytes(), fifoOut)
	if code == 0 {
		r.succeeded(rep, out, outName, known)
	} else {
		r.failed(code, rep, outName)
	}
	r.noLeftovers()
}

// output returns what the program wrote as its output, the name of the
// -out file ("" for stdout), and whether the output can be read back (not
// when -out names a device).
func (r *checker) output(stdout []byte, fifo map[string][]byte) ([]byte, string, bool) {
	name := r.flagFile("-out")
	switch {
	case name == "" && slices.Contains(r.c.Args, "-out"):
		return nil, "", false
	case name == "":
		return stdout, "", true
	}
	if b, ok := fifo[name]; ok {
		return b, name, true
	}
	if fi, err := os.Stat(r.path(name)); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		return nil, name, false
	}
	b, _ := os.ReadFile(r.path(name))
	return b, name, true
}

func (r *checker) drainFIFOs() map[string][]byte {
	got := map[string][]byte{}
	for name, f := range r.fifos {
		f.keeper.Close()
		select {
		case got[name] = <-f.read:
		case <-time.After(time.Minute):
			r.failf("the FIFO %s is still open a minute after the program returned", name)
		}
		if fi, err := os.Lstat(r.path(name)); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			r.failf("the FIFO %s was replaced", name)
		}
	}
	return got
}

// A fifo is a FIFO of the case's setup and the content read from it.
type fifo struct {
	keeper *os.File
	read   chan []byte
}

func (r *checker) succeeded(rep *Report, out []byte, outName string, outKnown bool) {
	r.noIdentifier("the output", string(out))
	if rep == nil {
		return
	}
	if rep.Status != "ok" {
		r.failf("report status %q after exit 0", rep.Status)
	}
	c := rep.Counts
	if c.Read != c.Written+c.Quarantined+c.Suppressed+c.Excluded {
		r.failf("counts do not reconcile: %+v", c)
	}
	if n, ok := r.inputRecords(); ok && c.Read != n {
		r.failf("read %d records, the input holds %d", c.Read, n)
	}
	if n, ok := records(out, outName); outKnown && ok && n != c.Written {
		r.failf("the output holds %d records, the report says %d written", n, c.Written)
	}
	if in, ok := r.inputPeople(); ok && outKnown {
		// More people out than in: one person's records under several
		// pseudonyms, which k-anonymity counted in people takes for
		// several people.
		if n, ok := people(out, outName, false); ok && n > in {
			r.failf("the output holds %d distinct %s values, the input %d people", n, personField, in)
		}
	}
	if want := r.c.Records; want != nil {
		for _, f := range []struct {
			name      string
			got, want int64
		}{{"read", c.Read, want.Read}, {"written", c.Written, want.Written}, {"quarantined", c.Quarantined, want.Quarantined},
			{"suppressed", c.Suppressed, want.Suppressed}, {"excluded", c.Excluded, want.Excluded}} {
			if f.want >= 0 && f.got != f.want {
				r.failf("%s %d, want %d", f.name, f.got, f.want)
			}
		}
	}
}

func (r *checker) failed(code int, rep *Report, outName string) {
	if rep != nil {
		if rep.Status != "failed" {
			r.failf("report status %q after exit %d: a stale or false report", rep.Status, code)
		}
		if rep.Describes {
			r.failf("the report of a failed run describes an output")
		}
	}
	if outName == "" {
		return
	}
	for _, s := range r.c.Setup {
		if s.Fifo == outName || s.Symlink == outName || s.Write == outName {
			return // not made by the program
		}
	}
	if _, ok := r.inputs[outName]; ok {
		return // checked by noLeftovers: unchanged
	}
	if _, err := os.Stat(r.path(outName)); err == nil {
		r.failf("a failed run left its output %s", outName)
	}
}

// noLeftovers checks that the inputs are unchanged and that no temporary
// file is left.
func (r *checker) noLeftovers() {
	for name, data := range r.inputs {
		if now, err := os.ReadFile(r.path(name)); err != nil || !bytes.Equal(now, data) {
			r.failf("the input %s was changed or removed", name)
		}
	}
	for _, s := range r.c.Setup {
		if fi, err := os.Lstat(r.path(s.Symlink)); s.Symlink != "" && (err != nil || fi.Mode()&os.ModeSymlink == 0) {
			r.failf("the symbolic link %s was replaced", s.Symlink)
		}
	}
	entries, _ := os.ReadDir(r.dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			r.failf("temporary file %s left", e.Name())
		}
	}
}

func (r *checker) runService(s Service) {
	var logs SyncBuffer
	h, stop, err := s.Start(r.commandLine(nil), &logs)
	// A case expecting a non-zero exit status is a service that must
	// refuse to start.
	switch {
	case err != nil && r.c.Exit != 0:
		if r.c.Stderr != "" && !strings.Contains(logs.String(), r.c.Stderr) {
			r.failf("the log lacks %q:\n%s", r.c.Stderr, logs.String())
		}
		r.noSecret("the log", logs.String())
		if name := r.flagFile("-out"); name != "" && r.inputs[name] == nil {
			if _, err := os.Lstat(r.path(name)); err == nil {
				r.failf("a service refused at start made its output %s", name)
			}
		}
		r.noLeftovers()
		return
	case err != nil:
		r.failf("start: %v", err)
		return
	case r.c.Exit != 0:
		stop()
		r.failf("the service started; want it refused (exit status %d)", r.c.Exit)
		return
	}
	var answers strings.Builder
	for i, q := range r.c.Requests {
		body, err := os.ReadFile(filepath.Join(Dir, q.Body))
		if err != nil {
			r.failf("request %d: %v", i+1, err)
			continue
		}
		req := httptest.NewRequest(http.MethodPost, "/measurements", bytes.NewReader(body))
		req.Header.Set("Content-Type", q.ContentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != q.Status {
			r.failf("request %d (%s): status %d, want %d: %s", i+1, q.Body, rec.Code, q.Status, rec.Body.String())
		}
		answers.WriteString(rec.Body.String())
	}
	if err := stop(); err != nil {
		r.failf("stop: %v", err)
	}
	r.noSecret("the answers", answers.String())
	r.noSecret("the log", logs.String())
	if name := r.flagFile("-out"); name != "" {
		out, _ := os.ReadFile(r.path(name))
		r.noIdentifier("the output", string(out))
		for line := range bytes.Lines(out) {
			if !json.Valid(line) || line[len(line)-1] != '\n' {
				r.failf("the output holds a line that is not a record")
				break
			}
		}
	}
	r.noLeftovers()
}

// inputRecords counts the records of the -in file when it is well formed
// (strict CSV, or NDJSON lines that are all objects).
func (r *checker) inputRecords() (int64, bool) {
	name := r.flagFile("-in")
	data, ok := r.inputs[name]
	if !ok {
		return 0, false
	}
	return records(data, name)
}

// personField is the field of the inputs that identifies people.
const personField = "user_id"

// inputPeople counts the people of the -in file, by their IDs normalized
// as exclusion normalizes them, when it is well formed.
func (r *checker) inputPeople() (int64, bool) {
	name := r.flagFile("-in")
	data, ok := r.inputs[name]
	if !ok {
		return 0, false
	}
	return people(data, name, true)
}

// people counts the distinct non-empty values of personField in data, a
// file called name, when it is well formed; normalized with
// deid.NormalizeID if normalize.
func people(data []byte, name string, normalize bool) (int64, bool) {
	seen := map[string]bool{}
	add := func(v string) {
		if normalize {
			v = string(deid.NormalizeID([]byte(v)))
		}
		if v != "" {
			seen[v] = true
		}
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil || len(recs) == 0 {
			return 0, false
		}
		col := slices.Index(recs[0], personField)
		if col < 0 {
			return 0, false
		}
		for _, rec := range recs[1:] {
			add(rec[col])
		}
	case ".ndjson", ".jsonl", "":
		for line := range bytes.Lines(data) {
			var obj map[string]any
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			if json.Unmarshal(line, &obj) != nil {
				return 0, false
			}
			if v, ok := obj[personField].(string); ok {
				add(v)
			}
		}
	default:
		return 0, false
	}
	return int64(len(seen)), len(seen) > 0
}

// records counts the records of data, a file called name, when it is
// well formed.
func records(data []byte, name string) (int64, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil || len(recs) == 0 {
			return 0, false
		}
		return int64(len(recs) - 1), true
	case ".ndjson", ".jsonl", "":
		var n int64
		for line := range bytes.Lines(data) {
			line = bytes.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			var obj map[string]any
			if json.Unmarshal(line, &obj) != nil {
				return 0, false
			}
			n++
		}
		return n, true
	}
	return 0, false
}

// noSecret fails when text holds a secret value of the inputs.
func (r *checker) noSecret(where, text string) {
	for _, s := range r.secrets {
		if strings.Contains(text, s) {
			r.failf("%s holds the input value %q", where, s)
			return
		}
	}
}

// noIdentifier fails when text holds an identifier of the inputs: long
// ones anywhere, short ones as whole tokens.
func (r *checker) noIdentifier(where, text string) {
	tokens := map[string]bool{}
	for _, tok := range strings.FieldsFunc(text, func(c rune) bool { return strings.ContainsRune("\",:{}[]\n\r\t ;", c) }) {
		tokens[tok] = true
	}
	for _, id := range r.ids {
		if (len(id) < 6 && tokens[id]) || (len(id) >= 6 && strings.Contains(text, id)) {
			r.failf("%s holds the identifier %q", where, id)
			return
		}
	}
}

// identifying are field names whose values identify a person: they must
// not reach an output as they were.
var identifying = map[string]bool{
	"user_id": true, "userid": true, "patient_id": true, "email": true, "e_mail": true, "mail": true, "name": true,
	"first_name": true, "last_name": true, "full_name": true, "phone": true, "mobile": true, "ip": true, "ip_address": true,
	"mac": true, "serial": true, "address": true, "street": true, "ssn": true, "owner": true, "note": true, "id": true,
	"first": true, "last": true, "given": true, "family": true,
}

// collect adds the values of an input file to the secrets and the
// identifiers, by the corpus directory it comes from.
func (r *checker) collect(src string, data []byte) {
	kind, _, _ := strings.Cut(filepath.ToSlash(src), "/")
	add := func(v string, identifier bool) {
		v = strings.TrimSpace(v)
		if !secretWorthy(v) {
			return
		}
		if !slices.Contains(r.secrets, v) {
			r.secrets = append(r.secrets, v)
		}
		if identifier && !slices.Contains(r.ids, v) {
			r.ids = append(r.ids, v)
		}
	}
	switch kind {
	case "csv":
		cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
		cr.FieldsPerRecord, cr.LazyQuotes = -1, true
		recs, err := cr.ReadAll()
		if err != nil || len(recs) == 0 {
			for _, tok := range regexp.MustCompile(`[^,\r\n"]+`).FindAllString(string(data), -1) {
				add(tok, true)
			}
			return
		}
		header := recs[0]
		if !r.c.HeaderIsData {
			for _, h := range header {
				r.names[h] = true
			}
		}
		for i, rec := range recs {
			for j, v := range rec {
				switch {
				case i == 0 && r.c.HeaderIsData:
					add(v, true)
				case i > 0:
					add(v, j < len(header) && identifying[strings.ToLower(header[j])])
				}
			}
		}
	case "ndjson", "ingest":
		for line := range bytes.Lines(data) {
			var v any
			if json.Unmarshal(line, &v) != nil {
				for _, m := range jsonString.FindAllString(string(line), -1) {
					var s string
					if json.Unmarshal([]byte(m), &s) == nil {
						add(s, true)
					}
				}
				continue
			}
			walk(v, "", func(key, val string, isKey bool) {
				if isKey {
					r.names[key] = true
					return
				}
				add(val, identifying[strings.ToLower(key)])
			})
		}
	case "exclude":
		for _, id := range listItems(data) {
			add(id, true)
		}
	case "keys":
		var v any
		if json.Unmarshal(data, &v) == nil {
			walk(v, "", func(_, val string, isKey bool) {
				if !isKey && len(val) >= 16 {
					add(val, false)
				}
			})
		}
	}
}

var jsonString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// walk calls f with every key (isKey) and every scalar value of v, with
// the key it is under.
func walk(v any, key string, f func(key, val string, isKey bool)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			f(k, "", true)
			walk(e, k, f)
		}
	case []any:
		for _, e := range x {
			walk(e, key, f)
		}
	case string:
		f(key, x, false)
	case float64:
		f(key, strconv.FormatFloat(x, 'f', -1, 64), false)
	}
}

// listItems splits an exclusion list as a person reading it would.
func listItems(data []byte) []string {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		be := data[0] == 0xfe
		var units []uint16
		for i := 2; i+1 < len(data); i += 2 {
			if be {
				units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
			} else {
				units = append(units, uint16(data[i])|uint16(data[i+1])<<8)
			}
		}
		data = []byte(string(utf16.Decode(units)))
	}
	data = bytes.ReplaceAll(data, []byte{0}, nil)
	return strings.FieldsFunc(string(data), func(c rune) bool { return strings.ContainsRune("\r\n,;\"'\ufeff", c) })
}

// secretWorthy leaves out values too short or too common to be told from
// the text around them: numbers of a few digits (counts, sizes), JSON
// literals and short codes.
func secretWorthy(v string) bool {
	if len(v) < 4 || v == "null" || v == "true" || v == "false" {
		return false
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && len(v) < 7 {
		return false
	}
	return true
}

// A SyncBuffer is a buffer that goroutines may write while another reads
// it: the log of a service under test.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Reset empties the buffer.
func (s *SyncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
