package deidtest_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"

	"github.com/deidkit/deidkit/deid/deidtest"
)

func Example() {
	var b bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &b, deidtest.Config{Rows: 1000, Seed: 42}); err != nil {
		panic(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		panic(err)
	}
	fmt.Println(len(recs)-1, "rows of", len(recs[0]), "columns:", recs[0][0], recs[0][1], "...", recs[0][23])
	// Output: 1000 rows of 24 columns: user_id email ... note
}
