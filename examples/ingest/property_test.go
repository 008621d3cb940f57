package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// A placement puts a generated identifier somewhere in a request. Where
// the service accepts the request (ok), the identifier must not reach the
// output; where it rejects it, the answer must not repeat it. Either way,
// a rejected request writes nothing.
type placement struct {
	name string
	ok   bool
	body func(q string) string // q is the identifier as a JSON string
}

const base = `"measured_at":"2025-03-05T07:12:44Z","steps":1200`

var placements = []placement{
	{"user_id", true, func(q string) string { return `{"user_id":` + q + `,` + base + `}` }},
	{"email", true, func(q string) string { return `{"user_id":"u-1","email":` + q + `,` + base + `}` }},
	{"name", true, func(q string) string { return `{"user_id":"u-1","name":` + q + `,` + base + `}` }},
	{"phone", true, func(q string) string { return `{"user_id":"u-1","phone":` + q + `,` + base + `}` }},
	{"serial", true, func(q string) string { return `{"user_id":"u-1","device":{"serial":` + q + `},` + base + `}` }},
	{"mac", true, func(q string) string { return `{"user_id":"u-1","device":{"mac":` + q + `},` + base + `}` }},
	{"device model", false, func(q string) string { return `{"user_id":"u-1","device":{"model":` + q + `},` + base + `}` }},
	{"device model after a known one", false, func(q string) string {
		return `[{"user_id":"u-1","device":{"model":"BPM Core"},` + base + `},{"user_id":"u-2","device":{"model":` + q + `},` + base + `}]`
	}},
	{"batch", true, func(q string) string {
		return `[{"user_id":"u-1",` + base + `},{"user_id":` + q + `,"email":` + q + `,` + base + `}]`
	}},
	{"unknown key", false, func(q string) string { return `{"user_id":"u-1",` + q + `:"x",` + base + `}` }},
	{"unknown field's value", false, func(q string) string { return `{"user_id":"u-1","imei":` + q + `,` + base + `}` }},
	{"unknown nested field", false, func(q string) string { return `{"user_id":"u-1","device":{"imei":` + q + `},` + base + `}` }},
	{"ip", false, func(q string) string { return `{"user_id":"u-1","ip":` + q + `,` + base + `}` }},
	{"date of birth", false, func(q string) string { return `{"user_id":"u-1","date_of_birth":` + q + `,` + base + `}` }},
	{"sex", false, func(q string) string { return `{"user_id":"u-1","sex":` + q + `,` + base + `}` }},
	{"measured_at", false, func(q string) string { return `{"user_id":"u-1","measured_at":` + q + `}` }},
	{"string for a number", false, func(q string) string { return `{"user_id":"u-1",` + base + `,"heart_rate":` + q + `}` }},
	{"array of strings", false, func(q string) string { return `[` + q + `]` }},
	{"syntax error after", false, func(q string) string { return `{"user_id":` + q + ` "email":1}` }},
	{"unquoted", false, func(q string) string { return `{"user_id":` + strings.Trim(q, `"`) + `}` }},
	{"truncated", false, func(q string) string { return `{"user_id":"u-1","note":` + q }},
	{"no user", false, func(q string) string { return `{"email":` + q + `,` + base + `}` }},
	{"bad record after good ones", false, func(q string) string {
		return `[{"user_id":"u-1",` + base + `},{"user_id":"u-2",` + base + `,"ip":` + q + `}]`
	}},
}

func TestPropertyNoEchoNoLeak(t *testing.T) {
	h, out := newTestHandler(t, 1<<20, 100)
	props := testenv.Properties(500)
	// Identifiers start with a capital Q, which neither the hex pseudonyms
	// nor the service's fixed answers contain.
	idGen := gen.RegexMatch(`Q[A-Za-z0-9@._+:-]{5,24}`)
	props.Property("an answer never repeats the identifier; an output never holds it", prop.ForAll(func(id string, k int) string {
		p := placements[k]
		q, _ := json.Marshal(id)
		before := len(out.String())
		code, answer := post(t, h, "application/json", p.body(string(q)))
		written := out.String()[before:]
		switch {
		case strings.Contains(answer, id) || strings.Contains(answer, strings.Trim(string(q), `"`)):
			return fmt.Sprintf("%s: the answer repeats the identifier: %s", p.name, answer)
		case strings.Contains(written, id):
			return fmt.Sprintf("%s: the output holds the identifier: %s", p.name, written)
		case p.ok && code != http.StatusOK:
			return fmt.Sprintf("%s: status %d %s", p.name, code, answer)
		case !p.ok && code != http.StatusBadRequest:
			return fmt.Sprintf("%s: status %d, want 400: %s", p.name, code, answer)
		case !p.ok && written != "":
			return fmt.Sprintf("%s: a rejected request wrote %q", p.name, written)
		case p.ok && written == "":
			return fmt.Sprintf("%s: nothing written", p.name)
		}
		return ""
	}, idGen, gen.IntRange(0, len(placements)-1)))
	props.TestingRun(t)
}
