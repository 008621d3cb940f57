//go:build unix && !linux

package release

// mapPopulate is Linux's: elsewhere pages are faulted in as they are
// first written.
const mapPopulate = 0
