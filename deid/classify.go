package deid

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/deidkit/deidkit/internal/idnorm"
)

// The profiles' field-name classifier: it reads a field name as words and
// gives it a kind (what a profile does with it) and a category (what the
// report says it is), as the SafeHarbor doc describes.

// A fieldKind is what a profile needs to know of a field to choose its
// action; the Category is what it reports.
type fieldKind uint8

const (
	kindUnrecognized fieldKind = iota
	kindIdentifier             // an identifier both profiles drop
	kindPersonID               // a person's ID: dropped or pseudonymized
	kindZIP                    // zip3
	kindBirthDate              // a date or year of birth
	kindDeathDate              // a date of death
	kindEventDate              // any other date or timestamp
	kindDateElement            // a month, day or weekday of a date: dropped
	kindAge                    // an age in years
	kindFreeText               // notes and the like
	kindHealth                 // a health measurement: kept
	kindQuasi                  // a quasi-identifier Safe Harbor allows: kept
)

// isDirect reports whether a field of this kind identifies a person by
// itself (or, for free text, may), so that no profile may keep it.
func (k fieldKind) isDirect() bool {
	switch k {
	case kindIdentifier, kindPersonID, kindZIP, kindFreeText:
		return true
	}
	return false
}

type fieldClass struct {
	kind   fieldKind
	cat    Category
	reason string
}

// classifyField reads a field name as described in [SafeHarbor].
//
// A key of a path that says nothing by itself, or says free text, is read
// by the object it is in when that object is an identifier: "name.first",
// "name[].given[]" and "name.text" are names, "address.line1" an
// address. A key that says something of its own keeps its reading
// ("address.zip" is a ZIP code; "heart_rate.source" stays unrecognized).
func classifyField(field string) fieldClass {
	c := classifyName(field)
	if c.kind != kindUnrecognized && c.kind != kindFreeText {
		return c
	}
	for enc := field; ; {
		i := strings.LastIndexByte(enc, '.')
		if i < 0 {
			return c
		}
		enc = enc[:i]
		if e := classifyName(enc); e.kind != kindUnrecognized {
			if e.kind != kindIdentifier {
				return c
			}
			e.reason = fmt.Sprintf("inside %q: %s", enc, e.reason)
			return e
		}
	}
}

// classifyName reads the words of a field name, without its enclosing
// objects.
func classifyName(field string) fieldClass {
	w := nameWords(field)
	if len(w) == 0 {
		return fieldClass{kind: kindUnrecognized, cat: CategoryUnrecognized}
	}
	for _, word := range w {
		if mixesScripts(word) {
			return fieldClass{kind: kindIdentifier, cat: CategoryOther,
				reason: "its name mixes Latin letters with look-alike letters of another script"}
		}
	}
	for _, r := range overrideRules {
		if why, ok := r.match(w); ok {
			return fieldClass{kind: r.kind, cat: r.cat, reason: why}
		}
	}
	// The identifier rules come first: a kept word beside an identifier
	// word ("heart_rate_device", "weight_note") does not make it health
	// data.
	for _, r := range identifierRules {
		if why, ok := r.match(w); ok {
			return fieldClass{kind: r.kind, cat: r.cat, reason: why}
		}
	}
	if c, ok := keepClass(w); ok {
		return c
	}
	return fieldClass{kind: kindUnrecognized, cat: CategoryUnrecognized}
}

