package release

import (
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/internal/samefile"
	"github.com/deidkit/deidkit/internal/nilarg"
)

// checkRunArgs refuses an input or output Run could not use: nil, or an
// interface holding a nil pointer (a nil *os.File as the io.Reader, a
// nil *T as the Writer), whose first method call would panic, in a
// goroutine of the stage where the caller cannot recover it. The error
// is both ErrConfig and deid.ErrNilArgument, as deid's Transformer.Run
// reports the same mistake.
//
// It also refuses a quarantine that is the output Writer's destination
// (of CSV and NDJSON) or the input: the quarantine's raw, identified
// records would be written into the release, or over the input. The
// error is both ErrConfig and deid.ErrSameFile.
func checkRunArgs(in io.Reader, out Writer, quarantine io.Writer) error {
	if nilarg.Is(in) {
		return fmt.Errorf("%w: %w: Run needs an input, got %T", ErrConfig, deid.ErrNilArgument, in)
	}
	if nilarg.Is(out) {
		return fmt.Errorf("%w: %w: Run needs an output Writer, got %T", ErrConfig, deid.ErrNilArgument, out)
	}
	if d, ok := out.(interface{ destination() io.Writer }); ok && samefile.Same(quarantine, d.destination()) {
		return fmt.Errorf("%w: %w: Config.Field.Quarantine is the output: raw records would be written into the release", ErrConfig, deid.ErrSameFile)
	}
	if samefile.Same(quarantine, in) {
		return fmt.Errorf("%w: %w: Config.Field.Quarantine is the input: raw records would be written over it", ErrConfig, deid.ErrSameFile)
	}
	return nil
}
