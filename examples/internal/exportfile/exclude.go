package exportfile

import (
	"fmt"
	"os"

	"github.com/deidkit/deidkit/deid"
)

// ReadExclusionList reads the exclusion list at path with
// deid.ReadIDSet, which says what forms of list it reads.
func ReadExclusionList(path string) (deid.IDSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("exclusion list: %w", err)
	}
	defer f.Close()
	ids, err := deid.ReadIDSet(f)
	if err != nil {
		return nil, fmt.Errorf("exclusion list %s: %w", path, err)
	}
	return ids, nil
}
