package pseudo

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// A who or why that is blank, invisible, holds a control character or a
// line separator, or is not UTF-8 refuses the reversal like a missing
// one, says which of the two is wrong, records nothing and discloses
// nothing. Before, a zero-width space was recorded as who, and "\xff" as
// U+FFFD.
func TestAuditInfoMustBeVisibleText(t *testing.T) {
	ks := mustKeyset(t)
	var log bytes.Buffer
	a, err := NewAuditor(JSONAuditLog(&log), ks)
	if err != nil {
		t.Fatal(err)
	}
	tks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	tk, err := NewTokenizer(tks, "ctx/a", WithAuditor(a))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := tk.Token("u-1")
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct{ name, who, why, says string }{
		{"empty who", "", "recall", "who has no visible"},
		{"spaces", "  \u3000", "recall", "who has no visible"},
		{"zero-width space", "\u200b", "recall", "who has no visible"},
		{"Hangul filler", "\u3164", "recall", "who has no visible"},
		{"combining mark alone", "\u0301", "recall", "who has no visible"},
		{"line break in why", "dr-x", "recall\n{\"op\":\"remap\"}", "why holds a control"},
		{"escape sequence", "dr-x\x1b[2K", "recall", "who holds a control"},
		{"line separator", "dr-x", "recall\u2028x", "why holds a control"},
		{"C1 control", "dr-x\u0085", "recall", "who holds a control"},
		{"not UTF-8", "dr-\xff", "recall", "who is not valid UTF-8"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			ctx := WithAuditInfo(context.Background(), tc.who, tc.why)
			if _, _, ok := AuditInfo(ctx); ok {
				t.Error("AuditInfo accepted it")
			}
			id, err := tk.Open(ctx, tok)
			if !errors.Is(err, ErrNoAuditInfo) || !strings.Contains(err.Error(), tc.says) || id != "" {
				t.Fatalf("Open = %q, %v; want ErrNoAuditInfo saying %q", id, err, tc.says)
			}
			if log.Len() != 0 {
				t.Fatalf("a refused reversal was recorded: %q", log.String())
			}
		})
	}
	for _, who := range []string{"dr.lee@partner-x", "Dr. Zoë Ünal", "李医生", "x"} {
		ctx := WithAuditInfo(context.Background(), who, "recall: abnormal ECG, ticket 4711")
		if id, err := tk.Open(ctx, tok); err != nil || id != "u-1" {
			t.Errorf("who %q: %q, %v", who, id, err)
		}
	}
}
