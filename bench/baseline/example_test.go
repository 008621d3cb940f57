package baseline_test

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/deidkit/deidkit/bench/baseline"
)

func ExampleCSV() {
	input := "user_id,email,date_of_birth,zip,weight_kg\n" +
		"u-1000007,ann.smith@example.com,1936-01-01,03601,61.2\n" +
		"u-1000007,ann.smith@example.com,1936-01-01,03601,61.0\n" +
		"u-1000014,bo.lee@example.org,1980-02-29,02139-4307,80.5\n"
	p := baseline.Params{
		DomainKey: []byte("example key, not a real one"),
		RefDate:   time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	if err := baseline.CSV(context.Background(), strings.NewReader(input), os.Stdout, p); err != nil {
		panic(err)
	}
	// Output:
	// user_id,date_of_birth,zip,weight_kg
	// 06526c6a1d4ab1bcaff1d974d9d53bda,90+,000,61.2
	// 06526c6a1d4ab1bcaff1d974d9d53bda,90+,000,61.0
	// ae2434df565636de0748dcf43cc91b77,1980,021,80.5
}
