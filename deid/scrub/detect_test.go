package scrub

import (
	"testing"
)

// scrubCase is one detection case: in scrubbed with tags must give want.
type scrubCase struct {
	name, in, want string
}

func runScrubCases(t *testing.T, cases []scrubCase) {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := s.Scrub(c.in); got != c.want {
				t.Errorf("Scrub(%q)\n got  %q\n want %q", c.in, got, c.want)
			}
		})
	}
}

func TestEmail(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"plain", "write to jane.doe@example.com today", "write to [EMAIL] today"},
		{"plus tag", "jane+scale@example.co.uk", "[EMAIL]"},
		{"digits and hyphens", "u-42_x%y@mail-1.example.org", "[EMAIL]"},
		{"apostrophe", "o'brien@example.ie", "[EMAIL]"},
		{"sentence end", "Mail me at a@b.io.", "Mail me at [EMAIL]."},
		{"in angle brackets", "Jane <jane@example.com>", "Jane <[EMAIL]>"},
		{"in parentheses", "(jane@example.com)", "([EMAIL])"},
		{"quoted", "'jane@example.com'", "'[EMAIL]'"},
		{"after colon", "email:jane@example.com", "email:[EMAIL]"},
		{"start and end", "jane@example.com", "[EMAIL]"},
		{"upper case", "JANE@EXAMPLE.COM", "[EMAIL]"},
		{"non-ASCII local part", "josé@example.com", "[EMAIL]"},
		{"non-ASCII neighbours", "Grüße—jane@example.com—danke", "Grüße—[EMAIL]—danke"},
		{"CJK neighbour", "邮箱：jane@example.com。", "邮箱：[EMAIL]。"},
		{"CJK neighbour without punctuation", "邮箱jane@example.com联系", "邮箱[EMAIL]联系"},
		{"Cyrillic local part", "иван@example.com", "[EMAIL]"},
		{"punycode TLD", "a@example.xn--p1ai", "[EMAIL]"},
		{"two addresses", "a@x.com,b@y.org", "[EMAIL],[EMAIL]"},
		{"trailing dot label", "a@b.com.5", "[EMAIL].5"},
		{"digits before", "4155552671@txt.example.net", "[EMAIL]"},
		{"wins over a phone it overlaps", "+14155552671@txt.example.net", "+[EMAIL]"},

		{"no domain dot", "user@localhost", "user@localhost"},
		{"one-letter TLD", "a@b.c", "a@b.c"},
		{"numeric TLD", "a@b.123", "a@b.123"},
		{"no local part: handles", "@handle and x @example.com", "[HANDLE] and x [HANDLE]"},
		{"handle", "ping @jane on chat", "ping [HANDLE] on chat"},
		{"hyphen-edged label", "a@-b.com", "a@-b.com"},
	})
}

func TestPhone(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"E.164", "+14155552671", "[PHONE]"},
		{"E.164 UK spaced", "call +44 20 7946 0958 now", "call [PHONE] now"},
		{"E.164 FR", "+33 1 23 45 67 89", "[PHONE]"},
		{"E.164 hyphens", "+49-30-1234567", "[PHONE]"},
		{"E.164 trunk prefix", "+44 (0)20 7946 0958", "[PHONE]"},
		{"E.164 country in parentheses", "(+44) 20 7946 0958", "([PHONE]"},
		{"NANP parentheses", "(415) 555-2671", "[PHONE]"},
		{"NANP parentheses no space", "(415)555-2671", "[PHONE]"},
		{"NANP hyphens", "415-555-2671", "[PHONE]"},
		{"NANP dots", "415.555.2671", "[PHONE]"},
		{"NANP spaces", "415 555 2671", "[PHONE]"},
		{"NANP bare", "4155552671", "[PHONE]"},
		{"NANP with 1", "1-415-555-2671", "[PHONE]"},
		{"NANP with 1 and parentheses", "1 (415) 555-2671", "[PHONE]"},
		{"NANP with +1", "+1 415-555-2671", "[PHONE]"},
		{"NANP +1 dots", "+1.415.555.2671", "[PHONE]"},
		{"sentence end", "Call 415-555-2671.", "Call [PHONE]."},
		{"after label", "Tel:415-555-2671, fax 415.555.2672", "Tel:[PHONE], fax [PHONE]"},
		{"after letters and hyphen", "ID-415-555-2671", "ID-[PHONE]"},
		{"non-ASCII neighbours", "电话4155552671号", "电话[PHONE]号"},
		{"E.164 keeps a following date", "+1 415 555 2671 2024-03-05", "[PHONE] [DATE]"},

		{"inside longer digit run", "99415-555-2671", "99415-555-2671"},
		{"joined to a number before", "2-415-555-2671", "2-415-555-2671"},
		{"joined to a number after", "415-555-2671-9", "415-555-2671-9"},
		{"followed by letters", "415-555-2671x", "415-555-2671x"},
		{"mixed separators", "415-555.2671", "415-555.2671"},
		{"area code starting with 1, spaced", "123 456 7890", "123 456 7890"},
		{"exchange starting with 0, bare", "4150552671", "4150552671"},
		// Grouped as a number is written, ten digits are a number to a
		// reader whether or not the codes are assigned.
		{"area code starting with 1", "123-456-7890", "[PHONE]"},
		{"exchange starting with 0", "415-055-2671", "[PHONE]"},
		{"exchange starting with 1, dots", "555.123.4567", "[PHONE]"},
		{"unassigned codes in parentheses", "(055) 123-4567", "[PHONE]"},
		{"short line", "415-555-267", "415-555-267"},
		{"eleven bare digits", "41555526710", "41555526710"},
		{"nine bare digits: an SSN", "415555267", "[SSN]"},
		{"E.164 too short", "+1234567", "+1234567"},
		{"E.164 too long", "+1234567890123456", "+1234567890123456"},
		{"E.164 zero country", "+0 20 7946 0958", "+0 20 7946 0958"},
		{"plus in arithmetic", "3+4=7", "3+4=7"},
	})
}

