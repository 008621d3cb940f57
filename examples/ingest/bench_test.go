package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkServeHTTP is one request with one full record, from the body to
// the answer, with the output discarded.
func BenchmarkServeHTTP(b *testing.B) {
	h, out := newTestHandler(b, 1<<20, 100)
	body := strings.NewReader(fullRecord)
	req := httptest.NewRequest(http.MethodPost, "/measurements", body)
	req.Header.Set("Content-Type", "application/json")
	b.SetBytes(int64(len(fullRecord)))
	for b.Loop() {
		body.Reset(fullRecord)
		req.Body = http.NoBody
		req = req.Clone(req.Context())
		req.Body = readCloser{body}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
		out.Reset()
	}
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

// BenchmarkCopy is the de-identification of one decoded record by the
// compiled struct tags, to compare with BenchmarkDecodeEncode: what the
// tags add to the JSON work a service does anyway.
func BenchmarkCopy(b *testing.B) {
	h, _ := newTestHandler(b, 1<<20, 100)
	var m Measurement
	if err := json.Unmarshal([]byte(fullRecord), &m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.deid.Copy(m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeEncode is the baseline: strict decoding of the record and
// encoding of it, without de-identification.
func BenchmarkDecodeEncode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		dec := json.NewDecoder(strings.NewReader(fullRecord))
		dec.DisallowUnknownFields()
		var m Measurement
		if err := dec.Decode(&m); err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(&m); err != nil {
			b.Fatal(err)
		}
	}
}
