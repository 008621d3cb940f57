package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// An escaped UTF-16 surrogate that is not half of a pair decodes to U+FFFD
// in encoding/json: "u-1\ud800" and "u-1\udc00" were one user with one
// pseudonym, and a note lost a character unseen. The body is refused
// (400) naming the byte offset of the escape, never the value; a pair
// (an emoji) is text and passes.
func TestUnpairedSurrogateRefused(t *testing.T) {
	const ok = `"measured_at":"2025-03-05T07:12:44Z"`
	for _, tc := range []struct {
		name, body string
		at         int // the escape's byte offset; -1: accepted
	}{
		{"lone high in the ID", `{"user_id":"u-1\ud800",` + ok + `}`, 15},
		{"lone low in the ID", `{"user_id":"u-1\udc00x",` + ok + `}`, 15},
		{"high then a letter", `{"user_id":"u-1",` + ok + `,"note":"Zelda \ud83d\u0041"}`, 68},
		{"pair then a lone high", `{"user_id":"u-1",` + ok + `,"note":"\ud83d\ude00\ud83d"}`, 74},
		{"in a key", `{"user_id":"u-1",` + ok + `,"\udfff":1}`, 55},
		{"in the second record of a batch", `[{"user_id":"u-1",` + ok + `},{"user_id":"u-\uDBFF",` + ok + `}]`, 70},
		{"a pair", `{"user_id":"u-1",` + ok + `,"note":"\ud83d\ude00"}`, -1},
		{"an escaped backslash", `{"user_id":"u-1",` + ok + `,"note":"\\ud800"}`, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, out := newTestHandler(t, 1<<20, 100)
			code, answer := post(t, h, "application/json", tc.body)
			if tc.at < 0 {
				if code != http.StatusOK {
					t.Fatalf("status %d (%s), want 200", code, answer)
				}
				return
			}
			if tc.body[tc.at] != '\\' {
				t.Fatalf("test: byte %d is %q, not the escape", tc.at, tc.body[tc.at])
			}
			var a struct{ Error string }
			if code != http.StatusBadRequest || json.Unmarshal([]byte(answer), &a) != nil ||
				!strings.Contains(a.Error, "surrogate") || !strings.Contains(a.Error, "(byte "+strconv.Itoa(tc.at)+")") {
				t.Errorf("got %d %s, want 400 naming the surrogate at byte %d", code, answer, tc.at)
			}
			for _, leak := range []string{"u-1", "u-", "Zelda"} {
				if strings.Contains(answer, leak) {
					t.Errorf("answer echoes %q: %s", leak, answer)
				}
			}
			if out.String() != "" {
				t.Errorf("a refused request wrote %q", out.String())
			}
		})
	}
}