func TestIP(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"IPv4", "from 192.168.1.10 at", "from [IP] at"},
		{"IPv4 edges", "0.0.0.0 255.255.255.255", "[IP] [IP]"},
		{"IPv4 with port", "192.0.2.1:8080", "[IP]:8080"},
		{"IPv4 CIDR", "10.0.0.0/8", "[IP]/8"},
		{"IPv4 sentence end", "IP was 10.1.2.3.", "IP was [IP]."},
		{"IPv4 after label", "IP:10.1.2.3", "IP:[IP]"},
		{"IPv6 full", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "[IP]"},
		{"IPv6 compressed", "2001:db8::8a2e:370:7334", "[IP]"},
		{"IPv6 link-local", "fe80::1ff:fe23:4567:890a", "[IP]"},
		{"IPv6 loopback", "addr ::1 up", "addr [IP] up"},
		{"IPv6 trailing ::", "prefix 2001:db8:: here", "prefix [IP] here"},
		{"IPv6 upper case", "2001:DB8::1", "[IP]"},
		{"IPv4-mapped", "::ffff:192.0.2.1", "[IP]"},
		{"IPv6 with embedded IPv4", "64:ff9b::192.0.2.33", "[IP]"},
		{"IPv6 in brackets with port", "[2001:db8::1]:443", "[[IP]]:443"},
		{"IPv6 zone", "fe80::1%eth0", "[IP]%eth0"},
		{"IPv6 colon after", "at fe80::1: down", "at [IP]: down"},
		{"IPv6 sentence end", "from fe80::1. And 2001:db8::d33e.", "from [IP]. And [IP]."},

		{"version number", "firmware 1.2.3.4.5", "firmware 1.2.3.4.5"},
		{"version prefix", "v1.2.3.4", "v1.2.3.4"},
		{"octet too large", "256.1.1.1", "256.1.1.1"},
		{"four-digit part", "1.2.3.1000", "1.2.3.1000"},
		{"three parts", "1.2.3", "1.2.3"},
		{"joined by hyphen", "1.2.3.4-5", "1.2.3.4-5"},
		{"time", "12:30:45", "12:30:45"},
		{"seven IPv6 groups", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7"},
		{"two ::", "1::2::3", "[IP][IP]"},
		{"nine groups", "1:2:3:4:5:6:7:8:9", "[IP]:9"},
		{"five-digit group", "12345::1", "12345::1"},
		{"C++ scope", "std::vector", "std::vector"},
	})
}

func TestMAC(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"colons", "mac 00:1a:2b:3c:4d:5e ok", "mac [MAC] ok"},
		{"hyphens upper", "00-1A-2B-3C-4D-5E", "[MAC]"},
		{"Cisco dots", "001a.2b3c.4d5e", "[MAC]"},
		{"EUI-64", "00:1a:2b:ff:fe:3c:4d:5e", "[MAC]"},
		{"letters first", "ac:de:48:00:11:22.", "[MAC]."},
		{"in parentheses", "(00:1a:2b:3c:4d:5e)", "([MAC])"},

		{"five pairs", "00:1a:2b:3c:4d", "00:1a:2b:3c:4d"},
		{"mixed separators", "00:1a-2b:3c:4d:5e", "00:1a-2b:3c:4d:5e"},
		{"non-hex", "00:1a:2b:3c:4d:5g", "00:1a:2b:3c:4d:5g"},
		{"three-digit pair", "00:1a:2b:3c:4d:5ef", "00:1a:2b:3c:4d:5ef"},
	})
}

