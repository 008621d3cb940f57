package main

import (
	"context"
	"io"
	"os"
	"strings"
)

// A two-row export read from stdin: the user ID becomes its ai-engine
// pseudonym (the same for both rows), the e-mail and IP addresses and the
// note are dropped, the date of birth becomes a year and the ZIP code its
// first three digits; the measurements are kept, as numbers.
func Example() {
	in := "user_id,email,date_of_birth,zip,ip,measured_at,weight_kg,heart_rate,note\n" +
		"u-100042,jane.doe@example.com,1984-07-19,94110,203.0.113.7,2025-03-05T07:12:44Z,72.4,61,call me at 415-555-2671\n" +
		"u-100042,jane.doe@example.com,1984-07-19,94110,203.0.113.7,2025-03-06T07:02:10Z,72.1,58,\n"
	command().Run(context.Background(), []string{"-demo-keys", "-in", "-", "-in-format", "csv", "-out", "-", "-reference-date", "2026-01-01"},
		strings.NewReader(in), os.Stdout, io.Discard)
	// Output:
	// {"user_id":"73a93c573ac4173cb6faba72d091a93f","date_of_birth":"1984","zip":"941","measured_at":"2025-03-05T07:12:44Z","weight_kg":72.4,"heart_rate":61}
	// {"user_id":"73a93c573ac4173cb6faba72d091a93f","date_of_birth":"1984","zip":"941","measured_at":"2025-03-06T07:02:10Z","weight_kg":72.1,"heart_rate":58}
}
