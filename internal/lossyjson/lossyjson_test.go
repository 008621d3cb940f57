package lossyjson

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
)

func TestFind(t *testing.T) {
	tests := []struct {
		in   string
		at   int
		want Problem
	}{
		{`{"a":"x"}`, -1, None},
		{`{"a":"\u00e9\ud83d\ude00\uDBFF\uDFFF\ufffd"}`, -1, None},
		{"{\"a\":\"\ufffd日本\"}", -1, None},
		{`{"a":"\\ud800"}`, -1, None}, // an escaped backslash, then text
		{`{"a":"\\\ud800"}`, 8, UnpairedSurrogate},
		{`{"a":"\ud800"}`, 6, UnpairedSurrogate},
		{`{"a":"\udc00x"}`, 6, UnpairedSurrogate},
		{`{"a":"\ud83d\u0041"}`, 6, UnpairedSurrogate},
		{`{"a":"\ud83d\ud83d\ude00"}`, 6, UnpairedSurrogate},
		{`{"a":"x\ud83d\ude00\ud83d"}`, 19, UnpairedSurrogate},
		{`{"a":"\ud83d"}`, 6, UnpairedSurrogate},
		{`{"a":"\ud83d\ude0"}`, 6, UnpairedSurrogate},
		{`{"\udfff":1}`, 2, UnpairedSurrogate},
		{"{\"a\":\"M\xfcller\"}", 7, NotUTF8},
		{"{\"a\":\"\xed\xa0\x80\"}", 6, NotUTF8}, // a surrogate in UTF-8
		{"{\"a\":\"\xc3\"}", 6, NotUTF8},
		{"\xff\\ud800", 0, NotUTF8},
		{`\u12`, -1, None}, // not JSON: the decoder says so
		{`\`, -1, None},
	}
	for _, tt := range tests {
		at, got := Find([]byte(tt.in))
		if at != tt.at || got != tt.want {
			t.Errorf("Find(%q) = %d, %v; want %d, %v", tt.in, at, got, tt.at, tt.want)
		}
	}
}

// TestPropertyFindAgreesWithUTF16 escapes random UTF-16 code units, most
// of them surrogates, as a JSON string: Find reports a problem exactly
// when the units are not valid UTF-16, which the standard library tells
// by a lossy round trip, and otherwise encoding/json decodes the string
// to what the units say.
func TestPropertyFindAgreesWithUTF16(t *testing.T) {
	p := testenv.Properties(2000)
	p.Property("Find reports exactly the lossy escapes", prop.ForAll(func(seed int64) string {
		r := rand.New(rand.NewSource(seed))
		units := make([]uint16, r.Intn(6))
		for i := range units {
			switch r.Intn(4) {
			case 0:
				units[i] = uint16(0xd800 + r.Intn(0x400)) // high
			case 1:
				units[i] = uint16(0xdc00 + r.Intn(0x400)) // low
			case 2:
				units[i] = uint16('a' + r.Intn(3))
			default:
				units[i] = uint16(r.Intn(0xd800))
			}
		}
		var b strings.Builder
		b.WriteString(`{"k":"`)
		for _, u := range units {
			switch {
			case u >= 'a' && u <= 'c' && r.Intn(2) == 0:
				b.WriteByte(byte(u))
			case r.Intn(4) == 0:
				fmt.Fprintf(&b, `\u%04X`, u)
			default:
				fmt.Fprintf(&b, `\u%04x`, u)
			}
		}
		b.WriteString(`"}`)
		in := b.String()
		valid := slices.Equal(utf16.Encode(utf16.Decode(units)), units)
		at, got := Find([]byte(in))
		if (got == UnpairedSurrogate) == valid || (got == None) != (at < 0) || got == NotUTF8 {
			return fmt.Sprintf("Find(%q) = %d, %v; units valid UTF-16: %v", in, at, got, valid)
		}
		var v map[string]string
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			return err.Error()
		}
		if valid && v["k"] != string(utf16.Decode(units)) {
			return fmt.Sprintf("%q decodes to %q", in, v["k"])
		}
		return ""
	}, gopter.Gen(func(params *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(params.NextInt64(), gopter.NoShrinker)
	})))
	p.TestingRun(t)
}
