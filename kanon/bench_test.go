package kanon

import (
	"context"
	"testing"
)

// BenchmarkMondrianAdult runs strict Mondrian with k=10 on the 30,162
// Adult rows with the eight usual quasi-identifiers.
func BenchmarkMondrianAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(10)}}
	b.ReportAllocs()
	var m Metrics
	for b.Loop() {
		res, err := Mondrian(context.Background(), tab, cfg)
		if err != nil {
			b.Fatal(err)
		}
		m.Classes = res.Classes()
	}
	res, _ := Mondrian(context.Background(), tab, cfg)
	b.ReportMetric(res.Metrics().NCP, "NCP%")
}

// BenchmarkOptimalAdult runs the full-domain search with k=5 and no
// suppression on Adult.
func BenchmarkOptimalAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(5)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Optimal(context.Background(), tab, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
