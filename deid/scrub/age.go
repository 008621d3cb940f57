package scrub

// Safe Harbor's category of dates (C) also covers every age over 89: in
// free text, "a 95-year-old", "97 years old" or "aged 93" names a person
// as surely as a date of birth does, since so few people are that old. An
// age from 90 to 150 written with a word that makes it one is matched as a
// Date. Younger ages, and numbers no such word announces, are left alone.

// ageSuffixes follow an age, after the number: the match takes them too.
var ageSuffixes = [...]string{
	"-year-old", "-years-old", " year-old", " years-old", " year old", " years old", "-yr-old", " yr old",
	" years of age", " years", " year", " yrs", " yr", " y/o", " y.o.", " yo", "yo", "-yo", " y",
}

// agePrefixes announce an age before the number (in lower case; the
// byte before them must not be a letter: "page 95" is no age).
var agePrefixes = [...]string{"aged ", "age ", "age: ", "age:", "age of ", "ages "}

// matchAge returns the end of an age over 89 whose digits start at t[i],
// with the suffix that makes it an age, or -1.
func matchAge(t []byte, i int, lastEnd int) int {
	r := digitRun(t, i)
	if r < 2 || r > 3 {
		return -1
	}
	if n := atoi(t, i, r); n < 90 || n > 150 {
		return -1
	}
	e := i + r
	for _, s := range ageSuffixes {
		if e+len(s) <= len(t) && equalFold(t[e:e+len(s)], s) && rightOK(t, e+len(s)) {
			return e + len(s)
		}
	}
	if !rightOK(t, e) || e < len(t) && (t[e] == '.' || t[e] == ',') && e+1 < len(t) && isDigit(t[e+1]) {
		return -1 // "age 95.5 kg" is no age of 95
	}
	for _, p := range agePrefixes {
		s := i - len(p)
		if s >= lastEnd && equalFold(t[s:i], p) && (s == 0 || !isLetter(t[s-1])) {
			return e
		}
	}
	return -1
}
