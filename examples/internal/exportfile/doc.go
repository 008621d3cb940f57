// Package exportfile holds what the export programs share about their
// files: reading an input whose head is looked at before it is consumed,
// checking that the files named on a command line are distinct, writing
// an output that appears only when complete (and sweeping the temporary
// files of runs that were killed), and reading exclusion lists.
package exportfile
