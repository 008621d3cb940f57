package deid

import "testing"

// The look-alike folding covered fullwidth, mathematical bold and a few
// Cyrillic and Greek letters; the other spellings a text generator or an
// editor makes of a Latin name read as nothing, so a default keep released
// first names, e-mail addresses and phone numbers headed this way with no
// warning but the default's: accented and decomposed letters (nàme,
// na\u0301me), small capitals, circled, parenthesized and squared letters,
// modifier (superscript) letters, letterlike symbols (ℯ, ℕ), script math
// letters, dotless i. A name whose words still mix Latin letters with
// letters of another script once folded cannot be read: it is treated as
// an identifier, never as unrecognized.
func TestCompatibilitySpellingsReadAsTheyLook(t *testing.T) {
	for name, want := range map[string]fieldKind{
		"nàme":                   kindIdentifier,
		"na\u0301me":             kindIdentifier,
		"NAMÉ":                   kindIdentifier,
		"fïrst_name":             kindIdentifier,
		"\ufb01rst_name":         kindIdentifier, // the fi ligature
		"phöne":                  kindIdentifier,
		"ｐｈöｎｅ":                  kindIdentifier,
		"zíp":                    kindZIP,
		"ƶip":                    kindZIP,
		"date_of_bírth":          kindBirthDate,
		"emaıl":                  kindIdentifier,
		"EMAİL":                  kindIdentifier,
		"ℯmail":                  kindIdentifier,
		"ℕame":                   kindIdentifier,
		"𝓃𝒶𝓂ℯ":                   kindIdentifier, // script math letters, with the letterlike ℯ
		"ⓔⓜⓐⓘⓛ":                  kindIdentifier,
		"ⒺⓂⒶⒾⓁ":                  kindIdentifier,
		"ⓕⓘⓡⓢⓣ_ⓝⓐⓜⓔ":             kindIdentifier,
		"⒠⒨⒜⒤⒧":                  kindIdentifier,
		"🄴🄼🄰🄸🄻":                  kindIdentifier,
		"🅴🅼🅰🅸🅻":                  kindIdentifier,
		"🅔🅜🅐🅘🅛":                  kindIdentifier,
		"ᴇᴍᴀɪʟ":                  kindIdentifier,
		"ꜰɪʀꜱᴛ_ɴᴀᴍᴇ":             kindIdentifier,
		"ᵉᵐᵃⁱˡ":                  kindIdentifier,
		"ᴅᴏʙ":                    kindBirthDate,
		"em\u0430il\u0570":       kindIdentifier, // Armenian հ: mixed scripts
		"pho\u0585ne":            kindIdentifier, // Armenian օ
		"ph\u13a5ne":             kindIdentifier, // Cherokee Ꭵ among Latin letters
		"heart\u2011rate":        classifyField("heart_rate").kind,
		"poids":                  classifyField("poids").kind,
		"température_corporelle": classifyField("temperature_corporelle").kind,
	} {
		if got := classifyField(name).kind; got != want {
			t.Errorf("%q reads as %v, want %v", name, got, want)
		}
	}
	// A default keep warns of each by name.
	names := []string{"user_id", "ⓕⓘⓡⓢⓣ_ⓝⓐⓜⓔ", "nàme", "ᴇᴍᴀɪʟ", "pho\u0585ne", "heart_rate"}
	warned := nameWarnings(t, names)
	for _, n := range names[1:5] {
		if !warned[n] {
			t.Errorf("%q kept by default without a warning", n)
		}
	}
	if warned["heart_rate"] {
		t.Error("heart_rate warned of")
	}
}
