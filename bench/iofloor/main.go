// Command iofloor does what any export whose report binds it to its files
// must do, and nothing else: it reads the input file, writes a given
// number of bytes (the export's output size) into a temporary file beside
// the output and renames it into place, and computes the SHA-256 of the
// input and of the output, each on a goroutine of its own, as the export
// program does. It transforms nothing: its bytes out are a prefix of each
// chunk read, in proportion. The bench harness times it beside the export
// program and the hand-written program: its ratio against the
// hand-written program is the best any exporter with these checksums
// could reach on the machine.
//
//	iofloor -in measurements.csv -out out.csv -out-bytes 115000000 -report out.json
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// chunkSize is the export's chunk size: it reads its input and writes its
// output in pieces of about this size.
const chunkSize = 512 << 10

func main() {
	in := flag.String("in", "", "input `file`")
	out := flag.String("out", "", "output `file`")
	outBytes := flag.Int64("out-bytes", -1, "`bytes` to write (default: the input's size)")
	report := flag.String("report", "", "`file` for the sizes and checksums, as JSON (optional)")
	flag.Parse()
	if err := run(*in, *out, *outBytes, *report); err != nil {
		fmt.Fprintln(os.Stderr, "iofloor:", err)
		os.Exit(1)
	}
}

// A slot is a chunk buffer in flight: read into, written from, hashed by
// both hashers before it is read into again.
type slot struct {
	buf    []byte
	n, out int // bytes read, bytes of them written
	hashed sync.WaitGroup
}

func run(in, out string, outBytes int64, report string) error {
	if in == "" || out == "" {
		return errors.New("-in and -out are required")
	}
	r, err := os.Open(in)
	if err != nil {
		return err
	}
	defer r.Close()
	st, err := r.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if outBytes < 0 {
		outBytes = size
	}
	w, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(w.Name()) // a no-op after the rename
	defer w.Close()

	inSum, outSum := sha256.New(), sha256.New()
	inCh, outCh := make(chan *slot, 4), make(chan *slot, 4)
	var hashers sync.WaitGroup
	hash := func(h hash.Hash, ch <-chan *slot, part func(*slot) []byte) {
		defer hashers.Done()
		for s := range ch {
			h.Write(part(s))
			s.hashed.Done()
		}
	}
	hashers.Add(2)
	go hash(inSum, inCh, func(s *slot) []byte { return s.buf[:s.n] })
	go hash(outSum, outCh, func(s *slot) []byte { return s.buf[:s.out] })

	slots := make([]slot, 4)
	for i := range slots {
		slots[i].buf = make([]byte, chunkSize)
	}
	var read, written int64
	var werr error
	for i := 0; werr == nil; i++ {
		s := &slots[i%len(slots)]
		s.hashed.Wait()
		n, err := io.ReadFull(r, s.buf)
		if n == 0 {
			if err != io.EOF {
				werr = err
			}
			break
		}
		read += int64(n)
		s.n = n
		// The output's share of the input so far, so that its bytes
		// come out as the input's go in.
		s.out = int(outBytes*read/max(size, 1) - written)
		s.out = min(max(s.out, 0), n)
		s.hashed.Add(2)
		inCh <- s
		if _, werr = w.Write(s.buf[:s.out]); werr == nil {
			written += int64(s.out)
		}
		outCh <- s
		if err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			werr = err
		}
	}
	close(inCh)
	close(outCh)
	hashers.Wait()
	if werr != nil {
		return werr
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := os.Rename(w.Name(), out); err != nil {
		return err
	}
	if report == "" {
		return nil
	}
	b, err := json.Marshal(map[string]any{
		"input_bytes": read, "output_bytes": written,
		"input_sha256": hex.EncodeToString(inSum.Sum(nil)), "output_sha256": hex.EncodeToString(outSum.Sum(nil)),
	})
	if err != nil {
		return err
	}
	return os.WriteFile(report, b, 0o600)
}
