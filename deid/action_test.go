package deid

import (
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/pseudo"
)

func testKeys(t testing.TB) Keys {
	t.Helper()
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	tks, err := pseudo.NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	return Keys{Pseudonyms: ks, Tokens: tks}
}

func ptr[T any](v T) *T { return &v }

// applyRule runs one rule on a one-field record (plus an id field for
// date shifts) and returns the output value.
func applyRule(t *testing.T, keys Keys, ref string, r Rule, v string) (string, error) {
	t.Helper()
	p := &Policy{ReferenceDate: ref, Default: Keep, Fields: []Rule{r}}
	pl, err := Compile(p, []string{r.Field, "id"}, keys)
	if err != nil {
		t.Fatalf("compile %+v: %v", r, err)
	}
	var out Row
	_, err = pl.NewApplier(AllowKeptIdentifiers()).Apply(&out, [][]byte{[]byte(v), []byte("person-1")}) // the id field is kept, for date shifts
	if err != nil {
		return "", err
	}
	return string(out.Field(0)), nil
}

type actionCase struct {
	name    string
	rule    Rule
	in      string
	want    string
	wantErr error
}

func runActionCases(t *testing.T, ref string, cases []actionCase) {
	keys := testKeys(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.rule.Field == "" {
				tc.rule.Field = "f"
			}
			got, err := applyRule(t, keys, ref, tc.rule, tc.in)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field != tc.rule.Field {
					t.Fatalf("error %v does not name the field", err)
				}
				if tc.in != "" && strings.Contains(err.Error(), tc.in) {
					t.Fatalf("error %q reveals the value", err)
				}
				return
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBasicActions(t *testing.T) {
	runActionCases(t, "", []actionCase{
		{"keep", Rule{Action: Keep}, "Zoë", "Zoë", nil},
		{"redact default", Rule{Action: Redact}, "secret", "[REDACTED]", nil},
		{"redact token", Rule{Action: Redact, Token: "X"}, "secret", "X", nil},
		{"redact empty stays empty", Rule{Action: Redact}, "", "", nil},
		{"replace", Rule{Action: Replace, Value: ptr("US")}, "FR", "US", nil},
		{"replace empty too", Rule{Action: Replace, Value: ptr("US")}, "", "US", nil},
		{"mask last 4", Rule{Action: Mask, KeepLast: 4}, "4155552671", "******2671", nil},
		{"mask first and last", Rule{Action: Mask, KeepFirst: 1, KeepLast: 1, MaskChar: "#"}, "jane", "j##e", nil},
		{"mask non-ASCII by character", Rule{Action: Mask, KeepFirst: 1}, "Zoë Ørsted", "Z*********", nil},
		{"mask too short: all", Rule{Action: Mask, KeepFirst: 2, KeepLast: 2}, "abc", "***", nil},
		{"mask multibyte char", Rule{Action: Mask, KeepLast: 1, MaskChar: "•"}, "abc", "••c", nil},
	})
}

func TestDateActions(t *testing.T) {
	ref := "2026-01-01"
	runActionCases(t, ref, []actionCase{
		{"year", Rule{Action: Year}, "1985-07-14", "1985", nil},
		{"month", Rule{Action: Month}, "1985-07-14", "1985-07", nil},
		{"year of timestamp", Rule{Action: Year}, "2025-03-05T10:11:12.5+02:00", "2025", nil},
		{"leap day", Rule{Action: Year}, "2000-02-29", "2000", nil},
		{"no Feb 29 in 1900", Rule{Action: Year}, "1900-02-29", "", ErrMalformedDate},
		{"no Feb 30", Rule{Action: Month}, "2024-02-30", "", ErrMalformedDate},
		{"month 13", Rule{Action: Year}, "2024-13-01", "", ErrMalformedDate},
		{"trailing junk", Rule{Action: Year}, "2024-01-01x", "", ErrMalformedDate},
		{"bad time", Rule{Action: Year}, "2024-01-01T25:00:00Z", "", ErrMalformedDate},
		{"slashes", Rule{Action: Year}, "01/02/2024", "", ErrMalformedDate},
		{"empty stays empty", Rule{Action: Year}, "", "", nil},
		// Ages at 2026-01-01: exactly 89 is released, exactly 90 is not.
		{"age 89 (birthday today)", Rule{Action: Year}, "1937-01-01", "1937", nil},
		{"age 89 (90 tomorrow)", Rule{Action: Year}, "1936-01-02", "1936", nil},
		{"age 90 (birthday today)", Rule{Action: Year}, "1936-01-01", "90+", nil},
		{"age 91", Rule{Action: Month}, "1934-06-30", "90+", nil},
		{"custom label", Rule{Action: Year, Label: ">=90"}, "1920-05-05", ">=90", nil},
		{"top coding off", Rule{Action: Year, TopCode: ptr(false)}, "1920-05-05", "1920", nil},
		{"bare year, may be 90", Rule{Action: Year}, "1936", "90+", nil},
		{"bare year, at most 89", Rule{Action: Year}, "1937", "1937", nil},
		{"bare year malformed", Rule{Action: Year}, "19x6", "", ErrMalformedDate},
		{"age 45", Rule{Action: Age}, "45", "45", nil},
		{"age 89", Rule{Action: Age}, "89", "89", nil},
		{"age 90", Rule{Action: Age}, "90", "90+", nil},
		{"age 104", Rule{Action: Age}, "104", "90+", nil},
		{"age negative", Rule{Action: Age}, "-3", "", ErrOutOfRange},
		{"age 200", Rule{Action: Age}, "200", "", ErrOutOfRange},
		{"age fractional", Rule{Action: Age}, "45.5", "", ErrMalformedNumber},
	})
}

func TestGeoActions(t *testing.T) {
	runActionCases(t, "", []actionCase{
		{"zip3", Rule{Action: ZIP3}, "94110", "941", nil},
		{"zip+4", Rule{Action: ZIP3}, "94110-1234", "941", nil},
		{"restricted 036", Rule{Action: ZIP3}, "03601", "000", nil},
		{"restricted 893 zip+4", Rule{Action: ZIP3}, "89301-0001", "000", nil},
		{"restricted 102", Rule{Action: ZIP3}, "10200", "000", nil},
		{"zip too short", Rule{Action: ZIP3}, "9411", "", ErrMalformedZIP},
		{"zip letters", Rule{Action: ZIP3}, "9411O", "", ErrMalformedZIP},
		{"zip+4 bad separator", Rule{Action: ZIP3}, "94110 1234", "", ErrMalformedZIP},
		{"ipv4 /24", Rule{Action: TruncateIP}, "192.168.17.201", "192.168.17.0", nil},
		{"ipv4 /16", Rule{Action: TruncateIP, IPv4Prefix: ptr(16)}, "192.168.17.201", "192.168.0.0", nil},
		{"ipv4 /20", Rule{Action: TruncateIP, IPv4Prefix: ptr(20)}, "10.1.255.9", "10.1.240.0", nil},
		{"ipv4 leading zero refused", Rule{Action: TruncateIP}, "192.168.017.1", "", ErrMalformedIP},
		{"ipv4 out of range", Rule{Action: TruncateIP}, "256.1.1.1", "", ErrMalformedIP},
		{"ipv6 /48", Rule{Action: TruncateIP}, "2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::", nil},
		{"ipv6 compressed", Rule{Action: TruncateIP}, "2001:db8::1", "2001:db8::", nil},
		{"ipv6 zone dropped", Rule{Action: TruncateIP, IPv6Prefix: ptr(64)}, "fe80::1:2%eth0", "fe80::", nil},
		{"ipv4-mapped ipv6", Rule{Action: TruncateIP}, "::ffff:192.0.2.77", "::ffff:192.0.2.0", nil},
		{"not an ip", Rule{Action: TruncateIP}, "example.com", "", ErrMalformedIP},
		{"round 2", Rule{Action: Round, Decimals: ptr(2)}, "37.774929", "37.77", nil},
		{"round negative", Rule{Action: Round, Decimals: ptr(2)}, "-122.419416", "-122.42", nil},
		{"round half away from zero", Rule{Action: Round, Decimals: ptr(2)}, "2.675", "2.68", nil},
		{"round negative half", Rule{Action: Round, Decimals: ptr(1)}, "-0.05", "-0.1", nil},
		{"round to negative zero", Rule{Action: Round, Decimals: ptr(2)}, "-0.001", "0.00", nil},
		{"round carry", Rule{Action: Round, Decimals: ptr(1)}, "99.96", "100.0", nil},
		{"round pads", Rule{Action: Round, Decimals: ptr(3)}, "5", "5.000", nil},
		{"round 0", Rule{Action: Round, Decimals: ptr(0)}, "-7.5", "-8", nil},
		{"round malformed", Rule{Action: Round, Decimals: ptr(2)}, "12,5", "", ErrMalformedNumber},
		{"round exponent refused", Rule{Action: Round, Decimals: ptr(2)}, "1e3", "", ErrMalformedNumber},
	})
}

func TestNumberActions(t *testing.T) {
	ranges := []Range{{Max: ptr(50.0), Label: "<50"}, {Min: ptr(50.0), Max: ptr(100.0), Label: "50-99"}, {Min: ptr(100.0), Label: "100+"}}
	closed := []Range{{Min: ptr(0.0), Max: ptr(10.0), Label: "low"}}
	runActionCases(t, "", []actionCase{
		{"width 10", Rule{Action: Bucket, Width: 10}, "72.4", "[70, 80)", nil},
		{"width 10 at edge", Rule{Action: Bucket, Width: 10}, "80", "[80, 90)", nil},
		{"width negative value", Rule{Action: Bucket, Width: 10}, "-3", "[-10, 0)", nil},
		{"width with origin", Rule{Action: Bucket, Width: 5, Origin: 2.5}, "3", "[2.5, 7.5)", nil},
		{"width fractional", Rule{Action: Bucket, Width: 0.5}, "1.7", "[1.5, 2.0)", nil},
		{"width 0.1, no float noise", Rule{Action: Bucket, Width: 0.1}, "0.35", "[0.3, 0.4)", nil},
		{"too large", Rule{Action: Bucket, Width: 10}, "1e300", "", ErrOutOfRange},
		{"ranges low", Rule{Action: Bucket, Ranges: ranges}, "12", "<50", nil},
		{"ranges edge", Rule{Action: Bucket, Ranges: ranges}, "50", "50-99", nil},
		{"ranges open top", Rule{Action: Bucket, Ranges: ranges}, "180", "100+", nil},
		{"outside every range", Rule{Action: Bucket, Ranges: closed}, "10", "", ErrOutOfRange},
		{"malformed", Rule{Action: Bucket, Width: 10}, "seventy", "", ErrMalformedNumber},
		{"exponent", Rule{Action: Bucket, Width: 10}, "7.2e1", "[70, 80)", nil},
	})
}

func TestKeyedActions(t *testing.T) {
	keys := testKeys(t)
	p, err := pseudo.New(keys.Pseudonyms, "research/x")
	if err != nil {
		t.Fatal(err)
	}
	got, err := applyRule(t, keys, "", Rule{Field: "f", Action: Pseudonymize, Domain: "research/x"}, "u-1")
	if err != nil || got != p.Pseudonym("u-1") {
		t.Fatalf("pseudonymize: %q, %v; want %q", got, err, p.Pseudonym("u-1"))
	}
	got, err = applyRule(t, keys, "", Rule{Field: "f", Action: Pseudonymize, Domain: "research/x", Encoding: "base32", Bits: 64, KeyVersion: true}, "u-1")
	if err != nil || len(got) != 10+13 || !strings.HasPrefix(got, "v") {
		t.Fatalf("pseudonymize with options: %q, %v", got, err)
	}
	tok, err := applyRule(t, keys, "", Rule{Field: "f", Action: Tokenize, Context: "cardio/x"}, "u-1")
	if err != nil {
		t.Fatal(err)
	}
	tk, _ := pseudo.NewTokenizer(keys.Tokens, "cardio/x", pseudo.AllowUnauditedReversal())
	if id, err := tk.Open(t.Context(), tok); err != nil || id != "u-1" {
		t.Fatalf("token opens to %q, %v", id, err)
	}
	ct, err := applyRule(t, keys, "", Rule{Field: "f", Action: FPE, Domain: "serials"}, "4006123456")
	if err != nil || len(ct) != 10 || ct == "4006123456" || strings.Trim(ct, "0123456789") != "" {
		t.Fatalf("fpe: %q, %v", ct, err)
	}
	for _, tc := range []struct {
		rule Rule
		in   string
		want error
	}{
		{Rule{Field: "f", Action: FPE, Domain: "serials"}, "12345", ErrOutOfRange},
		{Rule{Field: "f", Action: FPE, Domain: "serials"}, "12345x", ErrNotInAlphabet},
		{Rule{Field: "f", Action: FPE, Domain: "s", Alphabet: "alphanumeric"}, "ab12cd", nil},
	} {
		if _, err := applyRule(t, keys, "", tc.rule, tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%+v on %q: %v, want %v", tc.rule, tc.in, err, tc.want)
		}
	}
}

func TestScrubAction(t *testing.T) {
	keys := testKeys(t)
	note := "Call me at 415-555-2671 or jane.doe@example.com — Zoë"
	got, err := applyRule(t, keys, "", Rule{Field: "f", Action: Scrub}, note)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Call me at [PHONE] or [EMAIL] — Zoë"; got != want {
		t.Fatalf("tags: %q, want %q", got, want)
	}
	got, err = applyRule(t, keys, "", Rule{Field: "f", Action: Scrub, With: "pseudonym", Domain: "notes"}, note)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := pseudo.New(keys.Pseudonyms, "notes")
	if want := "[EMAIL:" + p.Pseudonym("jane.doe@example.com") + "]"; !strings.Contains(got, want) || strings.Contains(got, "jane") {
		t.Fatalf("pseudonyms: %q lacks %q", got, want)
	}
	got, err = applyRule(t, keys, "", Rule{Field: "f", Action: Scrub, Kinds: []string{"email"}}, note)
	if err != nil || !strings.Contains(got, "415-555-2671") || strings.Contains(got, "jane") {
		t.Fatalf("kinds: %q, %v", got, err)
	}
}

// An empty value stays empty under every action but replace, whatever the
// action would make of a real value.
func TestEmptyValuesStayEmpty(t *testing.T) {
	keys := testKeys(t)
	rules := []Rule{
		{Action: Keep}, {Action: Redact}, {Action: Mask, KeepLast: 2},
		{Action: Pseudonymize, Domain: "d"}, {Action: Tokenize, Context: "c"}, {Action: FPE, Domain: "d"},
		{Action: Year}, {Action: Month}, {Action: DateShift, Person: "id", MaxDays: 5}, {Action: Age},
		{Action: ZIP3}, {Action: TruncateIP}, {Action: Round, Decimals: ptr(2)}, {Action: Bucket, Width: 5},
		{Action: Scrub},
	}
	for _, r := range rules {
		r.Field = "f"
		got, err := applyRule(t, keys, "2026-01-01", r, "")
		if err != nil || got != "" {
			t.Errorf("%s on an empty value: %q, %v", r.Action, got, err)
		}
	}
	if got, err := applyRule(t, keys, "", Rule{Field: "f", Action: Replace, Value: ptr("x")}, ""); err != nil || got != "x" {
		t.Errorf("replace on an empty value: %q, %v", got, err)
	}
	if len(rules)+2 != len(actionNames()) { // + replace and drop
		t.Fatalf("%d actions, %d covered: a new action needs a line here", len(actionNames()), len(rules)+2)
	}
}

// The same identifier written two ways gets one pseudonym in free text.
func TestScrubPseudonymsAreCanonical(t *testing.T) {
	keys := testKeys(t)
	r := Rule{Field: "f", Action: Scrub, With: "pseudonym", Domain: "notes"}
	pairs := [][2]string{
		{"call (415) 555-2671", "call +1 415-555-2671"},
		{"call +44 (0)20 7946 0958", "call +44 20 7946 0958"},
		{"mail Jane.Doe@Example.com", "mail jane.doe@example.com"},
		{"mac 00:1A:2B:3C:4D:5E", "mac 00-1a-2b-3c-4d-5e"},
	}
	for _, p := range pairs {
		a, err := applyRule(t, keys, "", r, p[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := applyRule(t, keys, "", r, p[1])
		if err != nil {
			t.Fatal(err)
		}
		if a != b || !strings.Contains(a, ":") {
			t.Errorf("%q -> %q but %q -> %q", p[0], a, p[1], b)
		}
	}
	a, _ := applyRule(t, keys, "", r, "call 415-555-2671")
	b, _ := applyRule(t, keys, "", r, "call 415-555-2672")
	if a == b {
		t.Error("different numbers share a pseudonym")
	}
}
