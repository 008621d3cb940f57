package exportfile

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/deidkit/deidkit/deid"
)

// ReadIDs reads identifiers to exclude (users who withdrew consent or
// deleted their account), one per line; blank lines are skipped.
func ReadIDs(path string) (deid.IDSet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("exclusion list: %w", err)
	}
	var ids []string
	for line := range bytes.Lines(data) {
		if id := strings.TrimSpace(string(line)); id != "" {
			ids = append(ids, id)
		}
	}
	return deid.NewIDSet(ids), nil
}