func TestURL(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"https", "see https://example.com/a/b?c=d&e=f#g now", "see [URL] now"},
		{"http upper", "HTTP://EXAMPLE.COM", "[URL]"},
		{"www", "www.example.org/path", "[URL]"},
		{"sentence end", "Go to https://example.com.", "Go to [URL]."},
		{"parenthesized", "(https://example.com/x)", "([URL])"},
		{"balanced parentheses kept", "https://en.example.org/wiki/A_(b)", "[URL]"},
		{"user info", "http://user:pw@example.com/", "[URL]"},
		{"IPv6 host", "http://[2001:db8::1]:8080/", "[URL]"},
		{"non-ASCII path", "https://example.com/müller?q=ü", "[URL]"},
		{"stops at CJK punctuation", "访问https://example.com/a。谢谢", "访问[URL]。谢谢"},
		{"stops at CJK letters", "访问https://example.com/a了解更多", "访问[URL]了解更多"},
		{"angle brackets", "<https://example.com>", "<[URL]>"},
		{"quoted", `"https://example.com"`, `"[URL]"`},

		{"scheme only", "http:// nothing", "http:// nothing"},
		{"www alone", "the www. prefix", "the www. prefix"},
		{"inside a word", "awww.example", "awww.example"},
		{"other scheme", "ftp://example.com", "ftp://example.com"},
	})
}

func TestSSN(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"hyphens", "SSN 123-45-6789.", "SSN [SSN]."},
		{"spaces", "123 45 6789", "[SSN]"},
		{"area 899", "899-12-3456", "[SSN]"},

		{"short serial", "123-45-678", "123-45-678"},
		{"area 000", "000-12-3456", "000-12-3456"},
		{"area 666", "666-12-3456", "666-12-3456"},
		{"area 9xx", "900-12-3456", "900-12-3456"},
		{"group 00", "123-00-4567", "123-00-4567"},
		{"serial 0000", "123-45-0000", "123-45-0000"},
		{"mixed separators", "123-45 6789", "123-45 6789"},
		{"longer run", "123-45-6789-1", "123-45-6789-1"},
		{"bare digits", "123456789", "[SSN]"},
		{"bare digits never issued", "900456789", "900456789"},
		{"bare digits in a longer number", "123456789.5 1.123456789 0123456789-1", "123456789.5 1.123456789 0123456789-1"},
	})
}

func TestCard(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"Visa unbroken", "card 4111111111111111 on file", "card [CARD] on file"},
		{"Visa spaced", "4111 1111 1111 1111", "[CARD]"},
		{"Visa hyphens", "4111-1111-1111-1111", "[CARD]"},
		{"Amex 4-6-5", "3782 822463 10005", "[CARD]"},
		{"Diners 4-6-4", "3056 930902 5904", "[CARD]"},
		{"13 digits", "4222222222222", "[CARD]"},
		{"19 digits grouped", "6011 0009 9013 9424 009", "[CARD]"},
		{"sentence end", "Paid with 5555555555554444.", "Paid with [CARD]."},

		{"Luhn fails", "4111111111111112", "4111111111111112"},
		{"Luhn fails spaced", "4111 1111 1111 1112", "4111 1111 1111 1112"},
		{"12 digits, Luhn valid", "411111111117", "411111111117"},
		{"20 digits, Luhn valid", "41111111111111111115", "41111111111111111115"},
		{"mixed separators", "4111 1111-1111 1111", "4111 1111-1111 1111"},
		{"odd grouping", "41 1111 1111 1111 11", "41 1111 1111 1111 11"},
	})
}

