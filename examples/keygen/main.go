// Command keygen creates the keys the example programs read: a local
// key-encryption key (kek.json, a cleartext AEAD keyset standing in for a
// KMS key), a pseudonym keyset (keyset.json) and a token keyset
// (token-keyset.json), both encrypted under it.
//
//	go run ./examples/keygen -dir keys
//	go run ./examples/keygen -dir keys -rotate   # add a primary key to keyset.json
//
// In production, create keysets with tinkey under a KMS key instead, and
// never store a key-encryption key next to the keysets.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "keygen:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "keys", "directory for kek.json, keyset.json and token-keyset.json")
	rotate := fs.Bool("rotate", false, "rotate the existing keyset.json instead of creating keys")
	if err := fs.Parse(args); err != nil {
		return flag.ErrHelp
	}
	kekPath := filepath.Join(*dir, "kek.json")
	ksPath := filepath.Join(*dir, "keyset.json")
	if *rotate {
		keys, err := keyfile.Load(ksPath, "", kekPath)
		if err != nil {
			return err
		}
		kek, err := keyfile.ReadKEK(kekPath)
		if err != nil {
			return err
		}
		rotated, err := keys.Pseudonyms.Rotate()
		if err != nil {
			return err
		}
		if err := writeFile(ksPath, func(w io.Writer) error { return rotated.Write(w, kek) }, true); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: primary key is now %d (keys %v)\n", ksPath, rotated.PrimaryKeyID(), rotated.KeyIDs())
		return nil
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return err
	}
	kek, err := keyfile.NewKEK(kekPath)
	if err != nil {
		return err
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		return err
	}
	tks, err := pseudo.NewTokenKeyset()
	if err != nil {
		return err
	}
	if err := writeFile(ksPath, func(w io.Writer) error { return ks.Write(w, kek) }, false); err != nil {
		return err
	}
	tokPath := filepath.Join(*dir, "token-keyset.json")
	if err := writeFile(tokPath, func(w io.Writer) error { return tks.Write(w, kek) }, false); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s, %s and %s\n", kekPath, ksPath, tokPath)
	return nil
}

// writeFile writes through a temporary file renamed into place, so that an
// interrupted write never leaves a truncated keyset.
func writeFile(path string, write func(io.Writer) error, replace bool) error {
	if !replace {
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("%s exists; refusing to overwrite keys", path)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".keygen-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
