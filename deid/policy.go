package deid

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/internal/nilarg"
	"github.com/deidkit/deidkit/pseudo"
)

// Action names what a field rule does to a value.
type Action string

// The actions. Each is described, with its parameters, in the package
// documentation.
const (
	Keep         Action = "keep"
	Drop         Action = "drop"
	Redact       Action = "redact"
	Replace      Action = "replace"
	Mask         Action = "mask"
	Pseudonymize Action = "pseudonymize"
	Tokenize     Action = "tokenize"
	FPE          Action = "fpe"
	Year         Action = "year"
	Month        Action = "month"
	DateShift    Action = "date_shift"
	Age          Action = "age"
	ZIP3         Action = "zip3"
	TruncateIP   Action = "truncate_ip"
	Round        Action = "round"
	Bucket       Action = "bucket"
	Scrub        Action = "scrub"
)

// A Policy says what happens to every field of a record. It is data: load
// it with [ParsePolicy] (JSON) or build it in code, then [Compile] it.
type Policy struct {
	// Name labels the policy in reports.
	Name string `json:"name,omitempty"`
	// Default is the action for fields no rule names: Drop (the default
	// when empty) or Keep. Under Keep, a field that no rule names but
	// that is spelled like a rule's field but for letter case, spacing,
	// punctuation or the form of its letters ("Subject_Ref" beside a rule
	// for "subject_ref") is a policy error: it would go out as it is
	// beside the values the rule transforms. Give it a rule of its own.
	Default Action `json:"default,omitempty"`
	// ReferenceDate ("YYYY-MM-DD") is the date ages are computed at, for
	// top-coding and age conditions.
	ReferenceDate string `json:"reference_date,omitempty"`
	// Fields are the field rules, at most one per field.
	Fields []Rule `json:"fields"`
	// Suppress are record rules: a record matching any is not released.
	Suppress []Condition `json:"suppress,omitempty"`
}

// A Rule applies an action to one field: a column name, or a path into
// nested JSON ("device.serial", "readings[].user_id"; see the package
// documentation). Drop takes whatever the path holds; every other action
// takes a single value, and an object or array there is a record error.
type Rule struct {
	Field  string `json:"field"`
	Action Action `json:"action"`

	// redact
	Token string `json:"token,omitempty"`
	// replace
	Value *string `json:"value,omitempty"`
	// mask
	KeepFirst int    `json:"keep_first,omitempty"`
	KeepLast  int    `json:"keep_last,omitempty"`
	MaskChar  string `json:"mask_char,omitempty"`
	// pseudonymize, fpe, date_shift, scrub (pseudonym replacement).
	// Pseudonym domains starting with "date-shift/" are date_shift's own:
	// pseudonymize and scrub refuse them.
	Domain string `json:"domain,omitempty"`
	// pseudonymize, tokenize, fpe, date_shift, scrub (pseudonym
	// replacement): the ID of the key to use instead of the keyset's
	// primary, so that rotating the keyset leaves the rule's output as it
	// is (see [Keys])
	KeyID *uint32 `json:"key_id,omitempty"`
	// pseudonymize
	Bits       int    `json:"bits,omitempty"`
	Encoding   string `json:"encoding,omitempty"`
	KeyVersion bool   `json:"key_version,omitempty"`
	// tokenize
	Context string `json:"context,omitempty"`
	// fpe: "digits", "alphanumeric" (lowercase), "ALPHANUMERIC", or the
	// characters themselves; pass_through, characters outside the alphabet
	// kept unchanged in place (separators: "-", or "SN-" for "SN-004217")
	Alphabet    string `json:"alphabet,omitempty"`
	PassThrough string `json:"pass_through,omitempty"`
	// year, month: top-code dates of people aged 90 or more (default true)
	TopCode *bool `json:"top_code,omitempty"`
	// year, month, age: the top-coded category (default "90+")
	Label string `json:"label,omitempty"`
	// date_shift: the field naming the person, whose dates all move by
	// one offset of 1 to max_days days, earlier or later (never 0)
	Person  string `json:"person,omitempty"`
	MaxDays int    `json:"max_days,omitempty"`
	// truncate_ip: prefix lengths kept (defaults 24 and 48)
	IPv4Prefix *int `json:"ipv4_prefix,omitempty"`
	IPv6Prefix *int `json:"ipv6_prefix,omitempty"`
	// round
	Decimals *int `json:"decimals,omitempty"`
	// bucket: fixed width from an origin, or explicit ranges
	Width  float64 `json:"width,omitempty"`
	Origin float64 `json:"origin,omitempty"`
	Ranges []Range `json:"ranges,omitempty"`
	// scrub: "tag" (default) or "pseudonym"; which kinds (default all)
	With  string   `json:"with,omitempty"`
	Kinds []string `json:"kinds,omitempty"`
	// scrub: more fields of the record whose values are replaced in the
	// text, besides those found by their names ("field" or "field:kind";
	// see scrub_known.go)
	Known []string `json:"known,omitempty"`

	// keep: what every value must be, or the record is an error naming
	// the field (never the value). "number": a measurement written with
	// digits and the signs of numbers only (see [ExpectNumber]), so that
	// a name or a note in a column named like a measurement is refused,
	// not released. The profiles set it on the measurements they keep.
	Expect string `json:"expect,omitempty"`

	// AllowNoop accepts parameters that leave values (nearly) as they
	// are: truncate_ip keeping every bit, round to more than
	// maxRoundDecimals places, buckets narrower than minBucketWidth.
	// Without it such a rule is refused: its report would say the values
	// were generalized when they were not.
	AllowNoop bool `json:"allow_noop,omitempty"`
}

