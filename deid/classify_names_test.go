package deid

import "testing"

// TestNameColumnsReadAsNames checks the spellings of a person's name that
// a header or a JSON path gives without the word "name": the parts alone
// ("first", "last", "given", "family"), other languages' words, and keys
// inside an object that is a name or another identifier ("name.first",
// "address.line1"). Each must read as an identifier, so that a profile
// drops it and a policy keeping it by default is warned; before, they read
// as nothing and a default keep released them with no warning.
func TestNameColumnsReadAsNames(t *testing.T) {
	for _, name := range []string{
		"first", "last", "FIRST", "Last", "given", "family", "middle", "maiden",
		"first_nm", "LAST_NM", "givenName", "given_names", "familyName", "forenames",
		"nom", "prenom", "Prénom", "nom_usage", "nom_de_famille", "nombre", "apellidos", "apellido_paterno",
		"vorname", "Nachname", "familienname", "cognome", "nome", "sobrenome",
		"voornaam", "achternaam", "fornavn", "etternavn", "efternamn", "förnamn", "nazwisko", "imię", "imie",
		"name.first", "name.last", "patient.name[].given[]", "name[].family", "contact.first",
		"guardian.given", "name.text", "address.line1", "address[].line[]",
	} {
		c := classifyField(name)
		if c.kind != kindIdentifier {
			t.Errorf("%q reads as %v (%s), want an identifier", name, c.cat, c.reason)
		}
	}
	// What is inside an object only borrows the object's reading when it
	// says nothing itself and the object is an identifier.
	for name, want := range map[string]fieldKind{
		"name.text":           kindIdentifier,
		"heart_rate.source":   kindUnrecognized,
		"user.first_seen":     kindUnrecognized,
		"measurements.value":  kindUnrecognized,
		"weight.kg":           classifyField("weight_kg").kind,
		"address.zip":         kindZIP,
		"first_measured_at":   kindEventDate,
		"last_heart_rate":     kindUnrecognized,
		"family_history":      kindUnrecognized,
		"device.model":        kindQuasi,
		"nominal_flow":        kindUnrecognized,
		"wavelength_nm":       kindUnrecognized,
		"patient.name.family": kindIdentifier,
	} {
		if got := classifyField(name).kind; got != want {
			t.Errorf("%q reads as %v, want %v", name, got, want)
		}
	}
	names := []string{"user_id", "first", "last", "name.given", "heart_rate"}
	warned := nameWarnings(t, names)
	for _, n := range names[1:4] {
		if !warned[n] {
			t.Errorf("%q kept by default without a warning", n)
		}
	}
}

// TestContactColumnsInOtherLanguages checks contact details and addresses
// named in other languages: a default keep released them with no warning.
func TestContactColumnsInOtherLanguages(t *testing.T) {
	for name, want := range map[string]Category{
		"courriel": CategoryEmail, "correo_electronico": CategoryEmail, "epost": CategoryEmail,
		"telefon": CategoryPhone, "Teléfono": CategoryPhone, "numero_telephone": CategoryPhone, "handynummer": CategoryPhone,
		"tel_portable": CategoryPhone, "celular": CategoryPhone,
		"adresse": CategoryGeographic, "Straße": CategoryGeographic, "rue": CategoryGeographic, "ville": CategoryGeographic,
		"ciudad": CategoryGeographic, "wohnort": CategoryGeographic, "plz": CategoryGeographic, "code_postal": CategoryGeographic,
	} {
		if c := classifyField(name); c.cat != want || c.kind == kindUnrecognized {
			t.Errorf("%q reads as %v, want %v", name, c.cat, want)
		}
	}
}
