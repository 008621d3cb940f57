package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// An audit log named like a key file or the token list, directly or
// through a symbolic or hard link, is a usage error, and the file is not
// touched: appended to, a keyset no longer loads, and every token it
// sealed is lost with it.
func TestAuditLogIsNoOtherFile(t *testing.T) {
	for _, flag := range []string{"-in", "-keyset", "-token-keyset", "-kek-keyset"} {
		for _, how := range []string{"same path", "symbolic link", "hard link"} {
			t.Run(flag+"/"+how, func(t *testing.T) {
				dir := t.TempDir()
				files := map[string]string{}
				for _, f := range []string{"-in", "-keyset", "-token-keyset", "-kek-keyset"} {
					files[f] = filepath.Join(dir, strings.TrimPrefix(f, "-")+".json")
					if err := os.WriteFile(files[f], []byte("{\"held\": \""+f+"\"}"), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				audit := files[flag]
				switch how {
				case "symbolic link":
					audit = filepath.Join(dir, "audit.jsonl")
					if err := os.Symlink(files[flag], audit); err != nil {
						t.Fatal(err)
					}
				case "hard link":
					audit = filepath.Join(dir, "audit.jsonl")
					if err := os.Link(files[flag], audit); err != nil {
						t.Fatal(err)
					}
				}
				before, _ := os.ReadFile(files[flag])
				args := []string{"-who", "dr-x", "-why", "recall", "-audit", audit, "-demo-keys"}
				for f, p := range files {
					args = append(args, f, p)
				}
				err := run(t.Context(), args, &bytes.Buffer{}, &bytes.Buffer{})
				if !errors.Is(err, keyfile.ErrUsage) || !strings.Contains(err.Error(), "-audit") || !strings.Contains(err.Error(), flag) {
					t.Fatalf("got %v, want a usage error naming -audit and %s", err, flag)
				}
				if after, _ := os.ReadFile(files[flag]); !bytes.Equal(before, after) {
					t.Fatalf("%s changed: %q", flag, after)
				}
			})
		}
	}
}

// An audit log whose last line is incomplete keeps it, and the events of
// the next run are lines of their own, each a JSON event.
func TestAuditLogTornLine(t *testing.T) {
	audit := filepath.Join(t.TempDir(), "audit.jsonl")
	torn := `{"time":"2026-12-01T10:00:00Z","op":"open-token","who":"dr-y"`
	if err := os.WriteFile(audit, []byte(torn), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-who", "dr.lee@partner-x", "-why", "recall: abnormal ECG", "-audit", audit}
	if err := run(t.Context(), args, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(audit)
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(string(b), "\n")
	if first != torn {
		t.Fatalf("the torn line became %q", first)
	}
	rewritten := filepath.Join(t.TempDir(), "rest.jsonl")
	if err := os.WriteFile(rewritten, []byte(rest), 0o600); err != nil {
		t.Fatal(err)
	}
	if events, _ := readAudit(t, rewritten); len(events) != len(sampleIDs) {
		t.Fatalf("%d events after the torn line, want %d", len(events), len(sampleIDs))
	}
}
