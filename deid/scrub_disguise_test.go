package deid

import (
	"regexp"
	"strings"
	"testing"
)

// A scrubbed note replaces disguised identifiers whole, the record's own
// among them, and a phone number spelled in other digits gets the
// pseudonym of its plain spelling.
func TestScrubDisguisedInNote(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "note", Action: Scrub, With: "pseudonym", Domain: "notes"}}}
	in := "full_name,note\n" +
		`M` + "\u00fc" + `ller,"Mu` + "\u0308" + `ller called from 415-555-2671, again from ` +
		"\u0664\u0661\u0665\u2010\u0665\u0665\u0665\u2010\u0662\u0666\u0667\u0661" + ` (ssn ` +
		"\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19" + `, mail zq` + "\uff20" + `example.org)"` + "\n"
	out, _, err := run(t, p, testKeys(t), Options{Input: CSV}, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"ller", "\u0665\u0665\u0665", "\uff16\uff17\uff18\uff19", "example.org", "\u0308"} {
		if strings.Contains(out, leak) {
			t.Errorf("%q survives in %q", leak, out)
		}
	}
	m := regexp.MustCompile(`from \[PHONE:([^\]]+)\], again from \[PHONE:([^\]]+)\]`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] {
		t.Errorf("one phone number, two spellings: %q", out)
	}
}
