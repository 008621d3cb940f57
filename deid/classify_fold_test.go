package deid

import "testing"

// A field name written to look like another, in fullwidth letters, with
// invisible characters, in mathematical letters or with Cyrillic and Greek
// look-alikes, reads as what it looks like: a policy keeping "ｆｉｒｓｔ_ｎａｍｅ"
// by default released first names with no warning but the default's.
func TestDisguisedNamesReadAsTheyLook(t *testing.T) {
	for name, want := range map[string]fieldKind{
		"ｅｍａｉｌ":       kindIdentifier,
		"ｆｉｒｓｔ_ｎａｍｅ":  kindIdentifier,
		"e\u00admail": kindIdentifier,
		"ph\u200bone": kindIdentifier,
		"\ufeffemail": kindIdentifier,
		"\u0435mail":  kindIdentifier, // Cyrillic е
		"\u0440hone":  kindIdentifier, // Cyrillic р
		"\U0001d41e\U0001d426\U0001d41a\U0001d422\U0001d425": kindIdentifier, // bold "email"
		"user_\u0456d": kindPersonID, // Cyrillic і
		"ＤＯＢ":          kindBirthDate,
		"ｗｅｉｇｈｔ_ｋｇ":    classifyField("weight_kg").kind,
	} {
		if got := classifyField(name).kind; got != want || got == kindUnrecognized {
			t.Errorf("%q reads as %v, want %v", name, got, want)
		}
	}
	// A default keep warns of each by name.
	names := []string{"user_id", "ｆｉｒｓｔ_ｎａｍｅ", "\u0435mail", "heart_rate"}
	warned := nameWarnings(t, names)
	for _, n := range names[1:3] {
		if !warned[n] {
			t.Errorf("%q kept by default without a warning", n)
		}
	}
}

// nameWarnings compiles a policy that drops user_id and keeps the other
// fields by default, and returns the fields it warns of by name.
func nameWarnings(t *testing.T, fields []string) map[string]bool {
	t.Helper()
	pl, err := Compile(&Policy{Default: Keep, Fields: []Rule{{Field: "user_id", Action: Drop}}}, fields, Keys{})
	if err != nil {
		t.Fatal(err)
	}
	warned := map[string]bool{}
	for _, w := range pl.Warnings() {
		if w.Kind == WarnIdentifierName {
			warned[w.Field] = true
		}
	}
	return warned
}
