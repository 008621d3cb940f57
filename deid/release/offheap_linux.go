package release

import "syscall"

// mapPopulate has the kernel fault a new block's pages in at once, in
// one call, rather than one fault per page as the stage first writes
// them (each fault costs a trap, dearer in a virtual machine).
const mapPopulate = syscall.MAP_POPULATE
