package deid

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// quarantineReason is the line-free description of a record error, by which
// the report counts quarantined records. It names the field and the cause,
// never the value.
func quarantineReason(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		if fe.Field == "" {
			return fmt.Sprintf("%s: %s", fe.Action, causeText(fe.Err))
		}
		return fmt.Sprintf("field %q (%s): %s", fe.Field, fe.Action, causeText(fe.Err))
	}
	return err.Error()
}

// appendQuarantine appends one quarantine line: a JSON object with the
// line number, the reason and the raw record (as a string when it is valid
// UTF-8, else base64 so that no byte is lost).
func appendQuarantine(dst []byte, line int64, reason string, raw []byte) []byte {
	dst = append(dst, `{"line":`...)
	dst = strconv.AppendInt(dst, line, 10)
	dst = append(dst, `,"reason":`...)
	dst = appendJSON(dst, reason)
	if utf8.Valid(raw) {
		dst = append(dst, `,"record":`...)
		dst = appendJSON(dst, string(raw))
	} else {
		dst = append(dst, `,"record_base64":`...)
		dst = appendJSON(dst, raw) // encoding/json writes []byte as base64
	}
	return append(dst, "}\n"...)
}

func appendJSON(dst []byte, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return append(dst, `null`...) // strings and byte slices always marshal
	}
	return append(dst, b...)
}
