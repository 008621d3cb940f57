// Package scrub finds identifiers in free text, such as device notes and
// support tickets, and replaces them.
//
// # What is detected
//
// Each detector has a [Kind]:
//
//   - [Email]: local@domain.tld. The local part may hold non-ASCII letters
//     (josé@example.com), except those of scripts written without spaces
//     (Han, kana, Thai), which are taken for the surrounding sentence; the
//     domain must be ASCII (punycode), with at least two labels and a
//     top-level label of two or more characters starting with a letter.
//   - [Phone]: E.164 numbers (+14155552671, +44 20 7946 0958, also with a
//     trunk prefix, +44 (0)20 7946 0958) and North American numbers
//     ((415) 555-2671, 415-555-2671, 415.555.2671, 415 555 2671,
//     4155552671, 1-415-555-2671, +1 415 555 2671). North American area
//     and exchange codes must start with 2-9.
//   - [IP]: dotted-quad IPv4 and IPv6 in every RFC 4291 text form,
//     including "::" compression and embedded IPv4 (::ffff:192.0.2.1). A
//     port, zone or CIDR prefix length after the address is kept.
//   - [MAC]: 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E, 001a.2b3c.4d5e and
//     eight-pair EUI-64.
//   - [URL]: http://, https:// or www. and a host, up to white space, a
//     character URLs do not allow, or a non-ASCII rune other than a letter,
//     digit or mark (or a Han, kana or Thai letter, taken for the
//     surrounding sentence), less trailing sentence punctuation and
//     unbalanced closing brackets.
//   - [SSN]: 123-45-6789 and 123 45 6789, without the numbers never issued
//     (area 000, 666 or 900-999, group 00, serial 0000).
//   - [Card]: 13 to 19 digits passing the Luhn check, unbroken or grouped
//     as cards are printed (4-4-4-4, 4-6-5, ...) with spaces or hyphens.
//   - [Date]: full dates with day, month and year: 2024-03-05 (also as the
//     date of 2024-03-05T10:00:00Z), 03/05/2024, 5.3.2024, 03/05/24,
//     5 March 2024, 5th Mar. 2024, 05-Mar-2024, March 5, 2024. Day and
//     month are checked for range in either order.
//
// # How text is scanned
//
// A [Scrubber] reads the text once, left to right, and looks closely only
// at the first byte of each word: a digit, a hex letter, a letter that can
// start a URL or a month name, '+', '(' or ':' sends it to the detectors
// that can start with that byte (for digits and hex digits, only those
// whose formats fit the first run and the byte after it). A word that
// starts no match is skipped whole. Detectors read no further than their
// formats allow, and a URL that is read is matched and skipped, so every
// byte is read a bounded number of times. Email addresses are found from
// their '@', located with [bytes.IndexByte], by reading back over the
// local part and forward over the domain. There are no regular
// expressions, and [Scrubber.Append] does not allocate when its destination
// has room.
//
// When candidates overlap:
//
//   - Of candidates starting at the same byte, the longest wins; of equal
//     length, the first in the order URL, MAC, IP, SSN, card, phone, date.
//   - Of candidates starting at different bytes, the first wins, except
//     that an email address beginning inside a candidate and ending after
//     it wins over it: "+14155552671@example.net" is an email address.
//
// Boundaries: a match never starts or ends inside a word (between two
// ASCII letters or digits), so "v1.2.3.4" holds no IP address, while
// "log_2024-03-05.txt" holds a date. Nor
// does it start or end inside a longer number: a '.', '-' or '/' between a
// digit of the match and a digit outside it joins them, so "1.2.3.4.5" (a
// version), "99415-555-2671" and "123-45-6789-0" hold nothing. Non-ASCII
// letters are not word bytes, so "电话4155552671" holds a phone number.
//
// # Replacement
//
// By default an identifier is replaced by its kind's tag, [Kind.Tag]:
//
//	[EMAIL] [PHONE] [IP] [MAC] [URL] [SSN] [CARD] [DATE]
//
// Tags contain nothing the scrubber detects, and the boundary rules are the
// same at both ends of a match, so scrubbing scrubbed text changes nothing.
// A [Replacer] given with [WithReplacer] writes something else instead, for
// example a keyed pseudonym, which keeps the same identifier recognisable
// across texts without revealing it. It receives the match as written:
// "(415) 555-2671" and "415-555-2671" are different matches. [WithKinds]
// limits the kinds scrubbed.
//
// Text other than the matches is copied unchanged, byte for byte. Matches
// begin and end on rune boundaries, so valid UTF-8 stays valid; invalid
// UTF-8 is copied as is.
//
// # What is not detected
//
// Scrubbing reduces the risk that free text identifies a person; it does
// not remove it, and text that must be de-identified needs a human or a
// policy that drops the field. In particular these are not detected:
//
//   - names of people, places and organisations, street addresses, ZIP
//     codes, and anything else that needs language understanding;
//   - free-form identifiers: account, order, ticket or medical record
//     numbers, device serial numbers, licence plates, user names, IMEIs
//     that fail the Luhn check;
//   - partial dates (March 2024, 5 March, 2024), ages, times, dates with
//     non-English month names or two-digit years written with '-' or '.';
//   - phone numbers in national formats outside North America
//     (020 7946 0958) and North American numbers with extensions or
//     letters;
//   - email addresses with Unicode domains or with Han, kana or Thai
//     local parts, obfuscated addresses
//     ("jane at example dot com") and web addresses without http(s):// or
//     www. (example.com/jane);
//   - identifiers split across lines or joined to a number by '.', '-' or
//     '/' (2024-03-05/2024-03-07).
//
// It also replaces some text that is not an identifier: ten-digit numbers
// that look like North American phone numbers, Luhn-valid numbers of 13 to
// 19 digits that are not payment cards, four-part version numbers
// (2.1.0.3) as IP addresses, and the digit groups an E.164 number takes
// greedily (up to 15 digits) from what follows it.
package scrub
