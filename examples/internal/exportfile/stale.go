package exportfile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The temporary files and directories of a run are named after the
// process that made them, "deidkit-<pid>-<random>" after a prefix of
// their own, so that a later run can tell the leftovers of a run that
// was killed (kill -9, out of memory: no deferred call runs) from those
// of a run still going, and never takes a file that is not one of them
// for one.

// tempName returns the pattern of os.CreateTemp and os.MkdirTemp for the
// temporary files of this process that start with prefix.
func tempName(prefix, suffix string) string {
	return prefix + "deidkit-" + strconv.Itoa(os.Getpid()) + "-*" + suffix
}

// sweep removes the entries of dir that are named prefix +
// "deidkit-<pid>-<digits>" + suffix by a process that is gone: regular
// files, or with dirs, directories and what they hold.
func sweep(dir, prefix, suffix string, dirs bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix+"deidkit-")
		if !ok {
			continue
		}
		if rest, ok = strings.CutSuffix(rest, suffix); !ok {
			continue
		}
		pid, random, ok := strings.Cut(rest, "-")
		if !ok || !digits(pid) || !digits(random) || (e.IsDir() != dirs) || (!dirs && !e.Type().IsRegular()) {
			continue
		}
		n, err := strconv.Atoi(pid)
		if err != nil || alive(n) {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// TempDir makes a directory for the temporary files of one run of
// program (the spill of a release) in parent, or os.TempDir() when
// parent is empty: "<parent>/<program>-deidkit-<pid>-<random>", readable by its
// owner only. It first removes the directories that killed runs of the
// program left there. The caller removes the directory when the run ends.
func TempDir(parent, program string) (string, error) {
	if parent == "" {
		parent = os.TempDir()
	}
	prefix := program + "-"
	sweep(parent, prefix, "", true)
	return os.MkdirTemp(parent, tempName(prefix, ""))
}
