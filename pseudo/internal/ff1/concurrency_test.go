package ff1_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

// TestConcurrentUse shares one Cipher and one StringCipher between
// goroutines (run with -race) and checks every result against a
// sequential computation.
func TestConcurrentUse(t *testing.T) {
	key := mustHex(t, nistKey192)
	c, a, sc := digitCiphers(t, key)
	const workers, perWorker = 4, 200
	input := func(w, i int) string { return fmt.Sprintf("%08d%04d", w*perWorker+i, i) }
	want := make(map[string]string)
	for w := range workers {
		for i := range perWorker {
			x, _ := a.AppendNumerals(nil, []byte(input(w, i)))
			ct, err := c.Encrypt(nil, x, []byte{byte(i)})
			if err != nil {
				t.Fatal(err)
			}
			text, _ := a.AppendText(nil, ct)
			want[input(w, i)] = string(text)
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				in := input(w, i)
				got, err := sc.EncryptString(in, []byte{byte(i)})
				if err != nil || got != want[in] {
					errs <- fmt.Errorf("EncryptString(input %d of worker %d) = %q, %v; want %q", i, w, got, err, want[in])
					return
				}
				x, _ := a.AppendNumerals(nil, []byte(got))
				back, err := c.Decrypt(nil, x, []byte{byte(i)})
				orig, _ := a.AppendNumerals(nil, []byte(in))
				if err != nil || !slices.Equal(back, orig) {
					errs <- fmt.Errorf("Decrypt(input %d of worker %d) = %v, %v", i, w, back, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
