package pseudo

import (
	"context"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Who and why are what an audit event says of a reversal, read by people
// and by tools line by line. Text that cannot say it is refused, as no
// who and why at all: invisible text (white space, a zero-width space, a
// filler letter) would record a reversal by nobody; a control character
// or line separator rewrites what a terminal or a line-oriented reader
// shows; bytes that are not UTF-8 would be recorded as U+FFFD, another
// text than the one given.

// auditTextProblem says why s cannot be the who or why of an audit
// event, or returns "".
func auditTextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	visible := false
	for i, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Sprintf("holds a control character or line separator at byte %d", i)
		}
		if unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) && !blankLetter(r) {
			visible = true
		}
	}
	if !visible {
		return "has no visible character"
	}
	return ""
}

// blankLetter reports whether r is a letter or symbol that renders as
// blank space (Hangul fillers, the blank Braille pattern).
func blankLetter(r rune) bool {
	switch r {
	case '\u115f', '\u1160', '\u3164', '\uffa0', '\u2800':
		return true
	}
	return false
}

// auditInfoError is the error of a context whose who and why AuditInfo
// does not accept: ErrNoAuditInfo, saying which of the two is wrong and
// how, never repeating it.
func auditInfoError(ctx context.Context) error {
	i, ok := ctx.Value(auditInfoKey{}).(auditInfo)
	if !ok {
		return ErrNoAuditInfo
	}
	if p := auditTextProblem(i.who); p != "" {
		return fmt.Errorf("%w: who %s", ErrNoAuditInfo, p)
	}
	if p := auditTextProblem(i.why); p != "" {
		return fmt.Errorf("%w: why %s", ErrNoAuditInfo, p)
	}
	return ErrNoAuditInfo
}
