// Package scrub finds identifiers in free text, such as device notes and
// support tickets, and replaces them.
//
// # What is detected
//
// Each detector has a [Kind]:
//
//   - [Email]: local@domain.tld, in any script. The local part is ASCII
//     letters, digits and ._%+-', with the letters of other scripts written
//     with spaces (josé@, иван@), or letters of one script written without
//     spaces (Han, kana, Thai: 用户@), not both: "邮箱jane@" starts at
//     "jane". The domain has at least two labels and a top-level label of
//     two or more characters starting with a letter; internationalized
//     domains are read as written (exämple.de, пример.рф, 例子.中国) or in
//     punycode. A label's letters are Latin or other, not both, and
//     letters of scripts without spaces are a label of their own, so that
//     "jane@example.com联系" ends after "com".
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
//   - [SSN]: 123-45-6789, 123 45 6789 and 123456789, without the numbers
//     never issued (area 000, 666 or 900-999, group 00, serial 0000);
//     after a cue ("SSN", "SSN#", "SS#", "social security number", then
//     optionally ":", "no.", "number", "is", "on file") also 123.45.6789.
//     Nine digits standing alone are taken without a cue: the nine-digit
//     numbers that are not SSNs are mostly ZIP+4 codes without their
//     hyphen, account, member or order numbers, which Safe Harbor removes
//     too (they are then replaced as SSNs).
//   - [Card]: 13 to 19 digits passing the Luhn check, unbroken or grouped
//     as cards are printed (4-4-4-4, 4-6-5, ...) with spaces or hyphens.
//   - [Date]: every element of a date but the year alone, as Safe Harbor
//     asks: 2024-03-05 (also as the date of 2024-03-05T10:00:00Z),
//     03/05/2024, 5.3.2024, 03/05/24, 5 March 2024, 5th Mar. 2024,
//     05-Mar-2024, March 5, 2024; without the year, 5 March, March 5th,
//     Mar 4, and 03/04 or 25-12 when a leading zero makes it a date (not
//     3/4 or 10/10, more often a fraction or a score, nor 03.04, a
//     decimal); a month and year, March 2024; eight digits, year first,
//     that make a valid date from 1900 to 2099 (19500304); day-first dates
//     with French, German or Spanish month names (4 mars 1950, 1er mai,
//     4. März 1950, 4 de marzo de 1950, 4 marzo). Day and month are checked
//     for range in either order. Without a year, a month name that is an
//     ordinary English word or abbreviation in lower case (may, march,
//     mar, dec) is no date:
//     "the march 5 times", "option 4 may help"; capitalized ("May 5"), it
//     is. Also an age from 90 to 150 that a word makes one (a
//     95-year-old, 97 years old, 92 y/o, aged 93, age: 101), which Safe
//     Harbor counts with dates.
//   - [Name]: a person's name where the text announces one. After a title
//     that starts with a capital (Dr, Doctor, Mr, Mrs, Ms, Miss, Mx, Prof,
//     Professor, Nurse, Rev, Herr, Frau, Mme, Mlle, Sra, Dra, with or
//     without a dot): up to four name words. After a cue word in any case
//     (name, named, patient, call, called, calling, contact, contacted,
//     caller, spoke, talked, ask, asked, dear, attn, regards, thanks,
//     sincerely, signed, referred, seen, from, forwarded, husband, wife,
//     son, daughter, mother, father, brother, sister, partner, spouse,
//     caregiver, guardian, customer, client), then optionally ":", "," or
//     "-" and one or two of is, was, with, to, for, by, named ("my name is
//     Jane", "spoke with Dr. Lee", "Thanks, Bob"): up to three. And two or
//     three capitalized words followed by one of a few verbs (lives, said,
//     reported, complained, called, asked, ...): "John Smith lives at".
//     Name words are capitalized (any script with case: "Élodie",
//     "Øster", "O'Brien", "Smith-Jones"), in capitals (not after a cue
//     word itself in capitals, where everything is), or initials ("J."),
//     joined by particles such as van, de, la. A name never starts with,
//     and ends before, a word of a list of capitalized words that follow
//     cues without being names (pronouns, days, months, Support, Service,
//     Portal, ...) and where a date or a post office box starts.
//   - [Address]: a US street address: a house number (up to six digits,
//     possibly with a letter), a street name of up to four words, a street
//     type (Street, St, Avenue, Ave, Road, Rd, Boulevard, Blvd, Lane, Ln,
//     Drive, Dr, Court, Ct, Place, Pl, Way, Terrace, Circle, Parkway,
//     Highway, ... as USPS abbreviates them) and a direction (NW); then a
//     unit (", Apt 4B", " Suite 200", " #12"), a city of up to three
//     capitalized words, a state code and a ZIP code, as far as they are
//     there: 12 Main St, Apt 4B, Springfield, IL 62701. Also post office
//     boxes (PO Box 123, P.O. Box 123). A street name in lower case needs
//     an abbreviated type ("12 main st"; not "3 blocks down the street"),
//     one in capitals a type in capitals. "Dr" before a capitalized word
//     may be a title: the address then ends before it, and the name after
//     it is found.
//   - [ID]: found only as a record's known value (see below).
//   - [Number]: a number that a label announces, of three letters and
//     digits or more with a digit among them: after a label that is one
//     in any use (MRN, MBI, HICN, VIN, IMEI, MEID, ICCID, ID, SN, S/N,
//     plate, passport, NPI, DLN), or after a word that labels numbers
//     but is also an ordinary word (record, member, account, acct,
//     policy, license, certificate, serial, claim, chart, case,
//     beneficiary, subscriber, insurance, badge, registration, reference,
//     ticket, order, employee, student, ...) only with a connector after
//     it (":", "#", "no.", "number", "ID", "plate", "code", "is"): "MRN:
//     00482193", "medical record no. 4821", "member ID XK-4821-99",
//     "license plate ABC 1234", "S/N 448211"; not "record 5 steps" nor
//     "device: Pixel 7". The number is groups of letters and digits joined
//     by '-', '.', '/', or by a space after up to four capitals or digits
//     and before a group with a digit. Numbers without a label are not
//     taken: their shapes are free.
//   - [Coordinates]: a pair of decimal numbers of four decimals or more
//     each, separated by ',', ';' or '/' (48.8566, 2.3522; a sign before
//     the first stays), and coordinates with a degree sign and minutes or
//     a hemisphere letter (48°51'24"N 2°21'08"E, 48.8566° N), or with
//     three decimals and a hemisphere letter (48.8566N). Not "1.025,
//     1.030" (fewer decimals: two measurements), "38.5°C" or "90°".
//   - [Handle]: a social media or chat handle, '@' then 2 to 30 ASCII
//     letters, digits, '_' and inner dots starting with a letter or '_',
//     where no e-mail address's local part is glued before the '@':
//     "@zelda_q". A word after an '@' ("@home") is taken too.
//
// # Disguised spellings
//
// Every detector, and the values of a [Known] set, read a text as a
// person reads it, not code point by code point: each match is found in
// the text's skeleton and replaced in the text whole. The skeleton
// (internal/idnorm) reads
//
//   - fullwidth forms and other compatibility forms (mathematical and
//     enclosed letters and digits, ligatures, superscript and subscript
//     digits, small form variants) as their plain characters:
//     "zq＠example.org", "１２３-４５-６７８９";
//   - an accent composed or combined, and the accented Latin letters, as
//     the plain letter: "Mu\u0308ller" and "Müller" are both "Muller";
//   - invisible and format characters (soft hyphens, zero-width spaces and
//     joiners, word joiners, byte order marks, bidirectional embeddings,
//     overrides and isolates, variation selectors) as nothing:
//     "123-4\u200b5-6789" is an SSN, and the replaced span covers the
//     invisible characters inside it and an embedding opened before it
//     and closed after it;
//   - dashes and minus signs, ideographic and other full stops, small
//     and fullwidth commercial ats, and spaces of other widths as '-',
//     '.', '@' and ' ' (a long dash as '-' only between digits: between
//     words it is the dash of prose); the digits of other scripts
//     (Arabic-Indic, Devanagari, Thai, ...) as ASCII digits;
//   - Cyrillic and Greek letters drawn like Latin ones as those, in a word
//     whose every letter then reads as Latin ("Qu\u0456st"), but not in a
//     word of their own script ("иван@пример.рф" stays as it is written).
//
// Text that is ASCII is its own skeleton and is read as it is, at the cost
// of a look at 32 bytes at a time: BenchmarkScrubTextASCII runs 0.45% more
// instructions than before the skeleton (533,874 per pass against
// 531,495, cachegrind), BenchmarkScrubText, whose notes mix scripts, 17%
// more (731,732 against 626,643), and BenchmarkScrubTextKnown 10% more
// (1,172,477 against 1,064,346): the skeleton of such a text is built,
// in a buffer that a pool keeps. The instructions per pass are the difference
// of two runs of the test binary under
// valgrind --tool=cachegrind, -test.benchtime 100x and 400x, divided by
// 300. Not read through: homoglyphs beyond
// that look-alike table (letters of other scripts, symbols, emoji drawn
// like letters or digits), whole words of another script, and spellings
// that change the words rather than their code points.
//
// # Record-aware scrubbing
//
// In a structured record the person's identifiers are known: they are the
// record's other fields. [Scrubber.AppendKnown] replaces the values of a
// [Known] set wherever the text holds them, in the same pass as the
// detectors: names and other text case-folded and with any white space
// matching any other ("JOHN  smith" for "John Smith"), also by their parts
// (a name's words, an e-mail address's local part, an address's
// comma-separated parts and ZIP code), phone numbers by their digits
// whatever the separators, with or without a country code. Package deid
// fills the set from the record's identifying fields.
//
// # Accuracy
//
// On the labelled corpus of testdata/corpus (600 synthetic notes, see its
// README: the same people wrote the templates and the detectors, so these
// are upper bounds for real notes), recall is the share of planted
// identifiers of which no byte is left, precision the share of matches
// that overlap a planted identifier of their kind. TestCorpusAccuracy
// measures them, checks that this table shows what it measures, and fails
// below floors a little under these figures:
//
//	kind      planted   detectors alone       record-aware
//	                    recall  precision     recall  precision
//	name        938     0.792   0.979         0.922   0.970
//	address     478     0.749   1.000         0.870   1.000
//	ssn         206     1.000   0.928         1.000   0.928
//	email       178     0.691   1.000         1.000   1.000
//	phone       179     1.000   1.000         1.000   1.000
//	id           66     0.000   -             1.000   1.000
//	ip, mac, url, card, date: 1.000 and 1.000
//
// The misses are what the detectors are not meant to find: a name with
// neither a cue before nor a verb after it ("Forwarded to Omar Nguyen",
// "Quispe's watch"), a street without a type, a login that is an e-mail's
// local part, a city on its own. The false names are capitalized words
// before a verb ("Apple Health reported") and a street type read as a
// title ("12 Birch Dr. Born ..."). The false SSNs are an order number of
// nine digits, and the 23 labelled numbers (kind number, none planted) a
// device serial ("serial SN-4821-AB7"): the corpus counts both as near
// misses, as it was written before they were taken, but Safe Harbor
// removes both (any other unique identifying number; device serial
// numbers).
//
// # How text is scanned
//
// A [Scrubber] reads the text once, left to right, and looks closely only
// at the first byte of each word: a digit, a hex letter, a letter that can
// start a URL, a month name or a post office box, '+', '(' or ':' sends it
// to the detectors that can start with that byte (for digits and hex
// digits, only those whose formats fit the first run and the byte after
// it). A word that starts no match is skipped whole, once checked against
// a small table of cue words indexed by its first two letters and length;
// a cue marks where the name or number it announces may start, and the
// scanner stops there. A capitalized word followed by another starts a
// run of them that is read once, to see whether a verb follows it and a
// name may end there. Detectors read no further than their formats
// allow, and a URL that is read is matched and skipped, so every byte is
// read a bounded number of times. Email addresses are found from their
// '@', located with [bytes.IndexByte], by reading back over the local part
// and forward over the domain; the values of a [Known] set, from the bytes
// they may start with. There are no regular expressions, and
// [Scrubber.Append] does not allocate when its destination has room.
//
// When candidates overlap:
//
//   - Of candidates starting at the same byte, the longest wins; of equal
//     length, the first in the order known value, URL, MAC, IP, SSN, card,
//     phone, date, address, name.
//   - Of candidates starting at different bytes, the first wins, except
//     that an email address beginning inside a candidate and ending after
//     it wins over it: "+14155552671@example.net" is an email address. The
//     text before an email address is matched as if the address were
//     already replaced.
//
// Boundaries: a match never starts or ends inside a word (between two
// letters or digits of scripts written with spaces), so "v1.2.3.4" and
// "é4155552671" hold nothing, while "log_2024-03-05.txt" holds a date. Nor
// does it start or end inside a longer number: a '.', '-' or '/' between a
// digit of the match and a digit outside it joins them, so "1.2.3.4.5" (a
// version), "99415-555-2671" and "123-45-6789-0" hold nothing. Letters of
// scripts written without spaces (Han, kana, Thai) are not word
// characters, so "电话4155552671" holds a phone number. A name or street
// word glued to what follows ("Jane.Doe", "St.Louis", "FF-69-...") ends no
// match.
//
// # Speed
//
// Names, street addresses, cues and record-aware scrubbing made the
// scanner do more per word. BenchmarkScrubText (4.7 KB of device and
// support notes, no known values) against the package before them (commit
// ff8fd73), both test binaries run alternately in the same session on a
// shared 2-core machine under a load of about 17:
//
//	per pass, median of       before     now       ratio
//	CPU time, 6 runs each     13.2 µs    22.3 µs   1.70×
//	wall time, 10 runs each   44.7 µs    73.3 µs   1.64×
//
// CPU time is user and system time over 30,000 passes, which the load
// changes less than wall time; on a quiet core the package before ran at
// about 350 MB/s (13 µs a pass), as bench/README.md records. The
// commands, from a checkout of each version:
//
//	go test -c -o before.test ./deid/scrub     # at ff8fd73
//	go test -c -o now.test ./deid/scrub
//	for i in 1 2 3 4 5 6; do for v in before now; do
//	  /usr/bin/time -f "$v %U %S" ./$v.test -test.run '^$' \
//	    -test.bench '^BenchmarkScrubText$' -test.benchtime 30000x
//	done; done
//
// and the same loop ten times with -test.count 1 and the default
// benchtime for the wall time (median ns/op of each side).
// BenchmarkScrubTextKnown, with a record of five known values (name,
// e-mail, phone, address, ID) added to the set before each pass, costs
// about 2.1× the CPU time of BenchmarkScrubText in the same session (44.7
// against 21.2 µs, medians of 4): every digit of the text may start the
// phone number, and every word the parts of the name and address.
//
// # Replacement
//
// By default an identifier is replaced by its kind's tag, [Kind.Tag]:
//
//	[EMAIL] [PHONE] [IP] [MAC] [URL] [SSN] [CARD] [DATE] [NAME] [ADDRESS] [ID]
//	[NUMBER] [COORDINATES] [HANDLE]
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
//   - names without a title or cue word before them or a verb after them,
//     names in scripts without case, names of places and organisations,
//     cities, counties and ZIP codes on their own, non-US addresses, street
//     addresses without a street type, and anything else that needs
//     language understanding (unless they are a record's known values);
//   - free-form identifiers without a label: account, order, ticket or
//     medical record numbers, device serial numbers, licence plates,
//     VINs, user names without an '@' (unless known);
//   - coordinates with fewer than four decimals and no degree sign or
//     hemisphere letter;
//   - dates without a year written 3/4 or 10/10, day-first eight-digit
//     dates (04031950), dates with a non-English month name first or in
//     other languages than French, German and Spanish, ages, times, and
//     two-digit years written with '-' or '.';
//   - phone numbers in national formats outside North America
//     (020 7946 0958) and North American numbers with extensions or
//     letters;
//   - email addresses with the '@' spelled as the plain word "at" before
//     a domain that neither spells its dot nor ends in a common or country
//     top-level domain, and web addresses without http(s):// or www.
//     (example.com/jane);
//   - identifiers split across lines or joined to a number by '.', '-' or
//     '/' (2024-03-05/2024-03-07).
//
// Identifiers spelled to hide them are found too: spaced out ("j o h n @
// e x a m p l e . c o m", "555 . 123 . 4567", "1 2 3 - 4 5 - 6 7 8 9"), or
// with the '@' and the dots spelled ("jane at example dot com", "jane
// [at] example [dot] com", "jane(at)example(dot)org"). The text is read
// once more with those spellings undone, and what is found there is
// replaced whole, merged with what overlaps it.
//
// It also replaces some text that is not an identifier: ten-digit numbers
// that look like North American phone numbers, Luhn-valid numbers of 13 to
// 19 digits that are not payment cards, four-part version numbers
// (2.1.0.3) as IP addresses, the digit groups an E.164 number takes
// greedily (up to 15 digits) from what follows it, capitalized words
// before a verb ("Apple Health reported"), capitalized words after a cue
// that are not names, and the words before an email address written in a
// script without spaces ("请联系张伟@例子.中国" is one address), which
// cannot be told from its local part.
package scrub
