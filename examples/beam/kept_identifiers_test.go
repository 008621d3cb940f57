package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A policy that keeps a column of e-mail addresses (a "default": "keep",
// or a column named innocently) releases identified data; the library
// refuses it in every front-end unless told to release kept identifiers
// (-allow-kept-identifiers), and the job printed the warnings and
// released it.
func TestKeptIdentifiersRefused(t *testing.T) {
	const csv = "user_id,heart_rate,contact,note_field\n" +
		"u-1,61,zelda@example.com,a\nu-2,62,link@example.org,b\nu-3,63,impa@example.net,c\n"
	for _, tc := range []struct {
		name, policy, field string
	}{
		{"default keep", `{"name":"keep-all","default":"keep","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"}]}`, "contact"},
		{"a kept column of addresses", `{"name":"kept","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"},{"field":"heart_rate","action":"keep"},{"field":"contact","action":"keep"}]}`, "contact"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := newHostileJob(t, csv, "nobody\n")
			if err := os.WriteFile(j.policy, []byte(tc.policy), 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(j.dir, "out")
			code, stderr := j.run(t, "-out", out)
			if code != exitInput || !strings.Contains(stderr, "-allow-kept-identifiers") || !strings.Contains(stderr, `field "`+tc.field+`"`) {
				t.Fatalf("exit %d, want %d refusing %s: %s", code, exitInput, tc.field, stderr)
			}
			if strings.Contains(stderr, "zelda@example.com") {
				t.Errorf("the refusal shows a value: %s", stderr)
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				t.Errorf("a refused job left %d files in its output", len(entries))
			}
			out2 := filepath.Join(j.dir, "out-allowed")
			if code, stderr := j.run(t, "-out", out2, "-allow-kept-identifiers"); code != exitOK {
				t.Fatalf("with -allow-kept-identifiers: exit %d: %s", code, stderr)
			}
		})
	}
}
