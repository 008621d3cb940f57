package scrub_test

import (
	"fmt"
	"strings"

	"github.com/deidkit/deidkit/deid/scrub"
)

func Example() {
	s, err := scrub.New()
	if err != nil {
		panic(err)
	}
	note := "Jane (jane.doe@example.com, +1 415-555-2671) says the scale at 192.168.1.23 " +
		"stopped syncing on 5 March 2024. Weight 72.5 kg, BP 120/80, firmware 1.2.3.4.5."
	fmt.Println(s.Scrub(note))
	// Output:
	// Jane ([EMAIL], [PHONE]) says the scale at [IP] stopped syncing on [DATE]. Weight 72.5 kg, BP 120/80, firmware 1.2.3.4.5.
}

func ExampleScrubber_AppendCount() {
	s, err := scrub.New()
	if err != nil {
		panic(err)
	}
	var counts scrub.Counts
	var dst []byte
	for _, note := range []string{
		"Call 415-555-2671 or 415.555.2672 after 2024-03-05.",
		"Refund to card 4111 1111 1111 1111 sent to jane@example.com.",
	} {
		// dst is reused: once it has grown, scrubbing does not allocate.
		dst = s.AppendCount(dst[:0], []byte(note), &counts)
		fmt.Println(string(dst))
	}
	for _, k := range scrub.Kinds() {
		if n := counts.Get(k); n > 0 {
			fmt.Println(k, n)
		}
	}
	// Output:
	// Call [PHONE] or [PHONE] after [DATE].
	// Refund to card [CARD] sent to [EMAIL].
	// email 1
	// phone 2
	// card 1
	// date 1
}

func ExampleWithReplacer() {
	// A Replacer can write a pseudonym instead of a tag. Here it only
	// masks emails by hand; deid substitutes keyed pseudonyms.
	mask := scrub.ReplacerFunc(func(dst []byte, k scrub.Kind, match []byte) []byte {
		if k != scrub.Email {
			return append(dst, k.Tag()...)
		}
		at := strings.IndexByte(string(match), '@')
		return append(append(dst, "***"...), match[at:]...)
	})
	s, err := scrub.New(scrub.WithReplacer(mask), scrub.WithKinds(scrub.Email, scrub.Phone))
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Scrub("jane@example.com, 415-555-2671, 2024-03-05"))
	// Output:
	// ***@example.com, [PHONE], 2024-03-05
}

func ExampleScrubber_Matches() {
	s, err := scrub.New()
	if err != nil {
		panic(err)
	}
	text := []byte("MAC 00:1a:2b:3c:4d:5e seen at fe80::1ff:fe23:4567:890a")
	for m := range s.Matches(text) {
		fmt.Printf("%s %q\n", m.Kind, text[m.Start:m.End])
	}
	// Output:
	// mac "00:1a:2b:3c:4d:5e"
	// ip "fe80::1ff:fe23:4567:890a"
}

func ExampleScrubber_AppendKnown() {
	s, err := scrub.New()
	if err != nil {
		panic(err)
	}
	// The identifying fields of the record the note belongs to. Reuse one
	// Known set per goroutine: Reset it for each record.
	var known scrub.Known
	known.Add(scrub.Name, []byte("John Smith"))
	known.Add(scrub.Phone, []byte("+1 (415) 555-2671"))
	known.Add(scrub.ID, []byte("U-48213"))

	note := []byte("JOHN  smith (u-48213) asked Dr. Lee to call 415.555.2671; Smith lives at 12 Main St.")
	fmt.Println(string(s.AppendKnown(nil, note, &known, nil)))
	known.Reset()
	// Output:
	// [NAME] ([ID]) asked Dr. [NAME] to call [PHONE]; [NAME] lives at [ADDRESS].
}
