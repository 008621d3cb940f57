package exportcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
)

// A Command is an export program.
type Command struct {
	// Name is the program's name, as it prefixes its messages.
	Name string
	// Summary says what the program makes, for -h ("the research
	// release of a measurement export").
	Summary string
	// Output names the release in the built-in sample's run ("research":
	// research.csv in a new temporary directory).
	Output string
	// OutFormat is the output format when neither -out-format nor the
	// extension of -out gives one; "" means the input's format.
	OutFormat string
	// Domain is the default of -domain; "" leaves it to Setup.
	Domain string
	// Tokens: the program takes -token-keyset.
	Tokens bool
	// Flags registers the program's own flags.
	Flags func(fs *flag.FlagSet)
	// Check checks the program's own flags once the command line is
	// parsed; set holds the names of the flags given. An error is a usage
	// error.
	Check func(o *Options, set map[string]bool) error
	// Files are the files that the program's own flags name, which must
	// be distinct from the others.
	Files func() []exportfile.Named
	// Setup makes the release's field policy, and its k-anonymity stage
	// if any, for the input's field names and the keys.
	Setup func(o *Options, fields []string, keys deid.Keys) (*Setup, error)
}

// Setup is what a program releases: the field policy (and the profile's
// report, when a profile made it), and the k-anonymity stage if any.
type Setup struct {
	Policy  *deid.Policy
	Profile *deid.ProfileReport
	Privacy *release.Privacy
	// Notes are lines to print and keep in the report (such as what k
	// counts when the output names no person).
	Notes []string
}

// Main runs the command with the process's arguments and exits with its
// status. SIGINT and SIGTERM stop the job as a failure: its outputs are
// removed and its report says so.
func (c *Command) Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := c.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

// Run runs the command with args and returns its exit status.
func (c *Command) Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := c.parse(args, stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n(%s -h lists the flags)\n", c.Name, err, c.Name)
		return ExitUsage
	}
	j := &job{cmd: c, o: o, stdin: stdin, stdout: stdout, stderr: stderr}
	if err := j.run(ctx); err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", c.Name, message(err))
		return ExitFailed
	}
	return ExitOK
}

// message is what a failed job prints: the error, with a hint where
// one helps.
func message(err error) string {
	if errors.Is(err, deid.ErrHeaderLooksLikeData) {
		return fmt.Sprintf("input: %v; a CSV input needs a first row that names its fields "+
			"(the values are not repeated here)", err)
	}
	if errors.Is(err, deid.ErrKeptIdentifier) {
		return fmt.Sprintf("%v (or pass -allow-kept-identifiers to release such fields as they are)", err)
	}
	return err.Error()
}

// UsageError is an error in the command line.
type UsageError struct{ msg string }

func (e UsageError) Error() string { return e.msg }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }
