package main

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestCSVShard(t *testing.T) {
	in := "\xef\xbb\xbfid,note\r\n" +
		"1,plain\r\n" +
		"\n" +
		"2,\"two\nlines, \"\"quoted\"\"\"\n" +
		"3,a\"b\n" +
		"4,last"
	s := newCSVShard(strings.NewReader(in))
	h, err := s.header()
	if err != nil || !slices.Equal(h, []string{"id", "note"}) {
		t.Fatalf("header %q, %v", h, err)
	}
	want := []shardRecord{
		{Line: 2, Fields: []string{"1", "plain"}, Raw: "1,plain"},
		{Line: 4, Fields: []string{"2", "two\nlines, \"quoted\""}, Raw: "2,\"two\nlines, \"\"quoted\"\"\""},
		{Line: 6, Raw: "3,a\"b", Err: `field "(record)" (parse): malformed record: bare " in non-quoted-field`},
		{Line: 7, Fields: []string{"4", "last"}, Raw: "4,last"},
	}
	for i, w := range want {
		got, err := s.next()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if got.Line != w.Line || !slices.Equal(got.Fields, w.Fields) || got.Raw != w.Raw || got.Err != w.Err {
			t.Errorf("record %d = %+v, want %+v", i, got, w)
		}
	}
	if _, err := s.next(); err != io.EOF {
		t.Fatalf("after the last record: %v", err)
	}
}

func TestCSVShardErrors(t *testing.T) {
	if _, err := newCSVShard(strings.NewReader("")).header(); err == nil {
		t.Error("empty shard accepted")
	}
	if _, err := newCSVShard(strings.NewReader("a,\"b\n")).header(); err == nil {
		t.Error("malformed header accepted")
	}
	// An unterminated quote must not read the whole shard into memory.
	s := newCSVShard(strings.NewReader("id,note\n1,\"" + strings.Repeat("x", 1<<20)))
	s.raw.limit = 64 << 10
	s.header()
	if _, err := s.next(); err == nil || err == io.EOF {
		t.Errorf("record longer than the limit: %v", err)
	}
}
