package deid

import (
	"fmt"
	"strings"

	"github.com/deidkit/deidkit/deid/scrub"
)

// Record-aware scrubbing. In a structured export a record's own
// identifiers are known: they are its other fields. A scrub rule replaces
// their values wherever the free text it scrubs holds them, whatever their
// case or spacing (see scrub.Known), in the same pass as the detectors:
//
//   - automatically, every other field of the record whose name reads, as
//     the profiles read names (see [SafeHarbor]), as a name, a street
//     address or other geographic subdivision, a telephone or fax number,
//     an e-mail address, an SSN, a URL, an IP address or an identifying
//     number (medical record, health plan, account, licence, vehicle,
//     device, user or patient ID...), unless the policy keeps it: the
//     fields it drops (by a rule or by default), pseudonymizes, tokenizes
//     or otherwise transforms;
//   - and the fields the rule's "known" member lists, whatever their
//     names and actions: "known": ["pt_nm:name", "contact"]. An entry is a
//     field, or an object path standing for every field beneath it, read
//     as the kind its name classifies to (an ID when its name says
//     nothing), or as the scrub kind given after a colon.
//
// A listed field that a CSV header lacks is an error; a JSON record need
// not have it. A struct type's scrubbed fields (see [ForType]) read the
// type's other string and integer fields, the same way: tag them
// "scrub,known=Nick:name|Contact.Phone" to list some.

// knownField is a field of the record whose value a scrub transform
// replaces in its text.
type knownField struct {
	idx  int
	kind scrub.Kind
}

// parseKnown splits a "known" entry into its field and kind, if one is
// given after the last colon.
func parseKnown(entry string) (field string, kind scrub.Kind, explicit bool, err error) {
	if i := strings.LastIndexByte(entry, ':'); i >= 0 {
		k, kerr := scrub.ParseKind(entry[i+1:])
		if kerr != nil {
			return "", 0, false, fmt.Errorf("known field %q: %w", entry, kerr)
		}
		return entry[:i], k, true, nil
	}
	return entry, 0, false, nil
}

// validateKnown checks a scrub rule's "known" entries.
func validateKnown(entries []string) error {
	seen := map[string]bool{}
	for _, e := range entries {
		f, _, _, err := parseKnown(e)
		if err != nil {
			return err
		}
		if f == "" || strings.HasPrefix(f, ".") || strings.HasSuffix(f, ".") || strings.Contains(f, "..") {
			return fmt.Errorf("known field %q is not a field name or dotted path", e)
		}
		if seen[f] {
			return fmt.Errorf("known field %q listed twice", f)
		}
		seen[f] = true
	}
	return nil
}

// knownKind returns the scrub kind of a field by the category of its name,
// and whether the category is an identifier a record-aware scrub replaces.
// A path whose last key says nothing the profiles recognize is read by the
// object it is in: "name.first" is a name, "address.line1" an address.
func knownKind(field string) (scrub.Kind, bool) {
	c := classifyField(field)
	for f := field; c.kind == kindUnrecognized; {
		i := strings.LastIndexByte(f, '.')
		if i < 0 {
			break
		}
		f = f[:i]
		c = classifyField(f)
	}
	if c.kind == kindBirthDate || c.kind == kindDeathDate {
		return scrub.Date, true // a full date only (see scrub.Known)
	}
	switch c.cat {
	case CategoryNames:
		return scrub.Name, true
	case CategoryGeographic:
		return scrub.Address, true
	case CategoryPhone, CategoryFax:
		return scrub.Phone, true
	case CategoryEmail:
		return scrub.Email, true
	case CategorySSN:
		return scrub.SSN, true
	case CategoryURL:
		return scrub.URL, true
	case CategoryIP:
		return scrub.IP, true
	case CategoryMedicalRecord, CategoryHealthPlan, CategoryAccount, CategoryLicense,
		CategoryVehicle, CategoryDevice, CategoryOther:
		return scrub.ID, true
	}
	return scrub.ID, false
}

// bindKnown gives each scrub step of the plan the fields of the record
// whose values it replaces, and adds them to the fields the plan reads.
func (pl *Plan) bindKnown(strict bool) error {
	for i := range pl.steps {
		st := &pl.steps[i]
		t, ok := st.t.(scrubText)
		if !ok {
			continue
		}
		fields, err := pl.knownFields(i, st.rule, strict)
		if err != nil {
			return err
		}
		if len(fields) == 0 {
			continue
		}
		t.known = fields
		st.t = t
		for _, f := range fields {
			pl.reads = append(pl.reads, f.idx)
		}
	}
	return nil
}

// knownFields returns the fields whose values the scrub of field self by
// rule r replaces.
func (pl *Plan) knownFields(self, r int, strict bool) ([]knownField, error) {
	rule := &pl.b.policy.Fields[r]
	var fields []knownField
	listed := make([]bool, len(pl.fields))
	for _, e := range rule.Known {
		name, kind, explicit, err := parseKnown(e)
		if err != nil {
			return nil, err // validated with the policy
		}
		found := false
		for i, f := range pl.fields {
			if i == self || listed[i] || (f != name && !strings.HasPrefix(f, name+".")) {
				continue
			}
			found, listed[i] = true, true
			k := kind
			if !explicit {
				k, _ = knownKind(f)
			}
			fields = append(fields, knownField{i, k})
		}
		if !found && strict {
			return nil, &PolicyError{Rule: r, Kind: "field rule", Field: rule.Field,
				Msg: fmt.Sprintf("known field %q is not in the input", name)}
		}
	}
	listed[self] = true
	return pl.ownIdentifiers(fields, listed), nil
}

// ownIdentifiers appends to fields the record's own identifiers but those
// of skip (which may be nil): every field whose name reads as an
// identifier kind and that the policy does not keep. The check of kept
// values looks for them too (warning.go).
func (pl *Plan) ownIdentifiers(fields []knownField, skip []bool) []knownField {
	for i, f := range pl.fields {
		if skip != nil && skip[i] || pl.steps[i].action == Keep {
			continue
		}
		if k, ok := knownKind(f); ok {
			fields = append(fields, knownField{i, k})
		}
	}
	return fields
}
