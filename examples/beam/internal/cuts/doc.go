// Package cuts holds the part of a distributed Mondrian that chooses the
// top-level cuts: the domains of the quasi-identifiers over the whole
// release (their values ordered so that every hierarchy node covers a
// contiguous run of codes, along the hierarchies the library's release
// chooses for them), the statistics of a partition that workers aggregate, and the
// cut Mondrian would make from them.
//
// Mondrian cuts a partition on the quasi-identifier with the widest
// normalized range, at the median of its rows, keeping k people on each
// side. The statistics a partition needs for that are small and additive:
// per code of each quasi-identifier, its rows, and the people whose lowest
// and whose highest code in the partition it is (the people on each side
// of a cut are then exact: those whose lowest code lies below it, and
// those whose highest does not). Workers add them up per partition, one
// machine decides every partition's cut, and the next round does the same
// on the halves, until every partition fits one worker, which then runs
// the library's Mondrian on it with the same domains.
//
// The cuts are exactly those of Mondrian on one machine. What differs is
// inside a partition: kanon measures widths over the values present in the
// table it is given, so a partition normalizes by its own ranges where
// one machine would keep normalizing by the whole table's, and may choose
// another quasi-identifier to cut.
//
// Package cuts does not depend on Beam: the pipeline moves its types
// between workers.
package cuts
