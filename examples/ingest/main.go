// Command ingest is an ingestion service: devices POST measurements to it,
// and it de-identifies each record with the deid struct tags of the
// Measurement type before the record is stored or forwarded, as NDJSON
// written to a file or stdout.
//
//	go run ./examples/ingest -addr :8080 -out measurements.ndjson -demo-keys
//
// and, from another terminal:
//
//	curl -H 'Content-Type: application/json' --data-binary \
//	    '{"user_id":"u-100042","email":"jane.doe@example.com","ip":"203.0.113.7",
//	      "measured_at":"2025-03-05T07:12:44Z","weight_kg":72.4}' \
//	    localhost:8080/measurements
//
// With real keys:
//
//	go run ./examples/keygen -dir keys     # once: keys for trials
//	go run ./examples/ingest -addr :8080 -out measurements.ndjson \
//	    -keyset keys/keyset.json -kek-keyset keys/kek.json
//
// Without -keyset it refuses to start unless -demo-keys is given: it then
// uses the public DEMO keys and says so on stderr. Whatever devices send
// is real data, and pseudonyms made with public keys are reversed by
// anyone who hashes candidate IDs.
//
// # Requests
//
// POST /measurements takes one of:
//
//   - Content-Type: application/json: one JSON object, or a JSON array of
//     objects;
//   - Content-Type: application/x-ndjson: one JSON object per line.
//
// A request is all or nothing: either every record in it is written and
// the answer is 200 with {"accepted": n}, or none is and the answer is a
// 4xx with {"error": "..."}. The reason names the record's position in the
// request and the field by its JSON name, never a value the client sent:
// the errors of encoding/json quote the input, so they are not passed on.
//
//   - 400: malformed JSON, a body that is not UTF-8 text, a field
//     Measurement does not have (decoding is strict: an unknown field
//     could carry an identifier that no deid tag covers, so it fails
//     closed), a value of the wrong type, a value an
//     action cannot handle (an IP address that is not one, a malformed
//     date of birth), a value outside its field's few accepted values (sex:
//     F, M or X; device.model: a model of the catalogue, built in or given
//     with -device-models), a missing user_id or measured_at;
//   - 413: a body over -max-body bytes, or over -max-records records;
//   - 415: another content type; 405: another method.
//
// A 200 means the records were written to the output and flushed to the
// operating system (not synced to disk). The output is appended to; when
// a crash left its last line incomplete (a request that was never
// acknowledged), the service cuts that line off at start, and logs how
// many bytes it cut, so that every line of the output is a record. An
// output named like a key file or the -device-models list (through a
// link too) is a usage error: it would be appended to, and cut.
//
// No string field is forwarded as free text: each is dropped,
// pseudonymized, generalized, scrubbed (the note) or limited to a few
// accepted values (sex, device.model). On SIGINT or SIGTERM the service
// stops accepting connections, lets requests in flight finish (for at most
// -shutdown-timeout), flushes and closes the output, and exits.
//
// The service speaks plain HTTP and does not authenticate devices: put it
// behind a proxy that terminates TLS and checks device credentials.
//
// # Pseudonym domain
//
// The deid tags of Measurement pseudonymize user IDs and device serials
// without naming a domain; -domain names it (deid.WithDomain) when the type
// is compiled, "ai-engine" by default. Each recipient gets its own service
// (or its own compiled type) and so its own, unlinkable pseudonyms.
//
// Exit status: 0 after a clean shutdown; 1 on bad keys, an unusable
// address or output, or a failed shutdown; 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2) // the flag package or parseFlags has said why
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	addr            string
	out             string
	domain          string
	keyset, kek     string
	demoKeys        bool
	maxBody         int64
	maxRecords      int
	shutdownTimeout time.Duration
	refDate         time.Time
	deviceModels    string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.StringVar(&c.addr, "addr", ":8080", "address to listen on")
	fs.StringVar(&c.out, "out", "-", "NDJSON output file, appended to (- for stdout)")
	fs.StringVar(&c.domain, "domain", "ai-engine", "pseudonym domain of the output's recipient")
	fs.StringVar(&c.keyset, "keyset", "", "encrypted Tink keyset (JSON)")
	fs.StringVar(&c.kek, "kek-keyset", "", "key-encryption key: a cleartext Tink AEAD keyset (stand-in for a KMS key)")
	fs.BoolVar(&c.demoKeys, keyfile.DemoFlag, false, "run on the public DEMO keys without -keyset (tests and demonstrations only: every request is real input, and anyone can recompute or reverse what these keys protect)")
	fs.Int64Var(&c.maxBody, "max-body", 1<<20, "largest request body in bytes")
	fs.IntVar(&c.maxRecords, "max-records", 1000, "most records in one request")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long requests in flight may take to finish at shutdown")
	fs.StringVar(&c.deviceModels, "device-models", "", "`file` of the device models accepted in device.model, one per line (default: the built-in catalogue)")
	ref := fs.String("reference-date", "", "date (YYYY-MM-DD) at which ages are computed for the 90+ top-coding of dates of birth (default: today, UTC, at start)")
	if err := fs.Parse(args); err != nil {
		return nil, flag.ErrHelp
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ingest: unexpected argument %q\n", fs.Arg(0))
		return nil, flag.ErrHelp
	}
	if err := keyfile.CheckFlags(c.keyset, "", c.kek); err != nil {
		fmt.Fprintln(stderr, "ingest:", err)
		return nil, flag.ErrHelp
	}
	// A service has no sample: what devices send is real data.
	if err := keyfile.CheckDemo(c.keyset, "serving requests", c.demoKeys); err != nil {
		fmt.Fprintln(stderr, "ingest:", err)
		return nil, flag.ErrHelp
	}
	// The output is appended to (and its torn last line cut): named like
	// a key file or the list of device models, it would corrupt them.
	if err := exportfile.Distinct(exportfile.Named{Flag: "-out", Path: c.out}, exportfile.Named{Flag: "-keyset", Path: c.keyset},
		exportfile.Named{Flag: "-kek-keyset", Path: c.kek}, exportfile.Named{Flag: "-device-models", Path: c.deviceModels}); err != nil {
		fmt.Fprintln(stderr, "ingest:", err)
		return nil, flag.ErrHelp
	}
	if c.maxBody <= 0 || c.maxRecords <= 0 || c.shutdownTimeout <= 0 {
		fmt.Fprintln(stderr, "ingest: -max-body, -max-records and -shutdown-timeout must be positive")
		return nil, flag.ErrHelp
	}
	if *ref == "" {
		y, m, d := time.Now().UTC().Date()
		c.refDate = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	} else {
		t, err := time.Parse(time.DateOnly, *ref)
		if err != nil {
			fmt.Fprintln(stderr, "ingest: -reference-date is not a YYYY-MM-DD date")
			return nil, flag.ErrHelp
		}
		c.refDate = t
	}
	return c, nil
}

