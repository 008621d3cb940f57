package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A restart on an output whose last line was cut off by a crash cuts that
// line off, and the first new record starts a line of its own.
func TestRestartRepairsIncompleteLastLine(t *testing.T) {
	for _, tc := range []struct {
		name, before string
		keep         string
		cut          bool
	}{
		{"incomplete line", `{"user_id":"a","steps":1}` + "\n" + `{"user_id":"b","note":"Jane Do`, `{"user_id":"a","steps":1}` + "\n", true},
		{"only an incomplete line", `{"user_id":"b","note":"Jane Do`, "", true},
		{"complete", `{"user_id":"a","steps":1}` + "\n", `{"user_id":"a","steps":1}` + "\n", false},
		{"empty", "", "", false},
		{"long incomplete line", `{"user_id":"a"}` + "\n" + `{"note":"` + strings.Repeat("Jane Doe ", 20000), `{"user_id":"a"}` + "\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.ndjson")
			os.WriteFile(path, []byte(tc.before), 0o600)
			var logs bytes.Buffer
			cfg := &config{out: path, domain: "ai-engine", maxBody: 1 << 20, maxRecords: 10, refDate: testRef}
			h, err := newHandler(cfg, io.Discard, io.Discard, log.New(&logs, "", 0))
			if err != nil {
				t.Fatal(err)
			}
			if code, answer := post(t, h, "application/json", `{"user_id":"u-1","measured_at":"2025-03-05T07:12:44Z","steps":10}`); code != 200 {
				t.Fatalf("%d %s", code, answer)
			}
			if err := h.out.close(); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(path)
			if !strings.HasPrefix(string(data), tc.keep) {
				t.Fatalf("complete lines changed: %q", data)
			}
			for line := range bytes.Lines(data) {
				if !json.Valid(line) || line[len(line)-1] != '\n' {
					t.Fatalf("invalid line %q", line)
				}
			}
			if n := bytes.Count(data, []byte("\n")); n != strings.Count(tc.keep, "\n")+1 {
				t.Fatalf("%d lines: %q", n, data)
			}
			if strings.Contains(logs.String(), "cut off") != tc.cut || strings.Contains(logs.String(), "Jane") {
				t.Fatalf("log %q", logs.String())
			}
		})
	}
}
