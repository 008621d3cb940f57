package exportfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A Named is a file named on the command line, by its flag.
type Named struct {
	Flag string // "-out"
	Path string
}

// ErrSameFile is the cause of the errors of Distinct.
var ErrSameFile = errors.New("two flags name the same file")

// Distinct returns an error wrapping ErrSameFile when two of files name
// the same file: the same path once links are resolved (also for files
// that do not exist yet, through their directories or a link to a
// missing file), or, for files that exist, the same file under two names
// (a hard link). Empty paths and "-" (stdin or stdout) are not files.
//
// A program checks its files before it writes anything: an output named
// like the input would overwrite the source, a quarantine named like the
// output would publish raw records in its place, and a report named like
// the output would replace the data.
func Distinct(files ...Named) error {
	type seen struct {
		Named
		real string
		info fs.FileInfo
	}
	var all []seen
	for _, f := range files {
		if f.Path == "" || f.Path == "-" {
			continue
		}
		real, err := canonical(f.Path, 0)
		if err != nil {
			return fmt.Errorf("%s %s: %w", f.Flag, f.Path, err)
		}
		info, _ := os.Stat(f.Path) // nil when it does not exist (yet)
		for _, s := range all {
			if s.real == real || (info != nil && s.info != nil && os.SameFile(s.info, info)) {
				return fmt.Errorf("%w: %s and %s (%s)", ErrSameFile, s.Flag, f.Flag, f.Path)
			}
		}
		all = append(all, seen{f, real, info})
	}
	return nil
}

// maxLinks bounds how many symbolic links canonical follows.
const maxLinks = 40

// canonical returns the absolute path of p with every symbolic link
// resolved, following links to missing files and resolving the
// directories of a file that does not exist.
func canonical(p string, links int) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if links >= maxLinks {
			return "", errors.New("too many levels of symbolic links")
		}
		target, err := os.Readlink(abs)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(abs), target)
		}
		return canonical(target, links+1)
	}
	dir := filepath.Dir(abs)
	if dir == abs {
		return abs, nil
	}
	d, err := canonical(dir, links)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, filepath.Base(abs)), nil
}

// Within reports whether path names a file inside dir, or dir itself,
// once links are resolved as Distinct resolves them (also for files and
// directories that do not exist yet).
func Within(dir, path string) (bool, error) {
	d, err := canonical(dir, 0)
	if err != nil {
		return false, err
	}
	p, err := canonical(path, 0)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(d, p)
	if err != nil {
		return false, nil
	}
	return rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}
