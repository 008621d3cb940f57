package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// logWatch is the stderr of a running service: it tells the test the
// address the service listens on and when shutdown has begun.
type logWatch struct {
	mu       sync.Mutex
	b        bytes.Buffer
	addr     chan string
	shutting chan struct{}
	once     [2]sync.Once
}

func newLogWatch() *logWatch {
	return &logWatch{addr: make(chan string, 1), shutting: make(chan struct{})}
}

var listenRE = regexp.MustCompile(`listening on (\S+)`)

func (l *logWatch) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Write(p)
	if m := listenRE.FindSubmatch(l.b.Bytes()); m != nil {
		l.once[0].Do(func() { l.addr <- string(m[1]) })
	}
	if bytes.Contains(l.b.Bytes(), []byte("shutting down")) {
		l.once[1].Do(func() { close(l.shutting) })
	}
	return len(p), nil
}

func (l *logWatch) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRunAndShutdown runs the program as main does, on a real port: a
// request in flight when the shutdown begins completes and its record is
// in the output file, which is flushed and closed; the port is closed.
func TestRunAndShutdown(t *testing.T) {
	outPath := filepath.Join(t.TempDir(), "out.ndjson")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := newLogWatch()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-out", outPath, "-reference-date", "2026-01-01", "-demo-keys"}, io.Discard, stderr)
	}()
	var addr string
	select {
	case addr = <-stderr.addr:
	case err := <-done:
		t.Fatalf("run ended early: %v\n%s", err, stderr)
	}
	url := "http://" + addr + "/measurements"

	// A request before the shutdown.
	resp, err := http.Post(url, "application/json", strings.NewReader(fullRecord))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}

	// A request whose body is still arriving when the shutdown begins.
	pr, pw := io.Pipe()
	answered := make(chan *http.Response, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, url, pr)
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			answered <- nil
			return
		}
		answered <- resp
	}()
	inflight := `{"user_id":"u-inflight","measured_at":"2025-03-05T07:12:44Z","email":"late@example.com"}`
	io.WriteString(pw, inflight[:20])
	time.Sleep(50 * time.Millisecond) // let the server read the headers: the request is in flight
	cancel()
	<-stderr.shutting
	io.WriteString(pw, inflight[20:]+"\n")
	pw.Close()
	resp = <-answered
	if resp == nil {
		t.FailNow()
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("in-flight request: %d %s", resp.StatusCode, body)
	}
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}

	// New connections are refused; the output holds both requests.
	if _, err := http.Post(url, "application/json", strings.NewReader(fullRecord)); err == nil {
		t.Error("the server still answers after the shutdown")
	}
	data, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d output lines: %q", len(lines), data)
	}
	var m Measurement
	if err := json.Unmarshal([]byte(lines[1]), &m); err != nil || m.UserID != demoPseudonym(t, "ai-engine", "u-inflight") || m.Email != "" {
		t.Errorf("in-flight record: %v %+v", err, m)
	}
	for _, id := range append(identifiers, "u-inflight", "late@example.com") {
		if strings.Contains(string(data), id) {
			t.Errorf("output contains the identifier %q", id)
		}
	}
	log := stderr.String()
	if !strings.Contains(log, "DEMO") || !strings.Contains(log, "2 records written from 2 requests") {
		t.Errorf("stderr:\n%s", log)
	}
	if fi, err := os.Stat(outPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("output file mode: %v %v", fi.Mode(), err)
	}
}

