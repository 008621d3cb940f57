// Package deidtest generates synthetic measurement exports of a
// connected-health service, for tests, examples and benchmarks: realistic,
// deterministic data to run de-identification code on (it holds no real
// person's data, and needs no key).
//
// An export is a stream of rows with the 24 [Columns]: a user's direct
// identifiers (name, email, phone, IP and MAC address, GPS position),
// quasi-identifiers (date of birth, sex, ZIP code, state), the device, and
// one measurement (time, body composition, heart rate, blood pressure,
// sleep, steps) with a free-text note. Users are generated one after the
// other, each with many measurements (50 to 500 by default) in time order,
// as a per-user export job would write them. With Config.TimeOrdered the
// rows are ordered by measurement time instead, as a daily or monthly
// extract sorted by time is, each row the measurement of a person drawn at
// random from Config.PeoplePerMillion people per million rows, so that a
// person's rows are spread over the whole export.
//
// The values are made to exercise de-identification code:
//
//   - dates of birth from 1931 to 2012, including 29 February of leap
//     years and people aged 89, 90 and 91 on 2026-01-01 (the edge of the
//     90+ top-coding), down to the day;
//   - ZIP codes with leading zeros, some ZIP+4, and a share of the
//     three-digit prefixes that HIPAA Safe Harbor requires to be replaced
//     by 000 (036, 059, 063, 102, 203, 556, 692, 790, 821, 823, 830, 831,
//     878, 879, 884, 890, 893);
//   - IPv4 and some IPv6 addresses, MAC addresses, RFC 3339 timestamps,
//     decimals with one digit, negative longitudes with 5 or 6 decimals;
//   - notes that are mostly empty, and otherwise hold free text that may
//     contain the user's email, phone number or IP address, commas, double
//     quotes, newlines and non-ASCII text, so that CSV quoting and JSON
//     escaping are exercised.
//
// Output is a pure function of [Config]: the same seed gives the same
// bytes on every platform. It is streamed in small batches, so memory use
// does not depend on the number of rows, and costs a few hundred
// nanoseconds a row.
//
// [WriteCSV] writes RFC 4180 CSV with a header row and LF line endings,
// quoted exactly as encoding/csv.Writer quotes. [WriteNDJSON] writes one
// JSON object per line with the same keys in the same order: numbers as
// JSON numbers with their CSV text, everything else as strings. With
// Config.Nested, the NDJSON objects group the device columns into a
// "device" object {"model", "ip", "mac"} and the position into a
// "location" object {"lat", "lon"}, each at the place of its first column.
package deidtest
