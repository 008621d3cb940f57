package main

import (
	"io"
	"log"
	"net/http"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/hostile"
)

// TestHostileCorpus posts the hostile bodies of examples/testdata/hostile
// to the service (see package hostile for what every case checks).
func TestHostileCorpus(t *testing.T) {
	hostile.RunService(t, hostile.Service{
		Name: "ingest",
		Start: func(args []string, logs io.Writer) (http.Handler, func() error, error) {
			cfg, err := parseFlags(append([]string{"-reference-date", "2026-01-01"}, args...), logs)
			if err != nil {
				return nil, nil, err
			}
			h, err := newHandler(cfg, io.Discard, logs, log.New(logs, "ingest: ", 0))
			if err != nil {
				return nil, nil, err
			}
			return h, h.out.close, nil
		},
	})
}
