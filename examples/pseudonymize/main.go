// Command pseudonymize prints the keyed pseudonym of each identifier it
// reads, one per line, in one domain.
//
//	go run ./examples/pseudonymize
//	go run ./examples/pseudonymize -domain research/partner-x -in ids.txt \
//	    -keyset keys/keyset.json -kek-keyset keys/kek.json
//
// Without -in it pseudonymizes a few sample IDs; without -keyset it uses
// the public DEMO keys and says so on stderr. With -in it refuses the demo
// keys unless -demo-keys is given: pseudonyms made with public keys are
// reversed by anyone who hashes candidate IDs.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2) // the flag package or run has said why
		}
		fmt.Fprintln(os.Stderr, "pseudonymize:", err)
		os.Exit(1)
	}
}

var sampleIDs = []string{"u-100234", "u-100235", "u-100234", "u-981102"}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pseudonymize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	domain := fs.String("domain", "research/partner-x", "recipient or purpose the pseudonyms are for")
	in := fs.String("in", "", "file of identifiers, one per line (- for stdin; default: sample IDs)")
	enc := fs.String("encoding", "hex", "hex, base32 or base64url")
	bits := fs.Int("bits", pseudo.DefaultBits, "pseudonym length in bits (64 to 256)")
	versioned := fs.Bool("key-version", false, "prefix pseudonyms with the key ID")
	keysetPath := fs.String("keyset", "", "encrypted Tink keyset (JSON)")
	kekPath := fs.String("kek-keyset", "", "key-encryption key: a cleartext Tink AEAD keyset (stand-in for a KMS key)")
	demoKeys := fs.Bool(keyfile.DemoFlag, false, keyfile.DemoFlagUsage)
	if err := fs.Parse(args); err != nil {
		return flag.ErrHelp
	}
	if err := keyfile.CheckFlags(*keysetPath, "", *kekPath); err != nil {
		fmt.Fprintln(stderr, "pseudonymize:", err)
		return flag.ErrHelp
	}
	keys, err := keyfile.Load(*keysetPath, "", *kekPath)
	if err != nil {
		return err
	}
	if err := keyfile.CheckDemo(keys, *in != "", *demoKeys); err != nil {
		fmt.Fprintln(stderr, "pseudonymize:", err)
		return flag.ErrHelp
	}
	if keys.Demo {
		fmt.Fprintln(stderr, keyfile.DemoWarning)
	}
	e, err := pseudo.ParseEncoding(*enc)
	if err != nil {
		return err
	}
	opts := []pseudo.Option{pseudo.WithEncoding(e), pseudo.WithBits(*bits)}
	if *versioned {
		opts = append(opts, pseudo.WithKeyVersion())
	}
	p, err := pseudo.New(keys.Pseudonyms, *domain, opts...)
	if err != nil {
		return err
	}
	memo := p.NewMemo(4096)
	w := bufio.NewWriter(stdout)
	var out []byte
	emit := func(id []byte) error {
		out = append(memo.Append(out[:0], id), '\n')
		_, err := w.Write(out)
		return err
	}
	if *in == "" {
		for _, id := range sampleIDs {
			if err := emit([]byte(id)); err != nil {
				return err
			}
		}
		return w.Flush()
	}
	r := io.Reader(os.Stdin)
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		// The export pseudonymizes IDs normalized as deid.NormalizeID
		// does (no byte order mark, CR, white space or quotes around
		// them): so does this, or a list saved with CRLF would get
		// pseudonyms that match nothing released.
		id := deid.NormalizeID(sc.Bytes())
		switch {
		case len(id) == 0:
			return fmt.Errorf("line %d: empty identifier", line)
		case !utf8.Valid(id):
			return fmt.Errorf("line %d: not UTF-8 text (save the list as UTF-8)", line)
		case bytes.ContainsFunc(id, unicode.IsControl):
			// A NUL is UTF-16 text without a byte order mark, a CR
			// lines ended by CR alone, a tab columns: each would get a
			// pseudonym that matches nothing released.
			return fmt.Errorf("line %d: a control character inside an identifier (UTF-16 text, lines ended by CR alone, or tab-separated columns?)", line)
		}
		if err := emit(id); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}
