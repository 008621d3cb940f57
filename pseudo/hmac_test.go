package pseudo

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// RFC 4231 section 4 test vectors for HMAC-SHA-256, computed through the
// pseudonym hot path (full-length hex output, case 5 truncated to 128 bits).
func TestRFC4231(t *testing.T) {
	tests := []struct {
		name string
		key  []byte
		data []byte
		bits int
		want string
	}{
		{"case1", bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"), 256,
			"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
		{"case2", []byte("Jefe"), []byte("what do ya want for nothing?"), 256,
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
		{"case3", bytes.Repeat([]byte{0xaa}, 20), bytes.Repeat([]byte{0xdd}, 50), 256,
			"773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
		{"case4", mustHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), bytes.Repeat([]byte{0xcd}, 50), 256,
			"82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
		{"case5", bytes.Repeat([]byte{0x0c}, 20), []byte("Test With Truncation"), 128,
			"a3b6167473100ee06e0c796c2955552b"},
		{"case6", bytes.Repeat([]byte{0xaa}, 131), []byte("Test Using Larger Than Block-Size Key - Hash Key First"), 256,
			"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
		{"case7", bytes.Repeat([]byte{0xaa}, 131), []byte("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."), 256,
			"9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newPseudonymizer(tc.key, config{bits: tc.bits, enc: Hex})
			if got := string(p.Append(nil, tc.data)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			m := p.NewMemo(16)
			for range 2 { // miss, then hit
				if got := string(m.Append(nil, tc.data)); got != tc.want {
					t.Errorf("memo: got %s, want %s", got, tc.want)
				}
			}
		})
	}
}

// The hot path must agree with crypto/hmac for every message length around
// the SHA-256 block and padding boundaries.
func TestMACMatchesStandardLibrary(t *testing.T) {
	key := []byte("a 32-byte key for the comparison")
	k := newMACKey(key)
	msg := make([]byte, 200)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	for n := 0; n <= len(msg); n++ {
		var got [sha256.Size]byte
		k.sum(&got, msg[:n])
		h := hmac.New(sha256.New, key)
		h.Write(msg[:n])
		if want := h.Sum(nil); !bytes.Equal(got[:], want) {
			t.Fatalf("length %d: got %x, want %x", n, got, want)
		}
	}
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
