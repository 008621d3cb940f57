package release

import (
	"fmt"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// Attribute returns the quasi-identifier column as Run declares it to
// package kanon in a release under policy and p: its hierarchy (the one
// p.Hierarchies gives, or the one that follows the field action that made
// the column; see the package documentation), its type, and the name of
// the hierarchy as the report gives it (QIReport.Hierarchy).
//
// values are the column's distinct values over the whole release, in any
// order: the built-in hierarchies depend on them (a ZIP3 column follows
// states only when every value is a US ZIP3; numbers get intervals of
// their range). A release computed in parts, such as partitions
// anonymized on the workers of a distributed engine, generalizes each
// value as Run would on one machine when every part declares the
// attribute made from the values of the whole release.
func Attribute(policy *deid.Policy, p *Privacy, column string, values []string) (a kanon.Attribute, hierarchy string, err error) {
	if policy == nil || p == nil {
		return kanon.Attribute{}, "", fmt.Errorf("%w: Attribute needs a policy and a Privacy configuration", ErrConfig)
	}
	c, err := choose(column, values, p, policy)
	if err != nil {
		return kanon.Attribute{}, "", err
	}
	c = c.forAlgorithm(p.Algorithm, values)
	a = kanon.Attribute{Name: column, Type: kanon.Categorical, Hierarchy: c.h}
	if c.h == nil || c.kind == "intervals" {
		// Numbers without a hierarchy of their action are kanon's to
		// generalize: ranges (Mondrian) or the same automatic intervals.
		a.Type = kanon.Auto
	}
	return a, c.kind, nil
}
