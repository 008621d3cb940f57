package offheap

import "syscall"

// mapPopulate has the kernel fault a new block's pages in at once, in
// one call, rather than one fault per page as they are first written
// (each fault costs a trap, dearer in a virtual machine).
const mapPopulate = syscall.MAP_POPULATE

// adviseHugePages asks for huge pages for a large block, so that faulting
// it in as it is written costs a trap per 2 MiB rather than per page.
func adviseHugePages(mem []byte) { _ = syscall.Madvise(mem, syscall.MADV_HUGEPAGE) }
