package release

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
)

// A Checksummer is a Writer that hashes the bytes it writes, so that [Run]
// can bind its report to the output file (Report.OutputSHA256). The
// Writers of CSV and NDJSON, and deid/parquet's RecordWriter, are
// Checksummers.
type Checksummer interface {
	Writer
	// SHA256 returns the SHA-256 of the bytes written so far.
	SHA256() [sha256.Size]byte
}

// digest is the SHA-256 of what passes through a Writer's io.Writer,
// dst.
type digest struct {
	h   hash.Hash
	dst io.Writer
}

// tee returns w, its bytes hashed as they are written.
func (d *digest) tee(w io.Writer) io.Writer {
	d.h, d.dst = sha256.New(), w
	return io.MultiWriter(w, d.h)
}

// destination is the writer the bytes go to (see checkRunArgs).
func (d *digest) destination() io.Writer { return d.dst }

func (d *digest) SHA256() (sum [sha256.Size]byte) {
	d.h.Sum(sum[:0])
	return sum
}

// bind records in rep the checksums of the input (the hash of every byte
// Run read) and of the output, when out hashes what it writes.
func (rep *Report) bind(in hash.Hash, out Writer) {
	rep.InputSHA256 = hex.EncodeToString(in.Sum(nil))
	if c, ok := out.(Checksummer); ok {
		sum := c.SHA256()
		rep.OutputSHA256 = hex.EncodeToString(sum[:])
	}
}
