package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid"
)

// A handler receives measurements on POST /measurements, de-identifies
// them and writes them to its sink.
type handler struct {
	deid       *deid.Struct[Measurement]
	models     catalogue
	out        *sink
	maxBody    int64
	maxRecords int
	log        *log.Logger

	records  atomic.Int64 // records written
	accepted atomic.Int64 // requests answered 200
	rejected atomic.Int64 // requests answered 4xx
}

// A requestError is an answer other than 200: a status and a short reason
// that never contains anything the client sent.
type requestError struct {
	status int
	reason string
}

func (e *requestError) Error() string { return e.reason }

func badRequest(format string, args ...any) *requestError {
	return &requestError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/measurements" {
		h.fail(w, &requestError{http.StatusNotFound, "not found: POST measurements to /measurements"})
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.fail(w, &requestError{http.StatusMethodNotAllowed, "method not allowed: use POST"})
		return
	}
	ndjson, rerr := batchFormat(r.Header.Get("Content-Type"))
	if rerr != nil {
		h.fail(w, rerr)
		return
	}
	body := http.MaxBytesReader(w, r.Body, h.maxBody)
	ms, rerr := h.decode(body, ndjson)
	if rerr != nil {
		h.fail(w, rerr)
		return
	}
	var lines []byte
	for i := range ms {
		if err := ms[i].validate(h.models); err != nil {
			h.fail(w, badRequest("record %d: %v", i+1, err))
			return
		}
		c, err := h.deid.Copy(ms[i])
		if err != nil {
			h.fail(w, badRequest("record %d: %s", i+1, deidReason(err)))
			return
		}
		b, err := json.Marshal(&c)
		if err != nil {
			// validate has made every field encodable; this is a bug.
			h.log.Printf("encode record: %v", err)
			h.fail(w, &requestError{http.StatusInternalServerError, "internal error"})
			return
		}
		lines = append(append(lines, b...), '\n')
	}
	if err := h.out.write(lines); err != nil {
		if !errors.Is(err, errClosed) {
			h.log.Printf("write output: %v", err)
		}
		h.fail(w, &requestError{http.StatusServiceUnavailable, "output unavailable; retry later"})
		return
	}
	h.records.Add(int64(len(ms)))
	h.accepted.Add(1)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, "{\"accepted\":%d}\n", len(ms))
}

// fail answers with e's status and reason as a JSON object.
func (h *handler) fail(w http.ResponseWriter, e *requestError) {
	if e.status < 500 {
		h.rejected.Add(1)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.status)
	b, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{e.reason})
	w.Write(append(b, '\n'))
}

// batchFormat reads the Content-Type: application/json (one object or an
// array of objects) or application/x-ndjson (one object per line).
func batchFormat(contentType string) (ndjson bool, _ *requestError) {
	unsupported := &requestError{http.StatusUnsupportedMediaType,
		"unsupported content type: send application/json or application/x-ndjson"}
	if contentType == "" {
		return false, unsupported
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false, unsupported
	}
	switch mt {
	case "application/json":
		return false, nil
	case "application/x-ndjson", "application/ndjson", "application/jsonl":
		return true, nil
	}
	return false, unsupported
}

// decode reads the records of a body strictly: a field that Measurement
// does not have is an error, since it could carry an identifier that no
// deid tag covers.
//
// The body is read whole first (it is at most -max-body bytes) and must be
// UTF-8 text: encoding/json would decode other bytes as U+FFFD, so that
// a user ID in Latin-1 got the pseudonym of another string than its
// UTF-8 spelling, and a kept value changed unseen.
func (h *handler) decode(body io.Reader, ndjson bool) ([]Measurement, *requestError) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, h.readError(0, err)
	}
	if i := invalidUTF8(data); i >= 0 {
		return nil, badRequest("body: not UTF-8 text (byte %d)", i)
	}
	br := bufio.NewReader(bytes.NewReader(data))
	first, err := firstByte(br)
	if err != nil {
		if err == io.EOF {
			return nil, badRequest("empty body")
		}
		return nil, h.readError(0, err)
	}
	dec := json.NewDecoder(br)
	dec.DisallowUnknownFields()
	var ms []Measurement
	next := func() *requestError {
		if len(ms) == h.maxRecords {
			return &requestError{http.StatusRequestEntityTooLarge,
				"more than " + strconv.Itoa(h.maxRecords) + " records in one request"}
		}
		ms = append(ms, Measurement{})
		if err := dec.Decode(&ms[len(ms)-1]); err != nil {
			return h.readError(len(ms), err)
		}
		return nil
	}
	switch {
	case ndjson:
		for dec.More() {
			if rerr := next(); rerr != nil {
				return nil, rerr
			}
		}
	case first == '[':
		if _, err := dec.Token(); err != nil {
			return nil, h.readError(0, err)
		}
		for dec.More() {
			if rerr := next(); rerr != nil {
				return nil, rerr
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, h.readError(len(ms), err)
		}
	default:
		if rerr := next(); rerr != nil {
			return nil, rerr
		}
	}
	// Nothing may follow the records: trailing data is a malformed
	// request, not something to ignore.
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, badRequest("malformed JSON: data after the records")
		}
		return nil, h.readError(len(ms), err)
	}
	if len(ms) == 0 {
		return nil, badRequest("no records")
	}
	return ms, nil
}

// firstByte returns the first byte after white space, without consuming
// it.
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.ReadByte()
			continue
		}
		return b[0], nil
	}
}

// readError describes an error from reading or decoding the body, for the
// client: only the record number, a field's wire name and fixed texts,
// since the errors of encoding/json and time quote the input.
func (h *handler) readError(record int, err error) *requestError {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &requestError{http.StatusRequestEntityTooLarge,
			"request body larger than " + strconv.FormatInt(h.maxBody, 10) + " bytes"}
	}
	where := "body"
	if record > 0 {
		where = "record " + strconv.Itoa(record)
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tp *time.ParseError
	switch {
	case errors.As(err, &syntax):
		return badRequest("%s: malformed JSON at byte %d", where, syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("%s: malformed JSON: unexpected end of body", where)
	case errors.As(err, &typ):
		if typ.Type == reflect.TypeFor[time.Time]() {
			return badRequest("%s: field %s: not an RFC 3339 timestamp", where, typ.Field)
		}
		if _, known := wireFields[typ.Field]; known {
			return badRequest("%s: field %s: wrong type, want %s", where, typ.Field, jsonKind(typ.Type.Kind()))
		}
		return badRequest("%s: a value has the wrong type", where)
	case errors.As(err, &tp), strings.HasPrefix(err.Error(), "Time.UnmarshalJSON"):
		// measured_at is the only time.Time of Measurement.
		return badRequest("%s: field measured_at: not an RFC 3339 timestamp", where)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// The name is not repeated: a client can put anything in a key.
		return badRequest("%s: unknown field (only the documented fields are accepted)", where)
	}
	var rerr *requestError
	if errors.As(err, &rerr) {
		return rerr
	}
	return badRequest("%s: malformed JSON", where)
}

// wireFields are the wire names of Measurement's fields, the only field
// names an answer may contain.
var wireFields = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range jsonPaths {
		m[p] = true
	}
	return m
}()

// jsonKind names what a Go field of kind k reads from JSON.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct:
		return "an object"
	}
	return "another type"
}

// invalidUTF8 returns the offset of the first byte of b that is not part
// of valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}
