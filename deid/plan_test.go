package deid

// ruleFor returns the index of the rule that decides field f: the rule
// naming f or a path enclosing it; -1 if none.
func ruleFor(p *Policy, f string) int {
	for i := range p.Fields {
		if p.Fields[i].Field == f {
			return i
		}
	}
	best := -1
	forEnclosing(f, func(enc string, _ byte) bool {
		for i := range p.Fields {
			if p.Fields[i].Field == enc {
				best = i
				return false
			}
		}
		return true
	})
	return best
}