// The finest generalizations a rule may ask for without allow_noop: 4
// decimal places are about 11 m of latitude, finer than any release
// needs and than most measurements are written with, so that rounding to
// more places changes nothing; a bucket must be at least as wide as the
// finest rounding.
const (
	maxRoundDecimals = 4
	minBucketWidth   = 1e-4
)

// A Range is one bucket of explicit bucketing: Min <= v < Max, with an
// open end where Min or Max is nil.
type Range struct {
	Min   *float64 `json:"min,omitempty"`
	Max   *float64 `json:"max,omitempty"`
	Label string   `json:"label"`
}

// A Condition suppresses the records it matches. Exactly one test is set.
type Condition struct {
	// Name labels the condition in reports (default: field and test).
	Name  string `json:"name,omitempty"`
	Field string `json:"field"`
	// In matches a value equal to one of these.
	In []string `json:"in,omitempty"`
	// NotIn matches a value equal to none of these: the fail-closed way to
	// require consent ("not_in": ["true"]).
	NotIn []string `json:"not_in,omitempty"`
	// Below matches a number below this.
	Below *float64 `json:"below,omitempty"`
	// AgeBelow matches a date of birth of someone younger than this at the
	// policy's reference date.
	AgeBelow *int `json:"age_below,omitempty"`
}

// params lists the parameters each action accepts, to refuse a parameter
// that an action would silently ignore (a typo or a misunderstanding).
var params = map[Action][]string{
	Keep:         {},
	Drop:         {},
	Redact:       {"token"},
	Replace:      {"value"},
	Mask:         {"keep_first", "keep_last", "mask_char"},
	Pseudonymize: {"domain", "bits", "encoding", "key_version", "key_id"},
	Tokenize:     {"context", "key_id"},
	FPE:          {"domain", "alphabet", "pass_through", "key_id"},
	Year:         {"top_code", "label"},
	Month:        {"top_code", "label"},
	DateShift:    {"person", "max_days", "domain", "key_id"},
	Age:          {"label"},
	ZIP3:         {},
	TruncateIP:   {"ipv4_prefix", "ipv6_prefix", "allow_noop"},
	Round:        {"decimals", "allow_noop"},
	Bucket:       {"width", "origin", "ranges", "allow_noop"},
	Scrub:        {"with", "domain", "kinds", "known", "key_id"},
}

// actionNames returns the names of the policy's actions, sorted.
func actionNames() []string {
	names := make([]string, 0, len(params))
	for a := range params {
		names = append(names, string(a))
	}
	slices.Sort(names)
	return names
}

