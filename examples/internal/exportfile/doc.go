// Package exportfile holds what the export programs share about their
// files: learning an input's field names without consuming it (and
// refusing names that look like values), checking that the files named
// on a command line are distinct, writing an output that appears only
// when complete, and reading exclusion lists.
package exportfile