// nameWords splits a field name into lower-case words. Of a path it keeps
// the last key, and the one before when the last is only ID words or
// qualifiers ("user.id" reads as "user id", "heart_rate[].value" as
// "heart rate value"). The "[]" of array elements is not a word:
// "contacts[].email" reads as "email", "emails[]" as "emails".
func nameWords(field string) []string {
	segs := strings.Split(strings.ReplaceAll(field, "[]", ""), ".")
	for len(segs) > 0 && strings.TrimSpace(segs[len(segs)-1]) == "" {
		segs = segs[:len(segs)-1]
	}
	// Keys of one letter each are a name spelled with dots ("s.s.n",
	// "d.o.b"), not a path: they read as one word.
	oneLetter := func(seg string) bool {
		w := splitWords(seg)
		return len(w) == 1 && len(w[0]) == 1 && 'a' <= w[0][0] && w[0][0] <= 'z'
	}
	first := len(segs)
	for first > 0 && oneLetter(segs[first-1]) {
		first--
	}
	if len(segs)-first >= 2 {
		segs = append(segs[:first], strings.Join(segs[first:], "_"))
	}
	if len(segs) == 0 {
		return nil
	}
	w := splitWords(segs[len(segs)-1])
	if len(segs) > 1 && len(w) > 0 && allIn(w, contextWords) {
		w = append(splitWords(segs[len(segs)-2]), w...)
	}
	return w
}

// contextWords are the words that say what a value is without saying of
// what: the ID words and the qualifiers of the keep vocabulary.
var contextWords = func() map[string]bool {
	m := maps.Clone(idWords)
	for w, c := range keepVocabulary {
		if c == vocabQualifier {
			m[w] = true
		}
	}
	return m
}()

// splitWords splits s at every character that is not a letter or digit and
// at camelCase boundaries: "mobileNumber" → mobile number, "IPAddress" → ip
// address, "SpO2" → sp o2, "patient_MRN" → patient mrn.
func splitWords(s string) []string {
	var words []string
	rs := idnorm.FoldRunes(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		if !isAlnum(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case isUpper(r) && (isLower(prev) || isDigit(prev)):
			// fooBar, spo2Max
			flush(i)
			start = i
		case isUpper(r) && isUpper(prev) && i+1 < len(rs) && isLower(rs[i+1]):
			// IPAddress: the last capital starts the next word
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return cjkWords(joinLetters(words))
}

// joinLetters joins runs of two or more words of one Latin letter each:
// a name spelled one letter at a time ("S-S-N", "n_a_m_e") reads as the
// word its letters make. A single letter beside a word ("vitamin_d")
// stays a letter.
func joinLetters(words []string) []string {
	letter := func(w string) bool { return len(w) == 1 && 'a' <= w[0] && w[0] <= 'z' }
	out := words[:0]
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && letter(words[j]) {
			j++
		}
		if j-i >= 2 {
			out = append(out, strings.Join(words[i:j], ""))
			i = j
			continue
		}
		out = append(out, words[i])
		i++
	}
	return out
}

// mixesScripts reports whether a word, once folded, has both Latin letters
// and letters of another script: "pho\u0585ne" with an Armenian օ. Such a
// name was spelled to look like another, and the rules cannot tell which:
// it is read as an identifier, never passed over as unrecognized.
func mixesScripts(w string) bool {
	latin, other := false, false
	for _, r := range w {
		switch {
		case r < 0x80:
			latin = latin || unicode.IsLetter(r)
		case unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r):
			other = true
		}
	}
	return latin && other
}

// Non-ASCII letters are word characters too; no rule word has them, so a
// name made of them is unrecognized and dropped.
func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
func isLower(r rune) bool { return unicode.IsLower(r) }
func isUpper(r rune) bool { return unicode.IsUpper(r) }
func isDigit(r rune) bool { return unicode.IsDigit(r) }

// trimDigits removes trailing digits ("address2" → "address"), keeping a
// word that is only digits.
func trimDigits(w string) string {
	t := strings.TrimRight(w, "0123456789")
	if t == "" {
		return w
	}
	return t
}

func allIn(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if !set[w] && !set[trimDigits(w)] {
			return false
		}
	}
	return true
}

// A nameRule recognizes one kind of field by the words of its name.
type nameRule struct {
	kind fieldKind
	cat  Category
	pats []pattern
}

// A pattern is a sequence of words and where in the name it must occur.
type pattern struct {
	words []string
	at    position
}

type position uint8

