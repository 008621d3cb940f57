package release_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/deid/parquet"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/pseudo"
)

// A research release in code: a CSV export in, the research profile,
// 10-anonymity in people on the quasi-identifiers, verified, a typed
// Parquet file out.
func Example() {
	in := measurements()
	keys, err := pseudo.NewKeyset() // in production, an encrypted keyset (see package pseudo)
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer // an *os.File in practice

	rep, err := release.Run(context.Background(), in, parquet.NewRecordWriter(&file, parquet.Options{}), release.Config{
		Profile: release.Research(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "research/partner-x"),
		Keys:    deid.Keys{Pseudonyms: keys},
		Privacy: &release.Privacy{
			QuasiIdentifiers: []string{"date_of_birth", "sex", "zip", "state"},
			K:                10,
			Person:           "user_id",
		},
	})
	if err != nil {
		log.Fatal(err) // nothing usable was written
	}

	k := rep.KAnonymity
	fmt.Printf("%d records read, %d released: %d-anonymous in %s, verified %v, %.1f%% of detail lost\n",
		rep.Read, rep.Written, k.K, k.KCounts, k.Verified, k.NCP)
	for _, q := range k.QuasiIdentifiers {
		fmt.Printf("%s (%s): %.1f%%\n", q.Name, q.Hierarchy, q.NCP)
	}
	// Output:
	// 5000 records read, 5000 released: 10-anonymous in people, verified true, 13.9% of detail lost
	// date_of_birth (year bands): 31.1%
	// sex (none): 0.0%
	// zip (US ZIP3 by state): 10.8%
	// state (US states): 13.5%
}

// measurements returns a CSV export of connected-health measurements: the
// synthetic sample of package deidtest.
func measurements() io.Reader {
	var b bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &b, deidtest.Config{Rows: 5000, Seed: 20261125, MinPerUser: 1, MaxPerUser: 8}); err != nil {
		log.Fatal(err)
	}
	return &b
}
