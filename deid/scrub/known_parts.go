package scrub

// phoneTail reports whether the digits short, read from a text or known,
// stand for the phone number long (short no longer than long): its last
// seven digits or more. A number is often written without its country
// and area codes, "555-2671" for "+1 415 555 2671"; seven digits are
// what a local number has, and the record's own number is the only one
// compared, so another number that ends alike is rare.
func phoneTail(short, long []byte) bool {
	return len(short) >= 7 && string(long[len(long)-len(short):]) == string(short)
}

// streetName returns the part of an address without its house number
// ("Elm Street Apt 4B" of "9 Elm Street Apt 4B", "Rue de Rivoli" of "12
// Rue de Rivoli"), or nil if the part does not start with one: a house
// number of digits and perhaps a letter, then a space. The street name
// alone locates a person nearly as well as the address.
func streetName(part []byte) []byte {
	q := 0
	for q < len(part) && (part[q] == ' ' || part[q] == '\t') {
		q++
	}
	r := digitRun(part, q)
	if r == 0 {
		return nil
	}
	q += r
	if q < len(part) && isLetter(part[q]) && (q+1 == len(part) || part[q+1] == ' ') {
		q++ // 12B
	}
	if q >= len(part) || part[q] != ' ' {
		return nil
	}
	return part[q+1:]
}