const (
	anywhere position = iota // any run of the name's words
	atEnd                    // the name's last words
	whole                    // the whole name
)

func (p pattern) String() string {
	s := strings.Join(p.words, " ")
	switch p.at {
	case atEnd:
		return fmt.Sprintf("last word %q", s)
	case whole:
		return fmt.Sprintf("name %q", s)
	}
	return fmt.Sprintf("word %q", s)
}

// rule builds a nameRule from a compact spec: alternatives separated by
// commas, each a space-separated word sequence, "=" in front for the whole
// name, "$" behind for the name's last words. Example: "=dob, birth date,
// date$".
func rule(kind fieldKind, cat Category, spec string) nameRule {
	r := nameRule{kind: kind, cat: cat}
	for _, alt := range strings.Split(spec, ",") {
		alt = strings.TrimSpace(alt)
		var p pattern
		switch {
		case strings.HasPrefix(alt, "="):
			p.at, alt = whole, alt[1:]
		case strings.HasSuffix(alt, "$"):
			p.at, alt = atEnd, alt[:len(alt)-1]
		}
		p.words = cjkWords(strings.Fields(alt))
		if len(p.words) == 0 {
			panic("deid: empty pattern in name rule " + spec) // a bug in the tables below
		}
		r.pats = append(r.pats, p)
	}
	return r
}

func (r *nameRule) match(w []string) (string, bool) {
	for _, p := range r.pats {
		if p.matches(w) {
			return p.String(), true
		}
	}
	return "", false
}

func (p pattern) matches(w []string) bool {
	switch p.at {
	case whole:
		end, ok := matchAt(w, 0, p.words)
		return ok && end == len(w)
	case atEnd:
		for i := range w {
			if end, ok := matchAt(w, i, p.words); ok && end == len(w) {
				return true
			}
		}
		return false
	}
	for i := range w {
		if _, ok := matchAt(w, i, p.words); ok {
			return true
		}
	}
	return false
}

// matchAt matches the pattern words p against the name words from w[i],
// where one name word may stand for several pattern words run together
// ("zipcode" for "zip code"). It returns the index after the match.
func matchAt(w []string, i int, p []string) (int, bool) {
	j := 0
	for j < len(p) {
		if i >= len(w) {
			return 0, false
		}
		word := w[i]
		concat := ""
		matched := false
		for j < len(p) {
			concat += p[j]
			j++
			if word == concat || trimDigits(word) == concat {
				matched = true
				break
			}
			if len(concat) >= len(word) {
				break
			}
		}
		if !matched {
			return 0, false
		}
		i++
	}
	return i, true
}

// keepClass reports whether every word of the name is health or
// quasi-identifier vocabulary, with at least one that is not a mere
// qualifier. A word may be several vocabulary words run together
// ("heartrate", "weightkg").
func keepClass(w []string) (fieldClass, bool) {
	core, health := false, false
	for _, word := range w {
		parts, ok := splitVocabulary(word)
		if !ok {
			return fieldClass{}, false
		}
		for _, p := range parts {
			switch keepVocabulary[p] {
			case vocabHealth:
				core, health = true, true
			case vocabQuasi:
				core = true
			}
		}
	}
	if !core {
		return fieldClass{}, false
	}
	reason := fmt.Sprintf("all words kept vocabulary: %s", strings.Join(w, " "))
	if health {
		return fieldClass{kind: kindHealth, cat: CategoryHealth, reason: reason}, true
	}
	return fieldClass{kind: kindQuasi, cat: CategoryQuasi, reason: reason}, true
}

