package main

import (
	"io"
	"log"
	"net/http"
	"strings"
	"testing"
)

// -domain chooses the recipient's pseudonyms: the same user gets unrelated
// pseudonyms in two services for two recipients.
func TestDomainFlag(t *testing.T) {
	outs := map[string]string{}
	for _, domain := range []string{"ai-engine", "fraud"} {
		out := &syncBuffer{}
		cfg := &config{out: "-", domain: domain, maxBody: 1 << 20, maxRecords: 10, refDate: testRef}
		h, err := newHandler(cfg, out, io.Discard, log.New(io.Discard, "", 0))
		if err != nil {
			t.Fatal(err)
		}
		if code, body := post(t, h, "application/json", fullRecord); code != http.StatusOK {
			t.Fatalf("%s: %d %s", domain, code, body)
		}
		want := demoPseudonym(t, domain, rawUserID)
		if !strings.Contains(out.String(), want) {
			t.Fatalf("%s: output lacks the domain's pseudonym: %s", domain, out.String())
		}
		outs[domain] = out.String()
	}
	if strings.Contains(outs["fraud"], demoPseudonym(t, "ai-engine", rawUserID)) {
		t.Fatal("the fraud feed carries the ai-engine pseudonym")
	}
}
