package pseudo

import (
	"strconv"
	"sync"
	"testing"
)

// One Pseudonymizer, Tokenizer and FPE shared by many goroutines give the
// same answers as sequential use (run with -race).
func TestConcurrentUse(t *testing.T) {
	ks := mustKeyset(t)
	p := mustNew(t, ks, "d")
	tks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	tok := mustTokenizer(t, tks, "c")
	f, err := NewFPE(ks, "d", Digits, AllowUnauditedReversal())
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	want := make([]string, n)
	for i := range want {
		want[i] = p.Pseudonym(strconv.Itoa(i))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*n)
	for g := range 8 {
		wg.Go(func() {
			memo := p.NewMemo(16)
			var buf []byte
			for i := range n {
				id := strconv.Itoa((i + g*17) % n)
				j := (i + g*17) % n
				buf = memo.Append(buf[:0], []byte(id))
				if string(buf) != want[j] {
					errs <- "pseudonym of " + id
					return
				}
				s, err := tok.Token(id)
				if back, err2 := tok.Open(t.Context(), s); err != nil || err2 != nil || back != id {
					errs <- "token of " + id
					return
				}
				ct, err := f.Encrypt("1000000" + id)
				if back, err2 := f.Decrypt(t.Context(), ct); err != nil || err2 != nil || back != "1000000"+id {
					errs <- "fpe of " + id
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error("concurrent use disagrees:", e)
	}
}
