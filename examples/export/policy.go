package main

import (
	"fmt"
	"os"
	"time"

	"github.com/deidkit/deidkit/deid"
)

// choosePolicy loads -policy or builds the -profile policy for the input's
// fields.
//
// The research profile pseudonymizes user IDs in the research partner's
// domain, drops direct identifiers (names, contacts, addresses,
// coordinates, IP and MAC addresses, serials, free text), turns dates of
// birth into years with 90+ top-coding and ZIP codes into ZIP3, and keeps
// the measurements and their timestamps: the AI-engine rules with a
// research domain. It is meant to be followed by the k-anonymity stage
// (-k), since the kept quasi-identifiers can still single people out.
func (j *job) choosePolicy(fields []string) error {
	cfg := j.cfg
	if cfg.policyFile != "" {
		data, err := os.ReadFile(cfg.policyFile)
		if err != nil {
			return err
		}
		p, err := deid.ParsePolicy(data)
		if err != nil {
			return fmt.Errorf("%s: %w", cfg.policyFile, err)
		}
		j.policy = p
		return nil
	}
	ref := time.Now().UTC()
	if cfg.refDate != "" {
		ref, _ = time.Parse(time.DateOnly, cfg.refDate) // checked by parseFlags
	}
	var (
		p   *deid.Policy
		rep *deid.ProfileReport
		err error
	)
	switch cfg.profile {
	case "safe-harbor":
		p, rep, err = deid.SafeHarbor(fields, deid.SafeHarborOptions{ReferenceDate: ref, PseudonymDomain: cfg.domain})
	case "ai-engine":
		p, rep, err = deid.AIEngine(fields, deid.AIEngineOptions{ReferenceDate: ref, Domain: cfg.domain})
	default:
		domain := cfg.domain
		if domain == "" {
			domain = "research/partner-x"
		}
		p, rep, err = deid.AIEngine(fields, deid.AIEngineOptions{ReferenceDate: ref, Domain: domain, Name: "research"})
	}
	if err != nil {
		return err
	}
	j.policy = p
	j.rep.Profile = rep
	return nil
}
