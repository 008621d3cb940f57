package keyfile

import "fmt"

// DemoFlag is the name of the flag by which a user accepts the public demo
// keys on an input of their own.
const DemoFlag = "demo-keys"

// DemoFlagUsage is its usage text.
const DemoFlagUsage = "run on the public DEMO keys although the input is your own (tests and demonstrations only: anyone can recompute or reverse what they protect)"

// CheckDemo refuses the demo keys on a user's own input unless the user
// asked for them (allowed, by -demo-keys): the demo keys are in the source
// tree, so pseudonyms made with them are reversed by hashing candidate IDs,
// and tokens open for anyone. The demo keys are in use when keysetPath is
// empty, as Load decides. input names the user's input as the message
// should ("-in", "the requests"); "" means the program's built-in sample,
// which needs no flag. A program given real input and no -keyset used to
// go on with a warning on stderr that nobody reads in a scheduled job.
//
// The error wraps ErrUsage: it is checked with the command line, before
// anything is read or written.
func CheckDemo(keysetPath, input string, allowed bool) error {
	if keysetPath == "" && input != "" && !allowed {
		return fmt.Errorf("%w: %s without -keyset would use the public DEMO keys, with which anyone can recompute or reverse the pseudonyms; pass -keyset and -kek-keyset (or -%s for a demonstration)", ErrUsage, input, DemoFlag)
	}
	return nil
}

// Input names the input flag for CheckDemo when it is given (value not
// empty), and the built-in sample ("") when it is not.
func Input(flag, value string) string {
	if value == "" {
		return ""
	}
	return flag
}
