package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

func readAudit(t *testing.T, path string) (events []pseudo.AuditEvent, raw string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var e pseudo.AuditEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		events = append(events, e)
	}
	return events, string(b)
}

// demoTokenizer returns the demo keys and the tokenizer of the sample's
// context.
func demoTokenizer(t *testing.T) (keyfile.Keys, *pseudo.Tokenizer) {
	t.Helper()
	keys, err := keyfile.Load("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	tk, err := pseudo.NewTokenizer(keys.Tokens, "cardio-check-up/partner-x")
	if err != nil {
		t.Fatal(err)
	}
	return keys, tk
}

// Each token opened is one audit line, with who and why, and no
// identifier or token in the log.
func TestSampleIsAudited(t *testing.T) {
	audit := filepath.Join(t.TempDir(), "audit.jsonl")
	var out, errOut bytes.Buffer
	args := []string{"-who", "dr.lee@partner-x", "-why", "recall: abnormal ECG", "-audit", audit}
	if err := run(t.Context(), args, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(out.String()); strings.Join(got, ",") != strings.Join(sampleIDs, ",") {
		t.Fatalf("opened %q, want %q", got, sampleIDs)
	}
	if !strings.Contains(errOut.String(), "DEMO") {
		t.Fatal("no demo-key warning on stderr")
	}
	events, raw := readAudit(t, audit)
	if len(events) != len(sampleIDs) {
		t.Fatalf("%d audit events for %d tokens", len(events), len(sampleIDs))
	}
	keys, tk := demoTokenizer(t)
	for i, e := range events {
		if e.Op != pseudo.OpOpenToken || e.Who != "dr.lee@partner-x" || e.Why != "recall: abnormal ECG" ||
			e.Domain != "cardio-check-up/partner-x" || !e.Disclosed || e.KeyID != keys.Tokens.PrimaryKeyID() || e.Time.IsZero() || e.Digest == "" {
			t.Errorf("event %d: %+v", i, e)
		}
		tok, _ := tk.Token(sampleIDs[i])
		if strings.Contains(raw, sampleIDs[i]) || strings.Contains(raw, tok) {
			t.Errorf("the audit log holds the identifier or token of event %d", i)
		}
	}
	// A second run appends.
	if err := run(t.Context(), args, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if events, _ := readAudit(t, audit); len(events) != 2*len(sampleIDs) {
		t.Fatalf("%d events after two runs", len(events))
	}
}

func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	audit := filepath.Join(dir, "audit.jsonl")
	for _, args := range [][]string{
		{"-why", "x", "-audit", audit},
		{"-who", "x", "-audit", audit},
		{"-who", "x", "-why", "x"},
	} {
		if err := run(t.Context(), args, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
			t.Errorf("%q: ran without who, why and audit log", args)
		}
	}
	// A token that does not open stops the run, naming its line, and is
	// audited as not disclosed.
	in := filepath.Join(dir, "tokens.txt")
	if err := os.WriteFile(in, []byte("bm90LWEtdG9rZW4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(t.Context(), []string{"-who", "x", "-why", "y", "-audit", audit, "-demo-keys", "-in", in}, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, pseudo.ErrInvalidToken) || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("bad token: %v", err)
	}
	if events, _ := readAudit(t, audit); len(events) != 1 || events[0].Disclosed {
		t.Fatalf("bad token audited as %+v", events)
	}
}

// Key flags that cannot work together are usage errors (exit status 2),
// found before the audit log is touched.
func TestKeyFlagsUsage(t *testing.T) {
	audit := filepath.Join(t.TempDir(), "audit.jsonl")
	for _, args := range [][]string{
		{"-keyset", "k.json", "-token-keyset", "t.json"},
		{"-kek-keyset", "kek.json"},
	} {
		args = append(args, "-who", "dr-x", "-why", "recall", "-audit", audit)
		err := run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{})
		if !errors.Is(err, keyfile.ErrUsage) {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, err := os.Stat(audit); !os.IsNotExist(err) {
		t.Error("the audit log was created")
	}
}

// A token list saved by a text editor, with a byte order mark, CRLF line
// ends and quotes, opens as the plain list does.
func TestTokenListAsEditorsSaveIt(t *testing.T) {
	_, tk := demoTokenizer(t)
	plain, err := sampleTokens(tk)
	if err != nil {
		t.Fatal(err)
	}
	toks := strings.Fields(plain)
	saved := "\ufeff" + toks[0] + "\r\n \"" + toks[1] + "\" \r\n" + strings.Join(toks[2:], "\r\n") + "\r\n"
	dir := t.TempDir()
	in := filepath.Join(dir, "tokens.txt")
	if err := os.WriteFile(in, []byte(saved), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	args := []string{"-who", "dr.lee@partner-x", "-why", "recall", "-audit", filepath.Join(dir, "audit.jsonl"), "-demo-keys", "-in", in}
	if err := run(t.Context(), args, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(out.String()); strings.Join(got, ",") != strings.Join(sampleIDs, ",") {
		t.Fatalf("opened %q, want %q", got, sampleIDs)
	}
}
