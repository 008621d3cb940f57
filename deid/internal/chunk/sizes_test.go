package chunk

import (
	"strings"
	"testing"
)

func TestSizes(t *testing.T) {
	tests := []struct {
		name               string
		chunk, max         int
		wantChunk, wantMax int
		wantErr            bool
	}{
		{"defaults", 0, 0, 64, 1000, false},
		{"chosen", 10, 20, 10, 20, false},
		{"chunk capped by the limit", 50, 20, 20, 20, false},
		{"default chunk capped by the limit", 0, 20, 20, 20, false},
		{"negative chunk", -1, 0, 0, 0, true},
		{"negative limit", 0, -1, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, m, err := Sizes("csvrec", tt.chunk, tt.max, 64, 1000)
			if tt.wantErr {
				if err == nil || !strings.HasPrefix(err.Error(), "csvrec: ") {
					t.Fatalf("error = %v, want one prefixed with the package", err)
				}
				return
			}
			if err != nil || c != tt.wantChunk || m != tt.wantMax {
				t.Errorf("Sizes = %d, %d, %v; want %d, %d", c, m, err, tt.wantChunk, tt.wantMax)
			}
		})
	}
}
