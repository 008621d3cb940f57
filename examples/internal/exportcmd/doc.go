// Package exportcmd is the command line of the export programs
// (examples/export, the research release, and examples/aiexport, the
// AI-engine feed): their one vocabulary of flags, their exit statuses,
// their report and what they print, on top of package deid/release. A
// program is a Command: its name, its own flags, and how it makes the
// field policy (and the k-anonymity configuration) for an input's field
// names.
//
// Exit statuses: 0 when the release is written; 1 when the job fails
// (bad input, policy, keys or files; the message names lines, fields and
// files, never a value); 2 for a usage error, before anything is read or
// written. -h prints the usage on stdout and exits 0.
//
// The report (-report) is the release.Report as JSON, with a "status"
// ("ok" or "failed"), the output, the key and the time taken. A failed
// run's report says "failed", the error, and the warnings known by then,
// and describes no output: there is none.
package exportcmd
