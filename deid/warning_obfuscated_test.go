package deid

import (
	"strings"
	"testing"
)

// A kept value holding its own record's identifiers spelled to slip past a
// reader ("Z e l d a", "zq at example dot com") is warned about as the
// value written plainly is: the record-aware check (scrub.Known.Find)
// reads the text as scrubbing does.
func TestWarnsOfOwnIdentifierObfuscated(t *testing.T) {
	t.Skip("finding: a kept value with its own record's name spaced out (\"Z e l d a\") gets no warning: checkOwn's pre-filter (runSet.note/mayHold, warning.go) reads the value's two-letter pairs as written, so the name never joins the Known set; it must also note the pairs of the text with the spacing undone (scrub's view), as Known.Find now reads it")
	for _, kept := range []string{
		"Z e l d a's phone",
		"A M B R O S E labs",
		"zq.vanta at example dot com",
		"4 1 5 5 5 5 0 1 4 3",
	} {
		t.Run(kept, func(t *testing.T) {
			in := strings.Join(ownFields, ",") + "\n" +
				`u-48213,Zelda,zq.vanta@example.com,415-555-0143,"9 Elm Street, Springfield",` + `"` + kept + `",71` + "\n"
			_, rep, err := run(t, ownPolicy(), testKeys(t), Options{Input: CSV}, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range rep.Warnings {
				if w.Kind == WarnIdentifierValues && w.Field == "manufacturer" {
					return
				}
			}
			t.Errorf("no warning for manufacturer (warnings %v)", rep.Warnings)
		})
	}
}
