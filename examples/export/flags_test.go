package main

import (
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/exportcmd"
)

// TestCarelessPrivacyFlags checks the values of -l, -t and -qi that a
// careless user passes and that would release without the protection they
// name: each is a usage error before anything is read, never a release
// whose report shows a model that was not applied.
func TestCarelessPrivacyFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"l of 1", []string{"-k", "3", "-sensitive", "heart_rate", "-l", "1"}, "-l 1 protects nothing"},
		{"t of 0", []string{"-k", "3", "-sensitive", "heart_rate", "-t", "0"}, "-t must be in (0, 1)"},
		{"t of 1", []string{"-k", "3", "-sensitive", "heart_rate", "-t", "1"}, "-t must be in (0, 1)"},
		{"t above 1", []string{"-k", "3", "-sensitive", "heart_rate", "-t", "1.5"}, "-t must be in (0, 1)"},
		{"t not a number", []string{"-k", "3", "-sensitive", "heart_rate", "-t", "NaN"}, "-t must be in (0, 1)"},
		{"empty qi", []string{"-k", "3", "-qi", ""}, "-qi names no column"},
		{"qi of commas", []string{"-k", "3", "-qi", " , "}, "-qi names no column"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.args...)
			if r.Code != exportcmd.ExitUsage || !strings.Contains(r.Stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.Code, r.Stderr, exportcmd.ExitUsage, tc.want)
			}
		})
	}
}
