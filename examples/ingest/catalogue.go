package main

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

//go:embed device-models.txt
var builtinModels string

// A catalogue lists the device models the service accepts, by their
// folded form (lower case, runs of white space as one space).
type catalogue map[string]string

// maxModelLen bounds a model name in a catalogue.
const maxModelLen = 64

// readCatalogue reads a list of models, one per line; blank lines and
// lines starting with # are skipped. Errors name the line, not its text.
func readCatalogue(r io.Reader) (catalogue, error) {
	c := catalogue{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		m := strings.TrimSpace(sc.Text())
		if m == "" || strings.HasPrefix(m, "#") {
			continue
		}
		if !utf8.ValidString(m) || len(m) > maxModelLen {
			return nil, fmt.Errorf("device models: line %d: not UTF-8 text of at most %d bytes", line, maxModelLen)
		}
		c[foldModel(m)] = m
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("device models: %w", err)
	}
	if len(c) == 0 {
		return nil, fmt.Errorf("device models: the list is empty")
	}
	return c, nil
}

// canonical returns the catalogue's spelling of model, and whether it is
// listed.
func (c catalogue) canonical(model string) (string, bool) {
	if len(model) > 4*maxModelLen {
		return "", false
	}
	m, ok := c[foldModel(model)]
	return m, ok
}

func foldModel(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
