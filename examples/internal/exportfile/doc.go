// Package exportfile holds what the export programs share about their
// files: learning an input's field names without consuming it, writing an
// output that appears only when complete, and reading exclusion lists.
package exportfile