// TestShutdownTimeout: a request that does not finish within the timeout
// is cut off, unacknowledged and unwritten, and run reports the failed
// shutdown.
func TestShutdownTimeout(t *testing.T) {
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	stderr := newLogWatch()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-shutdown-timeout", "100ms", "-reference-date", "2026-01-01", "-demo-keys"}, out, stderr)
	}()
	addr := <-stderr.addr
	pr, pw := io.Pipe()
	defer pw.Close()
	failed := make(chan error, 1)
	go func() {
		resp, err := http.Post("http://"+addr+"/measurements", "application/json", pr)
		if err == nil {
			resp.Body.Close()
			err = errors.New(resp.Status)
		}
		failed <- err
	}()
	io.WriteString(pw, `{"user_id":"u-stuck",`)
	time.Sleep(50 * time.Millisecond)
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "shutdown") {
		t.Errorf("run: %v", err)
	}
	// The client returns once its body copy ends too.
	pw.CloseWithError(errors.New("client gave up"))
	if err := <-failed; err != nil && strings.Contains(err.Error(), "200") {
		t.Errorf("the cut-off request was acknowledged: %v", err)
	}
	if out.String() != "" {
		t.Errorf("output %q", out.String())
	}
}

func TestUsageAndStartErrors(t *testing.T) {
	dir := t.TempDir()
	notKeys := filepath.Join(dir, "keyset.json")
	os.WriteFile(notKeys, []byte("{}"), 0o600)
	os.WriteFile(notKeys+".empty", []byte("# no models\n\n"), 0o600)
	notKEK := filepath.Join(dir, "kek.json")
	os.WriteFile(notKEK, []byte("{}"), 0o600)
	linked := filepath.Join(dir, "linked.json")
	os.Symlink(notKeys, linked)
	for _, tc := range []struct {
		name  string
		args  []string
		usage bool   // flag.ErrHelp, exit status 2
		want  string // in the error
	}{
		{"unknown flag", []string{"-nope"}, true, ""},
		{"argument", []string{"extra"}, true, ""},
		{"bad ref date", []string{"-reference-date", "01/02/2026"}, true, ""},
		{"zero body", []string{"-max-body", "0", "-demo-keys"}, true, ""},
		// Whatever devices send is real data: the public demo keys only
		// when asked for.
		// (An unusable address, so that a regression fails rather than
		// serves.)
		{"demo keys not asked for", []string{"-addr", "256.0.0.1:99999"}, true, "pass -keyset and -kek-keyset (or -demo-keys"},
		{"empty domain", []string{"-domain", "", "-demo-keys"}, false, "domain"},
		{"keyset without KEK", []string{"-keyset", notKeys}, true, "-keyset needs -kek-keyset"},
		{"KEK without keyset", []string{"-kek-keyset", notKeys}, true, "-kek-keyset needs -keyset"},
		{"missing device models", []string{"-demo-keys", "-device-models", filepath.Join(dir, "none.txt")}, false, "no such file"},
		{"empty device models", []string{"-demo-keys", "-device-models", notKeys + ".empty"}, false, "device models: the list is empty"},
		{"bad KEK", []string{"-keyset", notKeys, "-kek-keyset", notKEK}, false, "not a Tink keyset"},
		// The output is appended to: never a key file or the models.
		{"output is the keyset", []string{"-keyset", notKeys, "-kek-keyset", notKEK, "-out", notKeys}, true, "-out"},
		{"output is the KEK through a link", []string{"-keyset", notKEK, "-kek-keyset", linked, "-out", notKeys}, true, "-out and -kek-keyset"},
		{"output is the device models", []string{"-demo-keys", "-device-models", notKeys + ".empty", "-out", notKeys + ".empty"}, true, "-device-models"},
		{"keyset is the KEK", []string{"-keyset", notKeys, "-kek-keyset", notKeys}, true, "-kek-keyset"},
		{"bad address", []string{"-demo-keys", "-addr", "256.0.0.1:99999", "-reference-date", "2026-01-01"}, false, ""},
		{"bad output", []string{"-demo-keys", "-out", filepath.Join(dir, "no", "such", "dir", "out.ndjson")}, false, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), tc.args, io.Discard, &stderr)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, flag.ErrHelp) != tc.usage {
				t.Errorf("usage error %v, want %v: %v", !tc.usage, tc.usage, err)
			}
			if !strings.Contains(err.Error()+stderr.String(), tc.want) {
				t.Errorf("error %q, stderr %q do not contain %q", err, stderr.String(), tc.want)
			}
		})
	}
}
