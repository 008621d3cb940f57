package scrub

import "testing"

// The examples of the issue that asked for names, addresses, SSNs without
// dashes and internationalized e-mail addresses: all passed through before.
func TestIssueExamples(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"name and address", "John Smith lives at 12 Main St", "[NAME] lives at [ADDRESS]"},
		{"SSN without dashes", "SSN 123456789 on file", "SSN [SSN] on file"},
		{"IDN domain", "write to jane@exämple.de", "write to [EMAIL]"},
		{"IDN local part and domain", "用户@例子.中国 and иван@пример.рф", "[EMAIL] and [EMAIL]"},
	})
}

func TestName(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"title", "seen by Dr. Jane Smith today", "seen by Dr. [NAME] today"},
		{"title without dot", "Mr John Smith", "Mr [NAME]"},
		{"title no space", "Dr.Smith", "Dr.[NAME]"},
		{"title in capitals", "MRS. ANA GARCÍA", "MRS. [NAME]"},
		{"title and initial", "Prof. J. R. Tolkien", "Prof. [NAME]"},
		{"middle initial", "Dr. John F. Kennedy", "Dr. [NAME]"},
		{"apostrophe and hyphen", "Mr O'Brien and Ms Smith-Jones", "Mr [NAME] and Ms [NAME]"},
		{"curly apostrophe", "Dr. D’Angelo", "Dr. [NAME]"},
		{"possessive", "Dr. Smith's office", "Dr. [NAME]'s office"},
		{"particles", "Dr. Ludwig van Beethoven and Mrs. Maria de la Cruz", "Dr. [NAME] and Mrs. [NAME]"},
		{"capitalized particle at the end", "Mr. John Van", "Mr. [NAME]"},
		{"non-ASCII", "Frau Müller, Herr Øster and Dr. Łukasz Kowalczyk", "Frau [NAME], Herr [NAME] and Dr. [NAME]"},
		{"sentence end", "Ask Dr. Smith.", "Ask Dr. [NAME]."},
		{"my name is", "Hi, my name is Élodie Dupont.", "Hi, my name is [NAME]."},
		{"name:", "Name: John Smith", "Name: [NAME]"},
		{"patient", "Patient John Smith reports pain", "Patient [NAME] reports pain"},
		{"patient:", "patient: Jane Doe", "patient: [NAME]"},
		{"call", "please call Maria about it", "please call [NAME] about it"},
		{"spoke with", "Spoke with Ngozi Okafor on the phone", "Spoke with [NAME] on the phone"},
		{"thanks", "Thanks, Bob", "Thanks, [NAME]"},
		{"regards and line break", "Regards,\nAna Lima", "Regards,\n[NAME]"},
		{"dear title", "Dear Dr. Müller,", "Dear Dr. [NAME],"},
		{"family", "her daughter Anna called", "her daughter [NAME] called"},
		{"cue in capitals", "CALL JOHN SMITH", "CALL JOHN SMITH"},
		{"cue in capitals, capitalized name", "CALL John Smith", "CALL [NAME]"},
		{"before a verb", "John Smith lives nearby", "[NAME] lives nearby"},
		{"before a verb, three words", "Mary Ann Lee reported dizziness", "[NAME] reported dizziness"},
		{"before a verb, initial", "John F. Smith said so", "[NAME] said so"},
		{"date after the name", "Dr. Smith March 5, 2024", "Dr. [NAME] [DATE]"},
		{"address after the name", "Jane Doe PO Box 12", "Jane Doe [ADDRESS]"},
		{"email after the name", "contact Jane Doe jane@example.com", "contact [NAME] [EMAIL]"},
		{"glued e-mail", "call Jane.Doe@example.com", "call [EMAIL]"},

		// Not names.
		{"lower case after cue", "call back later", "call back later"},
		{"stop word", "call Support on Monday", "call Support on Monday"},
		{"pronoun", "Call Me when ready", "Call Me when ready"},
		{"weekday", "call Monday", "call Monday"},
		{"month", "call March 5, 2024", "call [DATE]"},
		{"portal", "Patient Portal is down", "Patient Portal is down"},
		{"customer service", "contact Customer Service", "contact Customer Service"},
		{"title in lower case", "the dr said", "the dr said"},
		{"milliseconds", "took 300 ms Then", "took 300 ms Then"},
		{"cue inside a word", "recall John", "recall John"},
		{"two capitalized words, no verb", "Blood Pressure high", "Blood Pressure high"},
		{"health words before a verb", "Heart Rate reported as 64", "Heart Rate reported as 64"},
		{"one capitalized word before a verb", "Jane said hi", "Jane said hi"},
		{"title before a number", "Dr. 12", "Dr. 12"},
		{"title before a URL", "Dr. https://example.com", "Dr. [URL]"},
		{"version", "name v2.10.3", "name v2.10.3"},
		{"field labels", "Patient ID: 12345, Patient DOB unknown", "Patient ID: [NUMBER], Patient DOB unknown"},
		{"e-mail after cue", "contact jane@example.com", "contact [EMAIL]"},
	})
}

