//go:build unix && !linux

package offheap

import "unsafe"

// mapPopulate is Linux's: elsewhere pages are faulted in as they are
// first written.
const mapPopulate = 0

// populate does nothing: pages are faulted in as they are first written.
func populate(unsafe.Pointer, int) {}
