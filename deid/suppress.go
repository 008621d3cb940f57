package deid

// cond is a compiled suppress rule.
type cond struct {
	field    string
	idx      int // input index; -1 when the input lacks the field
	in       [][]byte
	negate   bool // not_in
	below    *float64
	ageBelow int
	isAge    bool
}

func (b *binding) cond(k int, index map[string]int, strict bool) (cond, error) {
	c := &b.policy.Suppress[k]
	i, ok := index[c.Field]
	if !ok {
		if strict {
			return cond{}, &PolicyError{Rule: k, Kind: "suppress rule", Field: c.Field, Msg: "the input has no such field" + nearFields(c.Field, index)}
		}
		i = -1
	}
	cc := cond{field: c.Field, idx: i, below: c.Below}
	list := c.In
	if c.NotIn != nil {
		list, cc.negate = c.NotIn, true
	}
	for _, s := range list {
		cc.in = append(cc.in, []byte(s))
	}
	if c.AgeBelow != nil {
		cc.isAge, cc.ageBelow = true, *c.AgeBelow
	}
	return cc, nil
}

// match reports whether the record matches. A record that lacks the field,
// or whose value the test cannot read, is an error: suppression rules
// carry consent and age limits, and guessing either way could release a
// record that must not be.
func (c *cond) match(in [][]byte, ref civil) (bool, error) {
	if c.idx < 0 {
		return false, ErrMissingField
	}
	v := in[c.idx]
	switch {
	case c.below != nil:
		f, err := parseNumber(v)
		if err != nil {
			return false, err
		}
		return f < *c.below, nil
	case c.isAge:
		d, err := parseDate(v)
		if err != nil {
			return false, err
		}
		return d.ageAt(ref) < c.ageBelow, nil
	}
	found := false
	for _, s := range c.in {
		if string(s) == string(v) {
			found = true
			break
		}
	}
	return found != c.negate, nil
}
