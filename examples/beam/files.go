package main

import (
	"context"
	"path"
	"strings"

	"github.com/deidkit/deidkit/examples/internal/exportfile"
)

// checkFiles refuses a job whose outputs are files it reads, or that would
// publish the quarantine with the release, as examples/export refuses
// them: a report or quarantine named like an input shard, the exclusion
// list, the policy or a key file would overwrite it; a quarantine inside
// the output directory (named like an output shard, or not) would put raw
// identified records among the released files; a report named like an
// output shard would replace it. Local paths are compared once links are
// resolved; remote ones (gs://...) as written.
func checkFiles(cfg *config, spec *jobSpec, shards []string) error {
	inOut := func(p string) (bool, error) {
		if remote(spec.Out) || remote(p) {
			out := strings.TrimSuffix(spec.Out, "/")
			return p == out || strings.HasPrefix(p, out+"/"), nil
		}
		return exportfile.Within(spec.Out, p)
	}
	if spec.Quarantine != "" {
		in, err := inOut(spec.Quarantine)
		if err != nil {
			return usagef("-quarantine %s: %v", spec.Quarantine, err)
		}
		if in {
			return usagef("-quarantine %s is inside the output directory %s: it holds raw identified records and would be published with the release", spec.Quarantine, spec.Out)
		}
	}
	in, err := inOut(spec.Report)
	if err != nil {
		return usagef("-report %s: %v", spec.Report, err)
	}
	if base := path.Base(spec.Report); in && (strings.HasPrefix(base, "part-") || strings.HasPrefix(base, ".staging-")) {
		return usagef("-report %s is named like a file of the release in %s", spec.Report, spec.Out)
	}
	var files []exportfile.Named
	for _, s := range shards {
		files = append(files, exportfile.Named{Flag: "-in", Path: s})
	}
	files = append(files,
		exportfile.Named{Flag: "-quarantine", Path: spec.Quarantine}, exportfile.Named{Flag: "-report", Path: spec.Report},
		exportfile.Named{Flag: "-exclude", Path: cfg.exclude}, exportfile.Named{Flag: "-policy", Path: cfg.policyFile},
		exportfile.Named{Flag: "-keyset", Path: cfg.keyset}, exportfile.Named{Flag: "-kek-keyset", Path: cfg.kek},
		exportfile.Named{Flag: "-token-keyset", Path: cfg.tokens})
	local := files[:0]
	for _, f := range files {
		if !remote(f.Path) {
			local = append(local, f)
		}
	}
	if err := exportfile.Distinct(local...); err != nil {
		return usagef("%v", err)
	}
	for _, f := range files {
		if remote(f.Path) && f.Path != "" {
			for _, g := range files {
				if g.Flag != f.Flag && g.Path == f.Path {
					return usagef("%s and %s name the same file %s", f.Flag, g.Flag, f.Path)
				}
			}
		}
	}
	return nil
}

// remote reports whether p is a URL (gs://...), not a local path.
func remote(p string) bool { return strings.Contains(p, "://") }

// removeStale removes the report and the quarantine of an earlier run, so
// that a job that fails leaves neither beside nothing: a report saying
// "released" would describe the earlier data (examples/export does the
// same).
func removeStale(ctx context.Context, spec *jobSpec) error {
	for _, p := range []string{spec.Report, spec.Quarantine} {
		if p == "" {
			continue
		}
		if !remote(p) {
			if err := exportfile.RemoveStale(p); err != nil {
				return err
			}
			continue
		}
		remove(ctx, p)
	}
	return nil
}
