// Package jsonrec reads and writes NDJSON records, one JSON object per
// line, at memory speed for the streaming transformer.
//
// The model mirrors that of package csvrec:
//
//   - A [Chunker], used by one goroutine at a time, cuts the input
//     into chunks of whole lines with [bytes.IndexByte], without looking at
//     the JSON. The caller supplies and recycles the chunk buffers.
//   - On a worker, [Lines] walks the non-blank lines of a chunk and a
//     [Parser] turns one line into a flat list of [Event]s: the beginning
//     and end of each object and array, with its key, and one event for
//     every other value (a leaf), with its key (none for an array
//     element), its kind, its exact original text and, for strings, its
//     unescaped value. Arrays are walked like objects, so that a policy
//     sees the values inside them, and [Path] names every value by the
//     keys that lead to it ("readings[].user_id"). Key order is preserved.
//     The steady state allocates nothing: event lists and scratch buffers
//     are reused. The lines of an export share their keys: a line written
//     compactly with the keys of the line before can be read for its
//     values only ([Parser.ParseValues]), its structure being known.
//   - A [Writer] re-emits an object member by member and element by
//     element, handling commas, so that a transformer can drop or replace
//     leaves and copy the rest through, original number text included.
//
// The parser is strict, because a privacy library must not let a value
// slip past a rule through an odd encoding: it rejects anything that is not
// RFC 8259 JSON (bad escapes, numbers such as 01, 1. or NaN, control
// characters in strings, trailing data), invalid UTF-8 anywhere in the
// line, a line whose value is not an object, objects nested deeper than
// the depth limit (64 by default, arrays included), and an object that
// holds the same key twice, after unescaping, in any object of the line,
// arrays included. An escaped surrogate that is not half of a pair
// (\ud800, \udc00, a high surrogate followed by anything but a low one)
// is malformed ([ErrUTF8]) although RFC 8259 lets it pass: encoding/json
// decodes it to U+FFFD, so two different broken IDs would read as one.
//
// Errors are [*SyntaxError] values with the 1-based byte column in the
// line and a sentinel cause; they never hold input text.
package jsonrec
