package scrub

import "testing"

// A record's own date is found by its value however the text writes it,
// and its year and month alone; a year alone, other dates and numbers
// that share its digits are not.
func TestKnownDateAnySpelling(t *testing.T) {
	var k Known
	k.Add(Date, []byte("1954-03-02"))
	for _, text := range []string{
		"1954-03-02", "02Mar1954", "2MAR54", "Mar-02-1954", "1954 03 02", "1954_03_02", "03021954",
		"02031954", "19540302", "02.03.54", "1954-03", "03/1954", "Mar 1954", "born 2 March 1954.",
		"March 2, 1954", "1954 Mar 2", "3/2/54", "2/3/1954", "dob:1954/3/2",
	} {
		if kind, ok := k.Find([]byte(text)); !ok || kind != Date {
			t.Errorf("Find(%q) = %v, %v; want the record's date", text, kind, ok)
		}
	}
	for _, text := range []string{
		"1954", "1954-04", "03/1955", "1954-03-15", "2025-03-02", "Mar 2", "02.03", "v1954.3",
		"19540303", "119540302", "1954-03-021", "Body Cardio v2", "12 Mar 1954", "Marathon 1954",
		"1954\n03\n02",
	} {
		if kind, ok := k.Find([]byte(text)); ok {
			t.Errorf("Find(%q) = %v; want nothing", text, kind)
		}
	}
	// A year alone, as a year-of-birth field holds, is not added: the
	// policy may release it.
	var y Known
	y.Add(Date, []byte("1954"))
	if y.Len() != 0 {
		t.Errorf("a year alone added %d values", y.Len())
	}
}