func TestAddress(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"street", "lives at 12 Main St today", "lives at [ADDRESS] today"},
		{"full type", "1600 Pennsylvania Avenue", "[ADDRESS]"},
		{"abbreviation dot at the end", "moved to 12 Oak Rd.", "moved to [ADDRESS]."},
		{"direction and ordinal", "350 W 34th Street", "[ADDRESS]"},
		{"ordinal name", "1200 5th Ave", "[ADDRESS]"},
		{"long name", "45 Martin Luther King Jr Blvd", "[ADDRESS]"},
		{"post direction", "100 Lakeshore Dr NW", "[ADDRESS]"},
		{"house number letter", "12B Baker Street", "[ADDRESS]"},
		{"unit", "12 Main St, Apt 4B", "[ADDRESS]"},
		{"suite", "500 Oak Blvd Suite 200", "[ADDRESS]"},
		{"number sign", "12 Elm St #3", "[ADDRESS]"},
		{"city state ZIP", "12 Main St, Springfield, IL 62701", "[ADDRESS]"},
		{"city state ZIP+4", "12 Main St, Riverton, WY 82501-1234.", "[ADDRESS]."},
		{"city state no commas", "12 Main St Lake City FL", "[ADDRESS]"},
		{"state ZIP", "12 Main St, NY 10001", "[ADDRESS]"},
		{"city at the end of a clause", "12 Main St, Springfield.", "[ADDRESS]."},
		{"lower case", "lives at 12 main st apt 4", "lives at [ADDRESS]"},
		{"capitals", "12 MAIN ST, SPRINGFIELD, IL", "[ADDRESS]"},
		{"PO box", "PO Box 1234, Riverton, WY 82501", "[ADDRESS]"},
		{"P.O. box", "send to P.O. Box 77", "send to [ADDRESS]"},
		{"Dr before a name", "12 Oak Dr. Smith called", "[ADDRESS] Dr. [NAME] called"},
		{"Dr at the end", "12 Oak Dr", "[ADDRESS]"},

		// Not addresses.
		{"blocks down the street", "3 blocks down the street", "3 blocks down the street"},
		{"way", "take the 2 Way valve", "take the 2 Way valve"},
		{"lower-case full type", "12 jurors at court", "12 jurors at court"},
		{"measurement", "BP 120/80, 72.5 kg, HR 64 bpm", "BP 120/80, 72.5 kg, HR 64 bpm"},
		{"time", "at 08:15 Main St", "at 08:15 Main St"},
		{"no name", "12 St", "12 St"},
		{"house number 0", "0 Main St", "0 Main St"},
		{"seven digits", "1234567 Main St", "1234567 Main St"},
		{"mixed case name", "12 main Street", "12 main Street"},
		{"glued type", "12 Main St.Louis", "12 Main St.Louis"},
		{"five words", "12 A B C D E St", "12 A B C D E St"},
		{"city is a stop word", "12 Main St, Support will call", "[ADDRESS], Support will call"},
	})
}

func TestSSNCued(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"SSN", "SSN 123456789", "SSN [SSN]"},
		{"SSN colon", "SSN: 123456789.", "SSN: [SSN]."},
		{"SSN#", "SSN#123456789", "SSN#[SSN]"},
		{"SS#", "SS# 123456789", "SS# [SSN]"},
		{"lower case", "ssn no. 123456789", "ssn no. [SSN]"},
		{"social security number", "Social Security Number is 123456789", "Social Security Number is [SSN]"},
		{"dots after a cue", "SSN 123.45.6789", "SSN [SSN]"},
		{"on file", "SSN on file: 123456789", "SSN on file: [SSN]"},

		{"no cue: nine digits alone are taken", "order 123456789 shipped", "order [SSN] shipped"},
		{"no cue, with dots", "order 123.45.6789 shipped", "order 123.45.6789 shipped"},
		{"ZIP+4 without hyphen", "ZIP 627011234", "ZIP [SSN]"},
		{"cue too far", "SSN was requested, ref 123.45.6789", "SSN was requested, ref 123.45.6789"},
		{"invalid area", "SSN 000123456", "SSN 000123456"},
		{"area 9xx", "SSN 912345678", "SSN 912345678"},
		{"ten digits", "SSN 1234567890", "SSN 1234567890"},
		{"dots without a cue", "123.45.6789", "123.45.6789"},
		{"SS alone", "SS 123.45.6789", "SS 123.45.6789"},
		{"social alone", "social 123.45.6789", "social 123.45.6789"},
	})
}

func TestEmailIDN(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"Latin domain", "jane@bücher.example", "[EMAIL]"},
		{"Cyrillic", "иван@пример.рф", "[EMAIL]"},
		{"Greek", "χρήστης@παράδειγμα.ελ", "[EMAIL]"},
		{"Han", "写信给 用户@例子.中国 吧", "写信给 [EMAIL] 吧"},
		{"kana with a prolonged sound mark", "ユーザー@例え.jp", "[EMAIL]"},
		{"Han local part takes Han before it", "请联系张伟@例子.中国", "[EMAIL]"},
		{"ASCII local part after Han", "邮箱jane@例子.中国", "邮箱[EMAIL]"},
		{"Han after an ASCII domain", "jane@example.com联系", "[EMAIL]联系"},
		{"scripts meet in a label", "a@пример.рфabc", "[EMAIL]abc"},
		{"sentence end", "Write to josé@exämple.de.", "Write to [EMAIL]."},

		{"one label", "jane@例子", "jane@例子"},
		{"one-letter TLD", "jane@exämple.ü", "jane@exämple.ü"},
	})
}

// TestWordBoundaries checks that letters of scripts written with spaces
// join words as ASCII letters do, and those of scripts written without
// spaces do not.
func TestWordBoundaries(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"accented letter before", "é4155552671", "é4155552671"},
		{"Cyrillic after", "4155552671ж", "4155552671ж"},
		{"Han before", "电话4155552671", "电话[PHONE]"},
		{"accented word then space", "é 4155552671", "é [PHONE]"},
	})
}