// splitVocabulary splits word into keep-vocabulary words, preferring the
// fewest pieces; pieces have at least two letters, so that single-letter
// units do not turn unrelated words into vocabulary.
func splitVocabulary(word string) ([]string, bool) {
	if _, ok := keepVocabulary[word]; ok {
		return []string{word}, true
	}
	if t := trimDigits(word); t != word {
		if _, ok := keepVocabulary[t]; ok {
			return []string{t}, true
		}
	}
	n := len(word)
	// best[i]: fewest pieces covering word[:i]; from[i]: where the last starts
	best := make([]int, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
		for j := max(0, i-maxVocabularyWord); j <= i-2; j++ {
			if best[j] < 0 {
				continue
			}
			if _, ok := keepVocabulary[word[j:i]]; ok && (best[i] < 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[n] < 0 {
		return nil, false
	}
	var parts []string
	for i := n; i > 0; i = from[i] {
		parts = append(parts, word[from[i]:i])
	}
	slices.Reverse(parts)
	return parts, true
}

const maxVocabularyWord = 16

type vocabClass uint8

const (
	vocabQualifier vocabClass = iota // a unit or qualifier: not enough alone
	vocabHealth
	vocabQuasi
)

// keepVocabulary are the words a kept field's name may be made of: a name
// that no identifier rule matches is kept only if all its words are here.
var keepVocabulary = func() map[string]vocabClass {
	m := map[string]vocabClass{}
	add := func(c vocabClass, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = c
		}
	}
	add(vocabHealth, `weight bmi fat muscle bone water hydration visceral lean height waist
		heart hr hrv rmssd sdnn pulse systolic diastolic sys dia pressure bp
		sleep rem awake snoring snore apnea ahi
		steps step distance calories kcal floors active activity intensity exercise workout cadence
		spo2 o2 oxygen saturation temperature temp
		ecg ekg afib qt qtc qrs respiratory respiration breathing breath
		glucose cholesterol hba1c insulin vo2max vo2 pwv`)
	add(vocabQuasi, `sex gender state province country model manufacturer brand`)
	add(vocabQualifier, `avg average mean median min max minimum maximum total daily hourly
		resting peak count ratio rate level index score percent pct percentage value
		kg lb lbs bpm mmhg ms msec sec secs seconds mins minutes hours hrs celsius fahrenheit cm mm km
		per lead i ii iii avr avl avf v samples sample signal waveform classification type unit units
		quality duration body skin core deep light free mass blood wave velocity code iso us
		c f g sp`)
	return m
}()

// idWords are the words that say "identifier" without saying whose.
var idWords = map[string]bool{"id": true, "ids": true, "uuid": true, "guid": true, "identifier": true, "key": true, "number": true, "no": true, "num": true, "nr": true}

// overrideRules come before everything: names whose words would mislead
// the rules below ("birth" reads as a date of birth, "device" as a device
// identifier).
var overrideRules = []nameRule{
	rule(kindHealth, CategoryHealth, "=birth weight, =birth weight kg, =birth weight g, =birth weight lb, =birth length, =birth length cm"),
	rule(kindQuasi, CategoryQuasi, "=birth sex, =sex at birth, =sex assigned at birth, =gender at birth, "+
		"=birth country, =country of birth, =birth state, =state of birth, "+
		"=device model, =device brand, =device manufacturer, =device type, =device kind"),
}

// identifierRules are tried in order, after the override rules and before
// the keep test (an identifier word beside kept words makes an
// identifier); the first match wins. The order puts specific readings before general ones: a photo URL
// is a photograph, a MAC address a device identifier, a postal address an
// address and not a ZIP code, a time zone a place and not a date.
var identifierRules = func() []nameRule {
	rs := []nameRule{
		rule(kindIdentifier, CategoryPhoto, "photo, photos, photograph, picture, pic, avatar, image, img, selfie, portrait, headshot, face, mugshot"),
		rule(kindIdentifier, CategoryBiometric, "biometric, biometrics, fingerprint, finger print, voiceprint, voice print, voice, retina, retinal, iris, faceprint, palmprint, palm print"),
		rule(kindIdentifier, CategoryEmail, "email, emails, e mail, mail, email address, courriel, correo, epost, e post, "+
			"邮箱, 郵箱, 邮件, 郵件, 电邮, 電郵, メール, 이메일, 메일"),
		rule(kindIdentifier, CategoryFax, "fax, facsimile, fax number"),
		rule(kindIdentifier, CategoryPhone, "phone, phones, telephone, tel, mobile, cell, cellphone, msisdn, sms, whatsapp, phone number, mobile number, contact number, "+
			"telefon, telefono, teléfono, telefone, téléphone, handy, handynummer, portable, movil, móvil, celular, natel, gsm, "+
			"电话, 電話, 手机, 手機, 携帯, 전화, 휴대폰, 핸드폰"),
		rule(kindIdentifier, CategorySSN, "ssn, social security, social security number, tax id, taxpayer, tin, itin, national id, national insurance, nino, "+
			"身份证, 身分證, 身分证, マイナンバー, 주민등록번호, 주민번호"),
		rule(kindIdentifier, CategoryMedicalRecord, "mrn, medical record, medical record number, chart, ehr, emr, patient number, hospital number, nhs number"),
		rule(kindIdentifier, CategoryHealthPlan, "health plan, beneficiary, insurance, insurer, insured, policy number, policy id, subscriber, medicaid, medicare, hicn, mbi, payer"),
		rule(kindIdentifier, CategoryAccount, "account, accounts, acct, iban, swift, routing, bank, card, card number, credit card, debit card, cc number, billing"),
		rule(kindIdentifier, CategoryVehicle, "vin, license plate, licence plate, number plate, plate, vehicle, car"),
		rule(kindIdentifier, CategoryLicense, "license, licence, certificate, cert, certification, passport, dea, npi, permit"),
		rule(kindIdentifier, CategoryIP, "ip, ipv4, ipv6, ip address, ipaddr, ip addr, remote addr, remote address, client ip, forwarded, xff"),
		rule(kindIdentifier, CategoryNames, "name, names, first name, last name, full name, fname, lname, mname, surname, forename, initials, initial, "+
			"nickname, username, user name, alias, guardian, spouse, kin, next of kin, contact, mother, father, parent, caregiver, employer, "+
			// The parts of a name alone, or abbreviated, as a whole name:
			// "first" and "last" mean other things inside longer names.
			"=first, =last, =given, =family, =middle, =first nm, =last nm, =given nm, =family nm, =middle nm, "+
			"given names, forenames, maiden, "+
			// Other languages' words for names and their parts, with and
			// without their accents.
			"nom, prenom, prénom, prenoms, prénoms, nombre, nombres, apellido, apellidos, nome, sobrenome, cognome, "+
			"vorname, vornamen, nachname, familienname, geburtsname, naam, voornaam, achternaam, tussenvoegsel, "+
			"fornavn, etternavn, efternavn, efternamn, fornamn, förnamn, navn, namn, imie, imię, nazwisko, "+
			// Words in other scripts: the Russian one without a Latin
			// look-alike letter (others, such as фамилия, fold to a mix of
			// scripts and are identifiers by that: see mixesScripts), and
			// Chinese, Japanese and Korean ones (see isCJK).
			"имя, 姓名, 名字, 姓氏, 名前, 氏名, 이름, 성명, 성함"),
		rule(kindIdentifier, CategoryDevice, "mac, mac address, macaddr, imei, imsi, meid, esn, iccid, udid, idfa, idfv, gaid, adid, "+
			"android id, advertising id, hardware id, hwid, serial, serial number, serialno, sn, bluetooth, ble, bssid, ssid, device"),
		rule(kindIdentifier, CategoryURL, "url, urls, uri, website, web site, web, homepage, home page, link, href, hostname, host"),
		rule(kindIdentifier, CategoryGeographic, "zip4, zip plus4, plus4, postal address, mailing address, timezone, time zone, tz, tzid"),
		rule(kindZIP, CategoryGeographic, "zip, zip code, zipcode, postcode, post code, postal, postal code, zcta"),
		rule(kindIdentifier, CategoryGeographic, "lat, latitude, lon, lng, long, longitude, gps, geo, geolocation, geo location, location, "+
			"coordinates, coordinate, coords, coord, geohash, altitude, position, address, addr, street, street address, address line, "+
			"city, town, village, county, parish, precinct, district, ward, neighborhood, neighbourhood, borough, municipality, suburb, "+
			"locality, apartment, apt, suite, building, house, residence, home, birthplace, birth place, place of birth, place, "+
			"census tract, tract, block group, fips, "+
			// Other languages' words for an address and its parts.
			"adresse, adres, direccion, dirección, indirizzo, endereco, endereço, strasse, straße, rue, calle, "+
			"地址, 住址, 住所, 주소, "+
			"ville, ciudad, stadt, citta, città, cidade, wohnort, localite, localité, commune, comune, gemeinde, "+
			// Postal codes of other countries: the ZIP3 action and its list
			// of small areas are the US's, so these are dropped whole.
			"plz, postleitzahl, postnummer, "+
			// Places of birth in other languages, before the birth-date
			// words that would read "lieu_naissance" as a date.
			"lieu, lugar, luogo, ort, geburtsort, geboorteplaats, fodested, fødested, fodelseort, födelseort"),
		rule(kindDateElement, CategoryDates, "age group, age range, age band, age bucket, age bracket, age category, age class, age decade"),
		rule(kindAge, CategoryDates, "age, age years"),
		rule(kindDateElement, CategoryDates, "birth month, month of birth, day of birth, mob"),
		rule(kindBirthDate, CategoryDates, "dob, birth, birth date, birthday, born, yob, date of birth, year of birth, birth year, "+
			// Other languages' words, before the date words that would
			// read "date_naissance" as an event date.
			"naissance, ddn, nacimiento, nascimento, nascita, geburt, geburtsdatum, geburtstag, geboren, geboortedatum, "+
			"fodselsdato, fødselsdato, fodelsedatum, födelsedatum, urodzenia"),
		rule(kindDeathDate, CategoryDates, "death, deceased, died, dod, date of death, death date, "+
			"deces, décès, defuncion, defunción, fallecimiento, obito, decesso, sterbedatum, todesdatum, "+
			"overlijden, overlijdensdatum, dodsdato, dødsdato, dodsdatum, dödsdatum"),
		rule(kindDateElement, CategoryDates, "month$, day$, week$, weekday, day of week, dow, hour$, quarter$"),
		rule(kindEventDate, CategoryDates, "date, dates, timestamp, datetime, ts, dt, epoch, time$, at$, on$, year$, yr$, start$, end$, begin$, "+
			"=created, =updated, =modified, admission$, admitted$, admit$, discharge$, discharged$"),
		rule(kindFreeText, CategoryFreeText, "note$, notes$, comment$, comments$, description$, desc$, message$, messages$, msg$, text$, "+
			"remark$, remarks$, feedback$, narrative$, summary$, memo$, ticket$, body$, content$, details$, detail$, reason$, "+
			"answer$, transcript$, chat$, free text"),
	}
	// A person's ID: the last words are a person word and an ID word
	// ("user_id", "withingsUserId", "patient.uuid"), or the whole name is
	// a person word or uid.
	var alts []string
	for _, who := range strings.Fields("user patient member subject participant person customer profile individual enrollee") {
		for id := range idWords {
			alts = append(alts, who+" "+id+"$")
		}
	}
	slices.Sort(alts) // idWords is a map: keep the table's order stable
	for _, who := range strings.Fields("user patient member subject participant person customer uid userid") {
		alts = append(alts, "="+who)
	}
	rs = append(rs, rule(kindPersonID, CategoryOther, strings.Join(alts, ", ")))
	rs = append(rs, rule(kindIdentifier, CategoryOther, "id, ids, uuid, guid, identifier, ident, token, key, secret, password, passwd, pwd, "+
		"hash, session, cookie, login, handle, badge, signature, pin, otp, barcode, rfid, number$, num$, no$, nr$"))
	return rs
}()
