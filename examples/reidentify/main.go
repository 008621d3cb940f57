// Command reidentify opens reversible tokens, for the party authorized to
// re-identify (the service that lets a partner doctor reach a patient
// again), and records every opening in an audit log of JSON lines: who,
// why, the token context, the key, the time and a keyed digest of the
// token, never the token or the identifier.
//
//	go run ./examples/reidentify -who dr.lee@partner-x -why "recall: abnormal ECG" -audit audit.jsonl
//	go run ./examples/reidentify -context cardio-check-up/partner-x \
//	    -who dr.lee@partner-x -why "recall: abnormal ECG, ticket 4711" \
//	    -audit audit.jsonl -in tokens.txt -keyset keys/keyset.json \
//	    -token-keyset keys/token-keyset.json -kek-keyset keys/kek.json
//
// It prints the identifier of each token read from -in, one per line.
// Without -in it seals a few sample IDs and opens them again; without
// -keyset it uses the public DEMO keys and says so on stderr. With -in it
// refuses the demo keys unless -demo-keys is given: real tokens that open
// under public keys are a breach to report, not a list to print. The audit
// digests are keyed by a key derived from the pseudonym keyset, so its
// holder can find the events of a given token. The audit log is a file
// of its own: named like a key file or -in (through a link too) it is a
// usage error. A log whose last line was torn by a crash keeps it, and
// the next event starts a line of its own.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "reidentify:", err)
		if errors.Is(err, flag.ErrHelp) || errors.Is(err, keyfile.ErrUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var sampleIDs = []string{"u-100234", "u-100235", "u-981102"}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reidentify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tokenContext := fs.String("context", "cardio-check-up/partner-x", "context the tokens were sealed in")
	who := fs.String("who", "", "who asks for the identifiers (required; goes to the audit log)")
	why := fs.String("why", "", "why (required; goes to the audit log)")
	auditPath := fs.String("audit", "", "audit log: JSON lines appended, one per token opened (required)")
	in := fs.String("in", "", "file of tokens, one per line (- for stdin; default: sample tokens)")
	keysetPath := fs.String("keyset", "", "encrypted pseudonym keyset (JSON); keys the audit digests")
	tokenPath := fs.String("token-keyset", "", "encrypted token keyset (JSON)")
	kekPath := fs.String("kek-keyset", "", "key-encryption key: a cleartext Tink AEAD keyset (stand-in for a KMS key)")
	demoKeys := fs.Bool(keyfile.DemoFlag, false, keyfile.DemoFlagUsage)
	if err := fs.Parse(args); err != nil {
		return flag.ErrHelp
	}
	if *who == "" || *why == "" || *auditPath == "" {
		return errors.New("-who, -why and -audit are required: every opening is audited")
	}
	if *keysetPath != "" && *tokenPath == "" {
		return errors.New("-keyset needs -token-keyset")
	}
	if err := keyfile.CheckFlags(*keysetPath, *tokenPath, *kekPath); err != nil {
		return err // before the audit log is opened
	}
	// The audit log is appended to: named like a key file or the token
	// list, it would corrupt the keys (and every token with them) or feed
	// its own lines back as tokens.
	if err := exportfile.Distinct(exportfile.Named{Flag: "-audit", Path: *auditPath}, exportfile.Named{Flag: "-in", Path: *in},
		exportfile.Named{Flag: "-keyset", Path: *keysetPath}, exportfile.Named{Flag: "-token-keyset", Path: *tokenPath},
		exportfile.Named{Flag: "-kek-keyset", Path: *kekPath}); err != nil {
		return fmt.Errorf("%w: %w", keyfile.ErrUsage, err)
	}
	keys, err := keyfile.Load(*keysetPath, *tokenPath, *kekPath)
	if err != nil {
		return err
	}
	if err := keyfile.CheckDemo(*keysetPath, keyfile.Input("-in", *in), *demoKeys); err != nil {
		return err // before the audit log is opened
	}
	if keys.Demo {
		fmt.Fprintln(stderr, keyfile.DemoWarning)
	}
	log, err := openAuditLog(*auditPath)
	if err != nil {
		return err
	}
	defer log.Close()
	auditor, err := pseudo.NewAuditor(pseudo.JSONAuditLog(log), keys.Pseudonyms)
	if err != nil {
		return err
	}
	t, err := pseudo.NewTokenizer(keys.Tokens, *tokenContext, pseudo.WithAuditor(auditor))
	if err != nil {
		return err
	}
	var src io.Reader
	switch *in {
	case "":
		sample, err := sampleTokens(t)
		if err != nil {
			return err
		}
		src = strings.NewReader(sample)
	case "-":
		src = os.Stdin
	default:
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	ctx = pseudo.WithAuditInfo(ctx, *who, *why)
	w := bufio.NewWriter(stdout)
	sc := bufio.NewScanner(src)
	for line := 1; sc.Scan(); line++ {
		// Without what text tools put around a token (a byte order mark,
		// CR, white space, quotes): a list saved by an editor opens.
		id, err := t.Open(ctx, string(deid.NormalizeID(sc.Bytes())))
		if err != nil {
			return fmt.Errorf("token on line %d: %w", line, err)
		}
		fmt.Fprintln(w, id)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return log.Close()
}

// sampleTokens seals the sample IDs, one token a line.
func sampleTokens(t *pseudo.Tokenizer) (string, error) {
	var b strings.Builder
	for _, id := range sampleIDs {
		tok, err := t.Token(id)
		if err != nil {
			return "", err
		}
		b.WriteString(tok + "\n")
	}
	return b.String(), nil
}
