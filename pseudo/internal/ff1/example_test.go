package ff1_test

import (
	"encoding/hex"
	"fmt"

	"github.com/deidkit/deidkit/pseudo/internal/ff1"
)

// A phone number keeps its ten digits, so it still fits the column and the
// validation of the systems it passes through; the holder of the key can
// recover it. The tweak names the field, so that the same digits in another
// field encrypt differently.
func Example() {
	// A fixed key for the example only: real keys come from a key manager.
	key, _ := hex.DecodeString("2b7e151628aed2a6abf7158809cf4f3c")

	digits, err := ff1.NewAlphabet(ff1.Digits)
	if err != nil {
		panic(err)
	}
	phones, err := ff1.NewStringCipher(key, digits)
	if err != nil {
		panic(err)
	}
	tweak := []byte("patient.phone")

	ct, err := phones.EncryptString("5550123456", tweak)
	if err != nil {
		panic(err)
	}
	pt, err := phones.DecryptString(ct, tweak)
	if err != nil {
		panic(err)
	}
	other, _ := phones.EncryptString("5550123456", []byte("contact.phone"))

	fmt.Println(ct, pt, other)

	// Five digits are only 100,000 values: too few to hide one.
	_, err = phones.EncryptString("12345", tweak)
	fmt.Println(err)
	// Output:
	// 3180470430 5550123456 2543154872
	// ff1: domain smaller than 1,000,000: 5 numerals at radix 10, minimum 6
}

// Encrypting numerals directly: NIST SP 800-38G Sample 1 (AES-128,
// radix 10, empty tweak).
func ExampleCipher_Encrypt() {
	key, _ := hex.DecodeString("2b7e151628aed2a6abf7158809cf4f3c")
	c, err := ff1.New(key, 10)
	if err != nil {
		panic(err)
	}
	ct, err := c.Encrypt(nil, []uint16{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, nil)
	if err != nil {
		panic(err)
	}
	pt, err := c.Decrypt(nil, ct, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(ct)
	fmt.Println(pt)
	// Output:
	// [2 4 3 3 4 7 7 4 8 4]
	// [0 1 2 3 4 5 6 7 8 9]
}

// A caller-given alphabet: here, device serial numbers of upper-case
// letters and digits without the look-alikes I, O, 0 and 1.
func ExampleNewAlphabet() {
	key, _ := hex.DecodeString("2b7e151628aed2a6abf7158809cf4f3c")
	serials, err := ff1.NewAlphabet("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
	if err != nil {
		panic(err)
	}
	sc, err := ff1.NewStringCipher(key, serials)
	if err != nil {
		panic(err)
	}
	ct, err := sc.EncryptString("WS8K2M9Q", nil)
	if err != nil {
		panic(err)
	}
	pt, _ := sc.DecryptString(ct, nil)
	_, err = sc.EncryptString("WS8K2M0Q", nil)
	fmt.Println(serials.Radix(), ct, pt)
	fmt.Println(err)
	// Output:
	// 32 F6ASVWPQ WS8K2M9Q
	// ff1: character not in alphabet: character 6
}
