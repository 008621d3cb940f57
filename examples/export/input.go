package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// peekFields returns the input's field names without consuming them: the
// CSV header, or the dotted paths of the first NDJSON record's values. The
// profiles build their policy from these names. The returned reader
// yields the whole input again.
func peekFields(br *bufio.Reader, format string) ([]string, io.Reader, error) {
	var seen bytes.Buffer
	tee := io.TeeReader(br, &seen)
	var fields []string
	var err error
	if format == "csv" {
		cr := csv.NewReader(tee)
		cr.FieldsPerRecord = -1
		fields, err = cr.Read()
		if errors.Is(err, io.EOF) {
			err = errors.New("the input is empty: it needs a header row")
		}
		if err != nil {
			err = fmt.Errorf("input: header: %w", err)
		}
		if len(fields) > 0 {
			fields[0] = strings.TrimPrefix(fields[0], "\uFEFF")
		}
	} else {
		fields, err = firstJSONPaths(bufio.NewReader(tee))
	}
	if err != nil {
		return nil, nil, err
	}
	return fields, io.MultiReader(&seen, br), nil
}

// firstJSONPaths reads the first non-blank line as a JSON object and lists
// the dotted paths of its values in order (arrays are values).
func firstJSONPaths(r *bufio.Reader) ([]string, error) {
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) == 0 {
			if err != nil {
				return nil, errors.New("the input is empty: no JSON record")
			}
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var paths []string
		if err := walkObject(dec, "", &paths); err != nil {
			return nil, fmt.Errorf("input: line %d: %w", line, err)
		}
		return paths, nil
	}
}

func walkObject(dec *json.Decoder, prefix string, paths *[]string) error {
	tok, err := dec.Token()
	if err != nil {
		return errors.New("not a JSON object")
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("not a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return errors.New("malformed JSON")
		}
		key := prefix + tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return errors.New("malformed JSON")
		}
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
			sub := json.NewDecoder(bytes.NewReader(t))
			sub.UseNumber()
			if err := walkObject(sub, key+".", paths); err != nil {
				return err
			}
			continue
		}
		*paths = append(*paths, key)
	}
	return nil
}