func TestDate(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"ISO", "on 2024-03-05 at", "on [DATE] at"},
		{"ISO slashes", "2024/3/5", "[DATE]"},
		{"ISO datetime", "2024-03-05T10:00:00Z", "[DATE]T10:00:00Z"},
		{"US", "03/05/2024", "[DATE]"},
		{"US short year", "DOB 3/5/64", "DOB [DATE]"},
		{"European dots", "05.03.2024", "[DATE]"},
		{"European day over 12", "31.12.1999", "[DATE]"},
		{"hyphens", "12-31-2024", "[DATE]"},
		{"day month year", "5 March 2024", "[DATE]"},
		{"ordinal", "5th Mar. 2024", "[DATE]"},
		{"comma", "05 March, 2024", "[DATE]"},
		{"hyphenated month", "05-Mar-2024", "[DATE]"},
		{"month day year", "March 5, 2024", "[DATE]"},
		{"month day year no comma", "mar 5 2024", "[DATE]"},
		{"abbreviated with dot", "Sept. 30th, 2023", "[DATE]"},
		{"May with dot", "May. 16, 2018", "[DATE]"},
		{"sentence", "Born on February 29, 1996.", "Born on [DATE]."},
		{"file name", "log_2024-03-05.txt", "log_[DATE].txt"},

		{"blood pressure", "BP 120/80 mmHg", "BP 120/80 mmHg"},
		{"ratio three parts", "120/80/60", "120/80/60"},
		{"month 13 both ways", "13/13/2024", "13/13/2024"},
		{"ISO month 13", "2024-13-01", "2024-13-01"},
		{"ISO day 32", "2024-01-32", "2024-01-32"},
		{"mixed separators", "2024-03/05", "2024-03/05"},
		{"short year with dots", "1.2.24", "1.2.24"},
		{"year only", "in 2024", "in 2024"},
		{"month and year", "March 2024", "[DATE]"},
		{"month word", "the march 5 times", "the march 5 times"},
		{"day 0", "0 March 2024", "0 [DATE]"},
		{"longer number", "2024-03-05-1", "2024-03-05-1"},
		{"month in a word", "Marching 5, 2024", "Marching 5, 2024"},
	})
}

func TestNearMisses(t *testing.T) {
	// Ordinary clinical and support text that contains no identifier.
	runScrubCases(t, []scrubCase{
		{"prices", "paid $1,234.56 or €12.99", "paid $1,234.56 or €12.99"},
		{"times", "woke at 06:30, slept 22:45:10", "woke at 06:30, slept 22:45:10"},
		{"measurements", "BP 120/80, weight 72.5 kg, HR 64", "BP 120/80, weight 72.5 kg, HR 64"},
		{"ordinary numbers", "steps 12345, 1234567, 2024, 42", "steps 12345, 1234567, 2024, 42"},
		{"version", "fw 1.2.3.4.5 / app 4.10.2", "fw 1.2.3.4.5 / app 4.10.2"},
		{"luhn-failing 16 digits", "ref 1234567812345678", "ref 1234567812345678"},
		{"short SSN", "code 123-45-678", "code 123-45-678"},
		{"ratio", "ratio 3:2 and 16:9", "ratio 3:2 and 16:9"},
		{"hex words", "deadbeef cafe face", "deadbeef cafe face"},
		{"non-ASCII text", "Gewicht 72,5 kg · 体重 · ñandú 😀", "Gewicht 72,5 kg · 体重 · ñandú 😀"},
		{"empty", "", ""},
	})
}

// TestEdgePositions puts one identifier of each kind at the start and end
// of the text and between punctuation and non-ASCII neighbours.
func TestEdgePositions(t *testing.T) {
	ids := []struct {
		k  Kind
		id string
	}{
		{Email, "jane@example.com"},
		{Phone, "(415) 555-2671"},
		{Phone, "+44 20 7946 0958"},
		{IP, "192.0.2.1"},
		{IP, "fe80::1"},
		{MAC, "00:1a:2b:3c:4d:5e"},
		{URL, "https://example.com/a"},
		{SSN, "123-45-6789"},
		{Card, "4111 1111 1111 1111"},
		{Date, "March 5, 2024"},
		{Date, "05.03.2024"},
	}
	contexts := [][2]string{
		{"", ""}, {"x ", ""}, {"", " x"}, {"(", ")"}, {"[", "]"}, {`"`, `".`},
		{"«", "»"}, {"é ", " ü"}, {"—", "—"}, {"中", "文"}, {"\n", "\n"},
		{"\t", ","}, {"'", "'"}, {"*", "*"}, {"x: ", "; y"}, {"\u00a0", "\u00a0"},
		{"😀", "😀"}, {"<", ">"}, {"", "!"}, {"", "?"},
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		for _, c := range contexts {
			in := c[0] + id.id + c[1]
			want := c[0] + id.k.Tag() + c[1]
			if got := s.Scrub(in); got != want {
				t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
			}
		}
	}
}
