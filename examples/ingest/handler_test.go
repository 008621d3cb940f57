package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deidkit/deidkit/examples/internal/hostile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

// syncBuffer is an output that tests can read while the server writes.
type syncBuffer = hostile.SyncBuffer

var testRef = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// newTestHandler compiles the handler as run does, on the demo keys, with
// its output in a buffer.
func newTestHandler(t testing.TB, maxBody int64, maxRecords int) (*handler, *syncBuffer) {
	t.Helper()
	out := &syncBuffer{}
	cfg := &config{out: "-", domain: "ai-engine", maxBody: maxBody, maxRecords: maxRecords, refDate: testRef}
	h, err := newHandler(cfg, out, io.Discard, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	return h, out
}

// post sends body to the handler and returns the status and the answer.
func post(t testing.TB, h http.Handler, contentType, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/measurements", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// A full record, with every identifier the type knows.
const (
	rawUserID = "u-100042"
	rawEmail  = "jane.doe@example.com"
	rawName   = "Jane Doe"
	rawPhone  = "+1 415 555 2671"
	rawIP     = "203.0.113.7"
	rawMAC    = "00:1a:2b:3c:4d:5e"
	rawSerial = "SN-88120455"
	rawDOB    = "1931-02-28"
	rawLat    = "37.774929"
	rawLon    = "-122.419416"
	rawNote   = "Felt dizzy, call me at 415-555-2671 or write to jane.doe@example.com"
)

var fullRecord = `{"user_id":"` + rawUserID + `","email":"` + rawEmail + `","name":"` + rawName + `","phone":"` + rawPhone +
	`","date_of_birth":"` + rawDOB + `","sex":"F","ip":"` + rawIP + `","lat":` + rawLat + `,"lon":` + rawLon +
	`,"device":{"model":"Body+ Scale","serial":"` + rawSerial + `","mac":"` + rawMAC + `"}` +
	`,"measured_at":"2025-03-05T07:12:44Z","weight_kg":72.4,"fat_mass_kg":21.3,"heart_rate":61,"systolic":121,"diastolic":79` +
	`,"sleep_minutes":412,"steps":8412,"note":"` + rawNote + `"}`

// identifiers are the input values that must not reach any output.
var identifiers = []string{rawUserID, rawEmail, rawName, "Jane", rawPhone, "415-555-2671", rawIP, rawMAC, rawSerial, rawDOB, rawLat, rawLon}

func demoPseudonym(t testing.TB, domain, id string) string {
	t.Helper()
	keys, err := keyfile.Load("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := pseudo.New(keys.Pseudonyms, domain)
	if err != nil {
		t.Fatal(err)
	}
	return p.Pseudonym(id)
}

func TestValidRecord(t *testing.T) {
	h, out := newTestHandler(t, 1<<20, 100)
	code, answer := post(t, h, "application/json", fullRecord)
	if code != http.StatusOK || strings.TrimSpace(answer) != `{"accepted":1}` {
		t.Fatalf("got %d %s", code, answer)
	}
	line := out.String()
	for _, id := range identifiers {
		if strings.Contains(line, id) {
			t.Errorf("output contains the identifier %q: %s", id, line)
		}
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v: %s", err, line)
	}
	want := map[string]any{
		"user_id":       demoPseudonym(t, "ai-engine", rawUserID),
		"date_of_birth": "90+", // 94 at the reference date
		"sex":           "F",
		"ip":            "203.0.113.0",
		"lat":           37.77,
		"lon":           -122.42,
		"device":        map[string]any{"model": "Body+ Scale", "serial": demoPseudonym(t, "ai-engine", rawSerial)},
		"measured_at":   "2025-03-05T07:12:44Z",
		"weight_kg":     72.4, "fat_mass_kg": 21.3, "heart_rate": 61.0, "systolic": 121.0, "diastolic": 79.0,
		"sleep_minutes": 412.0, "steps": 8412.0,
		"note": "Felt dizzy, call me at [PHONE] or write to [EMAIL]",
	}
	if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
		t.Errorf("output\n got %s\nwant %s", g, w)
	}
	// The research domain's pseudonym of the same user is another one.
	if research := demoPseudonym(t, "research/partner-x", rawUserID); strings.Contains(line, research) {
		t.Error("output carries the research domain's pseudonym")
	}
	if !strings.HasSuffix(line, "}\n") || strings.Count(line, "\n") != 1 {
		t.Errorf("not one NDJSON line: %q", line)
	}
}

func TestBatches(t *testing.T) {
	rec := func(id string) string {
		return `{"user_id":"` + id + `","measured_at":"2025-03-05T07:12:44Z","steps":10}`
	}
	for _, tc := range []struct {
		name, contentType, body string
		ids                     []string
	}{
		{"object", "application/json", rec("a"), []string{"a"}},
		{"object with charset", "application/json; charset=utf-8", " \n" + rec("a") + "\n", []string{"a"}},
		{"array", "application/json", "[" + rec("a") + "," + rec("b") + "," + rec("c") + "]", []string{"a", "b", "c"}},
		{"ndjson", "application/x-ndjson", rec("a") + "\n" + rec("b") + "\n", []string{"a", "b"}},
		{"ndjson without final newline", "application/x-ndjson", rec("a") + "\n\n" + rec("b"), []string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, out := newTestHandler(t, 1<<20, 100)
			code, answer := post(t, h, tc.contentType, tc.body)
			if code != http.StatusOK || strings.TrimSpace(answer) != fmt.Sprintf(`{"accepted":%d}`, len(tc.ids)) {
				t.Fatalf("got %d %s", code, answer)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != len(tc.ids) {
				t.Fatalf("%d output lines, want %d", len(lines), len(tc.ids))
			}
			for i, id := range tc.ids {
				var m Measurement
				if err := json.Unmarshal([]byte(lines[i]), &m); err != nil {
					t.Fatal(err)
				}
				if want := demoPseudonym(t, "ai-engine", id); m.UserID != want || m.Steps != 10 {
					t.Errorf("line %d: %+v, want user %s", i+1, m, want)
				}
			}
		})
	}
}

// secret is in every rejected body below: no answer may contain it.
const secret = "jane.doe@example.com"

func TestRejections(t *testing.T) {
	const ok = `"user_id":"u-1","measured_at":"2025-03-05T07:12:44Z"`
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		reason                  string
	}{
		{"unknown field", "application/json", `{` + ok + `,"secondary_email":"` + secret + `"}`, 400, "record 1: unknown field"},
		{"unknown field named like a value", "application/json", `{` + ok + `,"` + secret + `":1}`, 400, "record 1: unknown field"},
		{"unknown nested field", "application/json", `{` + ok + `,"device":{"imei":"` + secret + `"}}`, 400, "record 1: unknown field"},
		{"malformed JSON", "application/json", `{"user_id":"` + secret + `" "measured_at":1}`, 400, "record 1: malformed JSON at byte"},
		{"bare word", "application/json", secret, 400, "malformed JSON"},
		{"truncated", "application/json", `{` + ok + `,"note":"` + secret, 400, "unexpected end of body"},
		{"wrong type", "application/json", `{` + ok + `,"heart_rate":"` + secret + `"}`, 400, "record 1: field heart_rate: wrong type, want an integer"},
		{"number for a string", "application/json", `{"user_id":4155552671,"measured_at":"2025-03-05T07:12:44Z"}`, 400, "field user_id: wrong type, want a string"},
		{"object for a string", "application/json", `{` + ok + `,"email":{"x":"` + secret + `"}}`, 400, "field email: wrong type, want a string"},
		{"bad timestamp", "application/json", `{"user_id":"u-1","measured_at":"` + secret + `"}`, 400, "field measured_at: not an RFC 3339 timestamp"},
		{"offset of 24 hours", "application/json", `{"user_id":"u-1","measured_at":"2025-03-05T07:12:44+24:00"}`, 400, "field measured_at: not an RFC 3339 timestamp"},
		{"number timestamp", "application/json", `{"user_id":"u-1","measured_at":20250305}`, 400, "field measured_at: not an RFC 3339 timestamp"},
		{"bad IP", "application/json", `{` + ok + `,"ip":"` + secret + `"}`, 400, "record 1: field ip: not an IP address"},
		{"ID holding a line break", "application/json", `{"user_id":"u-1\nu-2","measured_at":"2025-03-05T07:12:44Z"}`, 400, "record 1: field user_id: not an ID"},
		{"bad date of birth", "application/json", `{` + ok + `,"date_of_birth":"` + secret + `"}`, 400, "record 1: field date_of_birth: not a date"},
		{"free text in sex", "application/json", `{` + ok + `,"sex":"` + secret + `"}`, 400, "record 1: field sex must be F, M or X"},
		{"no user", "application/json", `{"measured_at":"2025-03-05T07:12:44Z","email":"` + secret + `"}`, 400, "record 1: field user_id is required"},
		{"no time", "application/json", `{"user_id":"` + secret + `"}`, 400, "record 1: field measured_at is required"},
		{"bad record in a batch", "application/json", `[{` + ok + `},{` + ok + `},{` + ok + `,"ip":"` + secret + `"}]`, 400, "record 3: field ip"},
		{"bad line in NDJSON", "application/x-ndjson", `{` + ok + "}\n{" + ok + `,"x":"` + secret + `"}`, 400, "record 2: unknown field"},
		{"data after the object", "application/json", `{` + ok + `} {"email":"` + secret + `"}`, 400, "data after the records"},
		{"data after the array", "application/json", `[{` + ok + `}] "` + secret + `"`, 400, "data after the records"},
		{"unclosed array", "application/json", `[{` + ok + `}`, 400, "malformed JSON"},
		{"array of non-objects", "application/json", `["` + secret + `"]`, 400, "record 1: a value has the wrong type"},
		{"empty body", "application/json", "  \n", 400, "empty body"},
		{"empty array", "application/json", "[]", 400, "no records"},
		{"no content type", "", `{` + ok + `,"email":"` + secret + `"}`, 415, "unsupported content type"},
		{"text", "text/plain", `{` + ok + `,"email":"` + secret + `"}`, 415, "unsupported content type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, out := newTestHandler(t, 1<<20, 100)
			code, answer := post(t, h, tc.contentType, tc.body)
			if code != tc.status {
				t.Errorf("status %d, want %d (%s)", code, tc.status, answer)
			}
			var a struct{ Error string }
			if err := json.Unmarshal([]byte(answer), &a); err != nil || !strings.Contains(a.Error, tc.reason) {
				t.Errorf("answer %s, want an error containing %q", answer, tc.reason)
			}
			for _, leak := range []string{secret, "jane", "4155552671"} {
				if strings.Contains(answer, leak) {
					t.Errorf("answer echoes %q: %s", leak, answer)
				}
			}
			if out.String() != "" {
				t.Errorf("a rejected request wrote %q", out.String())
			}
		})
	}
}