// ParsePolicy reads a policy from JSON and validates it. Unknown members,
// unknown actions and parameters that do not apply to a rule's action are
// errors naming the rule.
func ParsePolicy(data []byte) (*Policy, error) {
	if err := checkMembers(data); err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) && pe.Rule >= 0 {
			pe.Field = ruleField(data, pe.Kind, pe.Rule)
		}
		return nil, err
	}
	var raw struct {
		Name          string            `json:"name"`
		Default       Action            `json:"default"`
		ReferenceDate string            `json:"reference_date"`
		Fields        []json.RawMessage `json:"fields"`
		Suppress      []json.RawMessage `json:"suppress"`
	}
	if err := strictUnmarshal(data, &raw); err != nil {
		return nil, &PolicyError{Rule: -1, Msg: err.Error()}
	}
	p := &Policy{Name: raw.Name, Default: raw.Default, ReferenceDate: raw.ReferenceDate}
	for i, rm := range raw.Fields {
		var members map[string]json.RawMessage
		if err := json.Unmarshal(rm, &members); err != nil {
			return nil, &PolicyError{Rule: i, Kind: "field rule", Msg: "not a JSON object"}
		}
		var r Rule
		if err := strictUnmarshal(rm, &r); err != nil {
			return nil, &PolicyError{Rule: i, Kind: "field rule", Field: r.Field, Msg: err.Error()}
		}
		if allowed, ok := params[r.Action]; ok {
			for m := range members {
				// expect is a policy's alone: a struct's kept fields are
				// typed by Go, so the tags take no such parameter.
				if m != "field" && m != "action" && !slices.Contains(allowed, m) && (m != "expect" || r.Action != Keep) {
					return nil, &PolicyError{Rule: i, Kind: "field rule", Field: r.Field,
						Msg: fmt.Sprintf("parameter %q does not apply to action %q", m, r.Action) + takes(r.Action)}
				}
			}
		}
		p.Fields = append(p.Fields, r)
	}
	for i, rm := range raw.Suppress {
		var c Condition
		if err := strictUnmarshal(rm, &c); err != nil {
			return nil, &PolicyError{Rule: i, Kind: "suppress rule", Field: c.Field, Msg: err.Error()}
		}
		p.Suppress = append(p.Suppress, c)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// takes says which parameters action a takes, for messages.
func takes(a Action) string {
	if len(params[a]) == 0 {
		return fmt.Sprintf(" (%s takes none)", a)
	}
	return fmt.Sprintf(" (%s takes %s)", a, strings.Join(params[a], ", "))
}

// ruleField returns the field of rule i of the field or suppress rules
// (kind) of a policy document, or "" when the document does not say.
func ruleField(data []byte, kind string, i int) string {
	var doc struct {
		Fields   []struct{ Field any } `json:"fields"`
		Suppress []struct{ Field any } `json:"suppress"`
	}
	json.Unmarshal(data, &doc) // best effort: what decodes names the rule
	rules := doc.Fields
	if kind == "suppress rule" {
		rules = doc.Suppress
	}
	if i < len(rules) {
		if f, ok := rules[i].Field.(string); ok {
			return f
		}
	}
	return ""
}

// schemaNames are the member names of a policy document, exactly as
// written: encoding/json matches names case-insensitively and lets a
// repeated member overwrite the first, so "Fields" after "fields" would
// silently replace a policy's rules.
var schemaNames = func() map[string]bool {
	names := map[string]bool{}
	for _, v := range []any{Policy{}, Rule{}, Range{}, Condition{}} {
		t := reflect.TypeOf(v)
		for i := range t.NumField() {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" {
				names[name] = true
			}
		}
	}
	return names
}()

// schemaList is schemaNames, sorted.
var schemaList = slices.Sorted(maps.Keys(schemaNames))

// checkMembers walks the document and refuses a member name that is not
// one of the schema's exactly, and a member given twice in one object,
// naming the rule it is in.
func checkMembers(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := checkValue(dec, 0, &PolicyError{Rule: -1}); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return &PolicyError{Rule: -1, Msg: "trailing data after the JSON value"}
	}
	return nil
}

// checkValue checks the value the decoder is at; where locates it.
func checkValue(dec *json.Decoder, depth int, where *PolicyError) error {
	fail := func(format string, args ...any) error {
		e := *where
		e.Msg = fmt.Sprintf(format, args...)
		return &e
	}
	if depth > 16 {
		return fail("nested too deeply for a policy")
	}
	tok, err := dec.Token()
	if err != nil {
		return fail("%v", err)
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return fail("%v", err)
			}
			name := k.(string) // the decoder only returns strings as keys
			if !schemaNames[name] {
				return fail("unknown member %q%s", name, didYouMean(name, schemaList))
			}
			if seen[name] {
				return fail("member %q given twice", name)
			}
			seen[name] = true
			inner := where
			if depth == 0 && (name == "fields" || name == "suppress") {
				inner = &PolicyError{Rule: -1, Kind: map[string]string{"fields": "field rule", "suppress": "suppress rule"}[name]}
			}
			if err := checkValue(dec, depth+1, inner); err != nil {
				return err
			}
		}
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			elem := where
			if where.Kind != "" && where.Rule < 0 {
				elem = &PolicyError{Rule: i, Kind: where.Kind}
			}
			if err := checkValue(dec, depth+1, elem); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return fail("%v", err)
	}
	return nil
}

