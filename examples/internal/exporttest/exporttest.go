// Package exporttest helps test the export programs: running a command
// in process, writing the built-in sample to a file, reading a report,
// and finding the sample's identifiers in what a program wrote.
package exporttest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportcmd"
)

// A Result is what a run of a command gave.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Run runs c with args in process, with an empty stdin.
func Run(t testing.TB, c *exportcmd.Command, args ...string) Result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := c.Run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return Result{code, stdout.String(), stderr.String()}
}

// Sample writes the built-in sample of rows rows to dir/in.<format> and
// returns its path and its records as CSV, header first.
func Sample(t testing.TB, dir, format string, rows int) (string, [][]string) {
	t.Helper()
	f, err := deid.ParseFormat(format)
	if err != nil {
		t.Fatal(err)
	}
	data, err := exportcmd.Sample(context.Background(), f, rows)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "in."+format)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	csvData, err := exportcmd.Sample(context.Background(), deid.CSV, rows)
	if err != nil {
		t.Fatal(err)
	}
	return path, Records(t, csvData)
}

// Records returns the records of CSV data, header first.
func Records(t testing.TB, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// ReadReport reads a report written by -report.
func ReadReport(t testing.TB, path string) *exportcmd.Report {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r exportcmd.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// Identifiers lists, from records (header first), every value that must
// never reach an output: e-mail addresses, phone numbers, IP and MAC
// addresses, names and raw user IDs, and the identifiers inside notes.
func Identifiers(t testing.TB, recs [][]string) []string {
	t.Helper()
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var ids []string
	seen := map[string]bool{}
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			ids = append(ids, v)
		}
	}
	for _, rec := range recs[1:] {
		for _, c := range []string{"user_id", "email", "first_name", "last_name", "phone", "ip", "mac"} {
			i, ok := col[c]
			if !ok {
				t.Fatalf("the records have no column %s", c)
			}
			add(rec[i])
		}
		for _, m := range noteIdentifier.FindAllString(rec[col["note"]], -1) {
			add(m)
		}
	}
	return ids
}

var noteIdentifier = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d{1,3}(\.\d{1,3}){3}\b`)

// NoIdentifiers fails the test when one of ids occurs in an output.
func NoIdentifiers(t testing.TB, ids []string, outputs ...string) {
	t.Helper()
	if id, found := FindIdentifier(ids, outputs...); found {
		t.Fatalf("identifier %q found in an output", id)
	}
}

// FindIdentifier returns an identifier that occurs in an output. First
// and last names are short words that can occur by chance inside other
// text; they count only as whole tokens.
func FindIdentifier(ids []string, outputs ...string) (string, bool) {
	for _, out := range outputs {
		tokens := map[string]bool{}
		for _, tok := range strings.FieldsFunc(out, func(r rune) bool { return strings.ContainsRune("\",:{}\n ", r) }) {
			tokens[tok] = true
		}
		for _, id := range ids {
			if (len(id) < 6 && tokens[id]) || (len(id) >= 6 && strings.Contains(out, id)) {
				return id, true
			}
		}
	}
	return "", false
}