func TestMethodAndPath(t *testing.T) {
	h, _ := newTestHandler(t, 1<<20, 100)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/measurements", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "POST" {
		t.Errorf("GET: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/"+secret, strings.NewReader("{}")))
	if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), secret) {
		t.Errorf("unknown path: %d %s", rec.Code, rec.Body)
	}
}

func TestSizeLimits(t *testing.T) {
	rec := `{"user_id":"u-1","measured_at":"2025-03-05T07:12:44Z","note":"` + strings.Repeat("x", 200) + `"}`
	for _, tc := range []struct {
		name       string
		maxBody    int64
		maxRecords int
		body       string
		status     int
		reason     string
	}{
		{"fits", 1024, 2, "[" + rec + "," + rec + "]", 200, ""},
		{"body one byte over", int64(len(rec)) - 1, 10, rec, 413, "request body larger than"},
		{"body far over", 1024, 1000, "[" + strings.Repeat(rec+",", 100) + rec + "]", 413, "request body larger than 1024 bytes"},
		{"record mid-way through the limit", 300, 10, `{"user_id":"u-1","note":"` + strings.Repeat(secret, 100) + `"}`, 413, "larger than 300"},
		{"too many records", 1 << 20, 2, "[" + rec + "," + rec + "," + rec + "]", 413, "more than 2 records"},
		{"too many NDJSON lines", 1 << 20, 1, rec + "\n" + rec + "\n", 413, "more than 1 records"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, out := newTestHandler(t, tc.maxBody, tc.maxRecords)
			ct := "application/json"
			if strings.Contains(tc.name, "NDJSON") {
				ct = "application/x-ndjson"
			}
			code, answer := post(t, h, ct, tc.body)
			if code != tc.status || !strings.Contains(answer, tc.reason) {
				t.Errorf("got %d %s, want %d %q", code, answer, tc.status, tc.reason)
			}
			if strings.Contains(answer, secret) {
				t.Errorf("answer echoes the body: %s", answer)
			}
			if tc.status != 200 && out.String() != "" {
				t.Errorf("a rejected request wrote %q", out.String())
			}
		})
	}
}

