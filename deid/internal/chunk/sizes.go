package chunk

import "fmt"

// Sizes checks and completes a chunker's two size options, the target
// chunk size and the longest record it accepts, 0 standing for the
// defaults; name prefixes the error. A record is checked against the limit
// only when it does not fit in a chunk, so no chunk may be larger than the
// limit: the chunk size returned is at most the limit.
func Sizes(name string, chunkSize, maxRecord, defaultChunk, defaultMax int) (int, int, error) {
	if chunkSize < 0 || maxRecord < 0 {
		return 0, 0, fmt.Errorf("%s: negative size option", name)
	}
	if chunkSize == 0 {
		chunkSize = defaultChunk
	}
	if maxRecord == 0 {
		maxRecord = defaultMax
	}
	return min(chunkSize, maxRecord), maxRecord, nil
}
