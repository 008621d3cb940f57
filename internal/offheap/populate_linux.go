package offheap

import "syscall"

// mapPopulate has the kernel fault a new block's pages in at once, in
// one call, rather than one fault per page as they are first written
// (each fault costs a trap, dearer in a virtual machine).
const mapPopulate = syscall.MAP_POPULATE