// TestConcurrentRequests runs requests in parallel through a real server
// (go test -race finds unsynchronized writes): every record arrives once,
// on a line of its own, and a request's records stay together.
func TestConcurrentRequests(t *testing.T) {
	h, out := newTestHandler(t, 1<<20, 100)
	srv := httptest.NewServer(h)
	defer srv.Close()
	const clients, requests, batch = 8, 20, 3
	var wg sync.WaitGroup
	errs := make(chan error, clients*requests)
	for c := range clients {
		wg.Go(func() {
			for r := range requests {
				var b strings.Builder
				for k := range batch {
					fmt.Fprintf(&b, `{"user_id":"c%d-r%d","measured_at":"2025-03-05T07:12:44Z","steps":%d,"email":"c%d@example.com"}`+"\n", c, r, k, c)
				}
				resp, err := srv.Client().Post(srv.URL+"/measurements", "application/x-ndjson", strings.NewReader(b.String()))
				if err != nil {
					errs <- err
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("client %d request %d: status %d", c, r, resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != clients*requests*batch {
		t.Fatalf("%d lines, want %d", len(lines), clients*requests*batch)
	}
	want := map[string]bool{}
	for c := range clients {
		for r := range requests {
			want[demoPseudonym(t, "ai-engine", fmt.Sprintf("c%d-r%d", c, r))] = true
		}
	}
	for i := 0; i < len(lines); i += batch {
		var first Measurement
		for k := range batch {
			var m Measurement
			if err := json.Unmarshal([]byte(lines[i+k]), &m); err != nil {
				t.Fatalf("line %d: %v", i+k+1, err)
			}
			if k == 0 {
				first = m
				if !want[m.UserID] {
					t.Fatalf("line %d: unexpected or repeated user", i+1)
				}
				delete(want, m.UserID)
			}
			if m.UserID != first.UserID || m.Steps != k || m.Email != "" {
				t.Fatalf("line %d: request's records split or out of order: %+v", i+k+1, m)
			}
		}
	}
	if got := h.records.Load(); got != clients*requests*batch {
		t.Errorf("records counter %d", got)
	}
}

func TestClosedOutput(t *testing.T) {
	h, _ := newTestHandler(t, 1<<20, 100)
	h.out.close()
	code, answer := post(t, h, "application/json", fullRecord)
	if code != http.StatusServiceUnavailable || strings.Contains(answer, rawUserID) {
		t.Errorf("got %d %s", code, answer)
	}
}
