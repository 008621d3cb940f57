//go:build unix && !linux

package offheap

// mapPopulate is Linux's: elsewhere pages are faulted in as they are
// first written.
const mapPopulate = 0
