package exportfile

import (
	"bytes"
	"io"
	"testing"
)

// After a Peek of its head, the Reader returns the whole input once, in order, through
// reads of every size (small ones buffered, large ones direct).
func TestReaderAfterPeek(t *testing.T) {
	in := []byte("a,b\n")
	for i := 0; len(in) < 3*PeekSize; i++ {
		in = append(in, "1,22\n333,4444\n"[i%2*5:]...)
	}
	r := NewReader(bytes.NewReader(in))
	if _, err := r.Peek(PeekSize); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for i := 0; ; i++ {
		buf := make([]byte, []int{100, 1 << 20, 5000, 3 << 19, 1}[i%5])
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i%7 == 3 {
			if _, err := r.Peek(10); err != nil && err != io.EOF {
				t.Fatal(err)
			}
		}
	}
	if !bytes.Equal(got, in) {
		t.Fatalf("read %d bytes, want the %d of the input", len(got), len(in))
	}
}