// ReadPolicy reads and validates a JSON policy from r.
func ReadPolicy(r io.Reader) (*Policy, error) {
	if nilarg.Is(r) {
		return nil, fmt.Errorf("%w: ReadPolicy needs a reader", ErrNilArgument)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxPolicyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPolicyBytes {
		return nil, &PolicyError{Rule: -1, Msg: fmt.Sprintf("larger than %d bytes", maxPolicyBytes)}
	}
	return ParsePolicy(data)
}

const maxPolicyBytes = 4 << 20

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// encoding/json names the member or the offset, never the policy's
		// values beyond the offending token.
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

// Validate checks the policy on its own, without an input: every rule has
// a known action with the parameters it needs, no field has two rules, and
// every condition has exactly one test.
func (p *Policy) Validate() error {
	if i := controlAt(p.Name); i >= 0 {
		return &PolicyError{Rule: -1, Msg: fmt.Sprintf("name: %v at byte %d", ErrControlInName, i), Err: ErrControlInName}
	}
	switch p.Default {
	case "", Drop, Keep:
	default:
		return &PolicyError{Rule: -1, Msg: fmt.Sprintf("default must be %q or %q, not %q", Drop, Keep, p.Default)}
	}
	ref, err := p.referenceDate()
	if err != nil {
		return err
	}
	seen := map[string]int{}
	for i := range p.Fields {
		r := &p.Fields[i]
		bad := func(format string, args ...any) error {
			return &PolicyError{Rule: i, Kind: "field rule", Field: r.Field, Msg: fmt.Sprintf(format, args...)}
		}
		if j := controlAt(r.Field); j >= 0 {
			return &PolicyError{Rule: i, Kind: "field rule", Msg: fmt.Sprintf("field: %v at byte %d", ErrControlInName, j), Err: ErrControlInName}
		}
		if err := validPath(r.Field); err != nil {
			return bad("%s", err)
		}
		if j, dup := seen[r.Field]; dup {
			return bad("field already has rule %d", j)
		}
		seen[r.Field] = i
		if _, ok := params[r.Action]; !ok {
			if r.Action == "" {
				return bad("no action")
			}
			return bad("unknown action %q%s (known: %s)", r.Action, didYouMean(string(r.Action), actionNames()), joinActions())
		}
		if err := r.validate(ref.IsZero()); err != nil {
			return bad("%s", err)
		}
	}
	if err := p.validateShapes(seen); err != nil {
		return err
	}
	for i, c := range p.Suppress {
		if err := c.validate(ref.IsZero()); err != nil {
			return &PolicyError{Rule: i, Kind: "suppress rule", Field: c.Field, Msg: err.Error()}
		}
	}
	return nil
}

// validateShapes checks that the rules agree on the shape of the records:
// a rule names a value, so no rule may name a path beneath another rule's
// (both would claim the same values), and no two rules may need one path
// to be an object and an array.
func (p *Policy) validateShapes(rules map[string]int) error {
	type need struct {
		kind byte
		rule int
	}
	needs := map[string]need{}
	for i := range p.Fields {
		f := p.Fields[i].Field
		var err error
		forEnclosing(f, func(enc string, kind byte) bool {
			if j, ok := rules[enc]; ok {
				err = &PolicyError{Rule: i, Kind: "field rule", Field: f,
					Msg: fmt.Sprintf("field is beneath %q, which has rule %d", enc, j)}
				return false
			}
			if n, ok := needs[enc]; ok && n.kind != kind {
				err = &PolicyError{Rule: i, Kind: "field rule", Field: f,
					Msg: fmt.Sprintf("needs %q to be %s, rule %d needs it to be %s", enc, containerName(kind), n.rule, containerName(n.kind))}
				return false
			}
			needs[enc] = need{kind, i}
			return true
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func joinActions() string { return strings.Join(actionNames(), ", ") }

func (p *Policy) referenceDate() (time.Time, error) {
	if p.ReferenceDate == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, p.ReferenceDate)
	if err != nil {
		return time.Time{}, &PolicyError{Rule: -1, Msg: fmt.Sprintf("reference_date %q is not YYYY-MM-DD", p.ReferenceDate)}
	}
	return t, nil
}

func (p *Policy) defaultAction() Action {
	if p.Default == "" {
		return Drop
	}
	return p.Default
}

func (r *Rule) topCode() bool { return r.TopCode == nil || *r.TopCode }

func (r *Rule) label() string {
	if r.Label == "" {
		return "90+"
	}
	return r.Label
}

func (r *Rule) validate(noRefDate bool) error {
	if (r.Action == Pseudonymize || r.Action == Scrub) && strings.HasPrefix(r.Domain, dateShiftDomains) {
		// The pseudonyms of such a domain would be the MACs that
		// date_shift draws its offsets from: whoever holds them would
		// shift every date back.
		return fmt.Errorf("%s domain %q is reserved: domains starting with %q key date_shift's offsets", r.Action, r.Domain, dateShiftDomains)
	}
	if r.Expect != "" {
		if r.Action != Keep {
			return fmt.Errorf("expect applies to keep, not to %s (whose values are what the action makes of them)", r.Action)
		}
		if r.Expect != ExpectNumber {
			return fmt.Errorf("expect must be %q, not %q", ExpectNumber, r.Expect)
		}
	}
	switch r.Action {
	case Replace:
		if r.Value == nil {
			return fmt.Errorf("replace needs a value")
		}
	case Mask:
		if r.KeepFirst < 0 || r.KeepLast < 0 {
			return fmt.Errorf("keep_first and keep_last must not be negative")
		}
		if r.MaskChar != "" && len([]rune(r.MaskChar)) != 1 {
			return fmt.Errorf("mask_char must be one character")
		}
	case Pseudonymize:
		if r.Domain == "" {
			return fmt.Errorf(`pseudonymize needs a domain, one per recipient or purpose: "domain": "research/partner-x" in a policy, ` +
				`domain= in a struct tag, or deid.WithDomain for the tags of a type that name none`)
		}
		if r.Bits != 0 && (r.Bits < pseudo.MinBits || r.Bits > pseudo.MaxBits || r.Bits%8 != 0) {
			return fmt.Errorf("bits must be a multiple of 8 from %d to %d", pseudo.MinBits, pseudo.MaxBits)
		}
		if r.Encoding != "" {
			if _, err := pseudo.ParseEncoding(r.Encoding); err != nil {
				return fmt.Errorf("encoding must be hex, base32 or base64url, not %q", r.Encoding)
			}
		}
	case Tokenize:
		if r.Context == "" {
			return fmt.Errorf("tokenize needs a context")
		}
	case FPE:
		if r.Domain == "" {
			return fmt.Errorf(`fpe needs a domain: "domain": "serials" in a policy, domain= in a struct tag`)
		}
		if _, named := alphabets[r.Alphabet]; !named && !validAlphabet(r.Alphabet) {
			return fmt.Errorf("alphabet must be digits, alphanumeric, ALPHANUMERIC, or 2 or more distinct characters")
		}
		if r.PassThrough != "" {
			if !utf8.ValidString(r.PassThrough) {
				return fmt.Errorf("pass_through must be valid UTF-8")
			}
			if i := strings.IndexFunc(r.PassThrough, func(c rune) bool { return strings.ContainsRune(fpeAlphabet(r), c) }); i >= 0 {
				return fmt.Errorf("pass_through character %q is in the alphabet: a character is either encrypted or kept", []rune(r.PassThrough[i:])[0])
			}
		}
	case Year, Month:
		if r.topCode() && noRefDate {
			return fmt.Errorf("%s top-codes ages 90 and over, which needs the policy's reference_date (or \"top_code\": false)", r.Action)
		}
	case DateShift:
		if r.Person == "" {
			return fmt.Errorf("date_shift needs person, the field whose value identifies the person")
		}
		if throughArray(r.Person) {
			return fmt.Errorf("person %q is inside an array: a record would have several", r.Person)
		}
		if r.MaxDays < 1 || r.MaxDays > 3650 {
			return fmt.Errorf("date_shift needs max_days from 1 to 3650")
		}
	case TruncateIP:
		if r.IPv4Prefix != nil && (*r.IPv4Prefix < 0 || *r.IPv4Prefix > 32) {
			return fmt.Errorf("ipv4_prefix must be 0 to 32")
		}
		if r.IPv6Prefix != nil && (*r.IPv6Prefix < 0 || *r.IPv6Prefix > 128) {
			return fmt.Errorf("ipv6_prefix must be 0 to 128")
		}
		if !r.AllowNoop && ((r.IPv4Prefix != nil && *r.IPv4Prefix == 32) || (r.IPv6Prefix != nil && *r.IPv6Prefix == 128)) {
			return fmt.Errorf("ipv4_prefix 32 and ipv6_prefix 128 keep whole addresses: use a shorter prefix, or \"allow_noop\": true")
		}
	case Round:
		if r.Decimals == nil || *r.Decimals < 0 || *r.Decimals > 9 {
			return fmt.Errorf("round needs decimals from 0 to 9")
		}
		if !r.AllowNoop && *r.Decimals > maxRoundDecimals {
			return fmt.Errorf("round to %d places leaves values as precise as they are written: use at most %d, or \"allow_noop\": true", *r.Decimals, maxRoundDecimals)
		}
	case Bucket:
		return validateBuckets(r)
	case Scrub:
		switch r.With {
		case "", "tag":
		case "pseudonym":
			if r.Domain == "" {
				return fmt.Errorf(`scrub with pseudonyms needs a domain: "domain": "notes" in a policy, domain= in a struct tag`)
			}
		default:
			return fmt.Errorf("scrub replaces with \"tag\" or \"pseudonym\", not %q", r.With)
		}
		if r.KeyID != nil && r.With != "pseudonym" {
			return fmt.Errorf("key_id applies to scrub with pseudonyms (\"with\": \"pseudonym\"): tags need no key")
		}
		for _, name := range r.Kinds {
			if _, err := scrub.ParseKind(name); err != nil {
				return fmt.Errorf("unknown kind %q", name)
			}
		}
		return validateKnown(r.Known)
	}
	return nil
}

func validateBuckets(r *Rule) error {
	switch {
	case r.Width != 0 && len(r.Ranges) != 0:
		return fmt.Errorf("bucket takes width or ranges, not both")
	case r.Width < 0:
		return fmt.Errorf("bucket width must be positive")
	case r.Width == 0 && len(r.Ranges) == 0:
		return fmt.Errorf("bucket needs width or ranges")
	case r.Width != 0 && r.Width < minBucketWidth && !r.AllowNoop:
		return fmt.Errorf("bucket width below %g labels values as precisely as they are written: widen it, or \"allow_noop\": true", minBucketWidth)
	}
	for k, rg := range r.Ranges {
		if rg.Label == "" {
			return fmt.Errorf("range %d has no label", k)
		}
		if rg.Min != nil && rg.Max != nil && *rg.Min >= *rg.Max {
			return fmt.Errorf("range %d is empty (min >= max)", k)
		}
		if rg.Min != nil && rg.Max != nil && *rg.Max-*rg.Min < minBucketWidth && !r.AllowNoop {
			return fmt.Errorf("range %d is narrower than %g: its label tells the value; widen it, or \"allow_noop\": true", k, minBucketWidth)
		}
		if k > 0 {
			prev := r.Ranges[k-1]
			if prev.Max == nil || rg.Min == nil || *rg.Min < *prev.Max {
				return fmt.Errorf("ranges %d and %d overlap or are out of order", k-1, k)
			}
		}
	}
	return nil
}

func (c *Condition) validate(noRefDate bool) error {
	if c.Field == "" {
		return fmt.Errorf("no field named")
	}
	if throughArray(c.Field) {
		return fmt.Errorf("field is inside an array: a record would have several values to test")
	}
	n := 0
	for _, set := range []bool{c.In != nil, c.NotIn != nil, c.Below != nil, c.AgeBelow != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("needs exactly one of in, not_in, below, age_below")
	}
	if (c.In != nil && len(c.In) == 0) || (c.NotIn != nil && len(c.NotIn) == 0) {
		return fmt.Errorf("in and not_in need at least one value (an empty not_in would suppress every record)")
	}
	if c.AgeBelow != nil && noRefDate {
		return fmt.Errorf("age_below needs the policy's reference_date")
	}
	return nil
}

// label names the condition in reports.
func (c *Condition) label() string {
	if c.Name != "" {
		return c.Name
	}
	switch {
	case c.In != nil:
		return c.Field + " in list"
	case c.NotIn != nil:
		return c.Field + " not in list"
	case c.Below != nil:
		return fmt.Sprintf("%s below %g", c.Field, *c.Below)
	}
	return fmt.Sprintf("%s age below %d", c.Field, *c.AgeBelow)
}

// validAlphabet reports whether a is a usable FF1 alphabet: valid UTF-8,
// at least two characters, none twice.
func validAlphabet(a string) bool {
	if !utf8.ValidString(a) {
		return false
	}
	seen := map[rune]bool{}
	for _, r := range a {
		if seen[r] {
			return false
		}
		seen[r] = true
	}
	return len(seen) >= 2
}