// run serves until ctx is cancelled (main cancels it on SIGINT and
// SIGTERM), then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "ingest: ", log.LstdFlags)
	h, err := newHandler(cfg, stdout, stderr, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		h.out.close()
		return err
	}
	return serve(ctx, ln, h, cfg.shutdownTimeout, logger)
}

// newHandler loads the keys, compiles the deid tags and opens the output.
func newHandler(cfg *config, stdout, stderr io.Writer, logger *log.Logger) (*handler, error) {
	keys, err := keyfile.Load(cfg.keyset, "", cfg.kek)
	if err != nil {
		return nil, err
	}
	if keys.Demo {
		fmt.Fprintln(stderr, keyfile.DemoWarning)
	}
	s, err := deid.ForType[Measurement](deid.Keys{Pseudonyms: keys.Pseudonyms},
		deid.WithReferenceDate(cfg.refDate), deid.WithDomain(cfg.domain))
	if err != nil {
		return nil, err
	}
	models, err := loadCatalogue(cfg.deviceModels)
	if err != nil {
		return nil, err
	}
	out := newSink(stdout, nil)
	if cfg.out != "-" {
		f, err := openOutput(cfg.out, logger)
		if err != nil {
			return nil, err
		}
		out = newSink(f, f)
	}
	return &handler{deid: s, models: models, out: out, maxBody: cfg.maxBody, maxRecords: cfg.maxRecords, log: logger}, nil
}

func loadCatalogue(path string) (catalogue, error) {
	if path == "" {
		return readCatalogue(strings.NewReader(builtinModels))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCatalogue(f)
}

// serve answers requests on ln until ctx is done, then stops accepting
// connections, waits up to timeout for requests in flight, and closes the
// output.
func serve(ctx context.Context, ln net.Listener, h *handler, timeout time.Duration, logger *log.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          logger,
	}
	logger.Printf("listening on %s", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	var err error
	select {
	case err = <-errc: // Serve failed before any shutdown
	case <-ctx.Done():
		logger.Printf("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), timeout)
		err = srv.Shutdown(sctx)
		cancel()
		if err != nil {
			// Requests still running after the timeout are cut off; their
			// records are not acknowledged, and the output's lock keeps a
			// half-written request out of it.
			srv.Close()
			err = fmt.Errorf("shutdown: %w", err)
		} else if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
			err = serr
		}
	}
	if cerr := h.out.close(); cerr != nil && err == nil {
		err = fmt.Errorf("close output: %w", cerr)
	}
	logger.Printf("%d records written from %d requests; %d requests rejected",
		h.records.Load(), h.accepted.Load(), h.rejected.Load())
	return err
}
