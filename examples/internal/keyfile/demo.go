package keyfile

import "fmt"

// DemoFlag is the name of the flag by which a user accepts the public demo
// keys on an input of their own.
const DemoFlag = "demo-keys"

// DemoFlagUsage is its usage text.
const DemoFlagUsage = "run on the public DEMO keys although -in is given (tests and demonstrations only: anyone can recompute or reverse what they protect)"

// CheckDemo refuses the demo keys on a user's own input unless the user
// asked for them: the demo keys are in the source tree, so pseudonyms made
// with them are reversed by hashing candidate IDs, and tokens open for
// anyone. A program that runs on its built-in sample data (no -in) needs no
// flag; one given real input and no -keyset used to go on with a warning on
// stderr that nobody reads in a scheduled job.
func CheckDemo(keys Keys, realInput, allowed bool) error {
	if keys.Demo && realInput && !allowed {
		return fmt.Errorf("%w: -in without -keyset would use the public DEMO keys; pass -keyset and -kek-keyset (or -%s for a demonstration)", ErrUsage, DemoFlag)
	}
	return nil
}
