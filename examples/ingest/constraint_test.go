package main

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Every string field of the wire types is dropped, pseudonymized,
// scrubbed or generalized by its deid tag, or constrained by validate to
// a few values: a string field added later with deid:"keep" fails here
// until it is constrained.
func TestStringFieldsNeverFreeText(t *testing.T) {
	transforming := map[string]bool{"drop": true, "pseudonymize": true, "scrub": true, "year": true, "truncate_ip": true, "redact": true}
	var walk func(typ reflect.Type, prefix string)
	walk = func(typ reflect.Type, prefix string) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			path := prefix + f.Name
			tag, _, _ := strings.Cut(f.Tag.Get("deid"), ",")
			switch {
			case f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Time]():
				walk(f.Type, path+".")
			case f.Type.Kind() != reflect.String:
			case transforming[tag]:
			case tag == "keep" && constrained[path]:
			default:
				t.Errorf("string field %s is kept as sent (deid:%q) without a constraint in validate", path, tag)
			}
		}
	}
	walk(reflect.TypeFor[Measurement](), "")
}

// Each constrained field refuses free text holding identifiers.
func TestConstrainedFieldsRefuseFreeText(t *testing.T) {
	const freeText = "Jane Doe jane.doe@example.com 415-555-2671"
	bodies := map[string]string{
		"Sex":          `{"user_id":"u-1","measured_at":"2025-03-05T07:12:44Z","sex":"` + freeText + `"}`,
		"Device.Model": `{"user_id":"u-1","measured_at":"2025-03-05T07:12:44Z","device":{"model":"` + freeText + `"}}`,
	}
	for path := range constrained {
		body, ok := bodies[path]
		if !ok {
			t.Errorf("no test body for the constrained field %s", path)
			continue
		}
		h, out := newTestHandler(t, 1<<20, 100)
		code, answer := post(t, h, "application/json", body)
		if code != http.StatusBadRequest || out.String() != "" {
			t.Errorf("%s: status %d, output %q", path, code, out.String())
		}
		for _, leak := range []string{"Jane", "jane", "555"} {
			if strings.Contains(answer, leak) {
				t.Errorf("%s: answer echoes %q: %s", path, leak, answer)
			}
		}
	}
}

func TestDeviceModelCatalogue(t *testing.T) {
	h, out := newTestHandler(t, 1<<20, 100)
	code, answer := post(t, h, "application/json", `{"user_id":"u-1","measured_at":"2025-03-05T07:12:44Z","device":{"model":"  bpm   CORE "}}`)
	if code != http.StatusOK || !strings.Contains(out.String(), `"model":"BPM Core"`) {
		t.Fatalf("%d %s; output %s", code, answer, out.String())
	}
	for _, model := range []string{"John Smith", "BPM Core jane@example.com", strings.Repeat("BPM Core ", 100)} {
		code, answer := post(t, h, "application/json", `{"user_id":"u-1","measured_at":"2025-03-05T07:12:44Z","device":{"model":"`+model+`"}}`)
		if code != http.StatusBadRequest || !strings.Contains(answer, "field device.model: not a model of the service's catalogue") || strings.Contains(answer, "John") {
			t.Errorf("%.20q: %d %s", model, code, answer)
		}
	}
	c, err := readCatalogue(strings.NewReader("# models\n\nAcme Scale 1\n  Acme   Watch  \n"))
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := c.canonical("acme watch"); !ok || m != "Acme   Watch" {
		// The catalogue's spelling is the line as written, trimmed.
		t.Fatalf("%q %v", m, ok)
	}
	if _, err := readCatalogue(strings.NewReader("ok\n\xff\xfe\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("invalid UTF-8 accepted: %v", err)
	}
}
