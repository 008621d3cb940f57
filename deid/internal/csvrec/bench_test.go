package csvrec

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// benchInput is a measurement export like the ones the transformer reads:
// 24 columns, about 230 bytes a row, one row in five with a quoted note.
func benchInput(rows int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("user_id,email,first_name,last_name,phone,date_of_birth,sex,zip,state,ip,mac,device_model," +
		"measured_at,weight_kg,fat_mass_kg,muscle_mass_kg,heart_rate,systolic,diastolic,sleep_minutes,steps,lat,lon,note\n")
	notes := []string{"", "", "", "", `"felt dizzy, called 555-0100"`, `"said ""fine""` + "\nnext day ok\"", "après le sport"}
	for i := range rows {
		u := i / 100
		fmt.Fprintf(&b, "u-%07d,user%d@example.com,Ann,Smith,+1-555-%04d,1962-%02d-%02d,F,%05d,MA,10.%d.%d.%d,"+
			"aa:bb:cc:%02x:%02x:%02x,Scale-X%d,2025-06-%02dT07:%02d:00Z,%.1f,%.1f,%.1f,%d,%d,%d,%d,%d,%.5f,%.5f,%s\n",
			u, u, u%10000, 1+u%12, 1+u%28, rng.IntN(100000), u%256, i%256, rng.IntN(256),
			u%256, i%256, rng.IntN(256), rng.IntN(5), 1+i%28, i%60,
			50+rng.Float64()*60, 10+rng.Float64()*20, 20+rng.Float64()*30, 50+rng.IntN(60), 100+rng.IntN(60),
			60+rng.IntN(30), 300+rng.IntN(200), rng.IntN(20000), 42+rng.Float64(), -71-rng.Float64(), notes[rng.IntN(len(notes))])
	}
	return b.Bytes()
}

var benchData = benchInput(20000)

func BenchmarkChunker(b *testing.B) {
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		c, _ := NewChunker(bytes.NewReader(benchData), Options{ChunkSize: 256 << 10})
		for {
			ch, err := c.Next(buf)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			buf = ch.Data
		}
	}
}

func BenchmarkParser(b *testing.B) {
	var chunks []Chunk
	c, _ := NewChunker(bytes.NewReader(benchData), Options{ChunkSize: 256 << 10})
	p, _ := c.NewParser()
	for {
		ch, err := c.Next(nil)
		if err == io.EOF {
			break
		}
		chunks = append(chunks, ch)
	}
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	for b.Loop() {
		for _, ch := range chunks {
			p.Reset(ch)
			for p.Next() {
				if p.Err() != nil {
					b.Fatal(p.Err())
				}
			}
		}
	}
}

func BenchmarkChunkerAndParser(b *testing.B) {
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		c, _ := NewChunker(bytes.NewReader(benchData), Options{ChunkSize: 256 << 10})
		p, _ := c.NewParser()
		for {
			ch, err := c.Next(buf)
			if err == io.EOF {
				break
			}
			p.Reset(ch)
			for p.Next() {
				if p.Err() != nil {
					b.Fatal(p.Err())
				}
			}
			buf = ch.Data
		}
	}
}

// BenchmarkEncodingCSV is the baseline: encoding/csv reading the same
// bytes, with ReuseRecord to give it its best chance.
func BenchmarkEncodingCSV(b *testing.B) {
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(benchData))
		r.ReuseRecord = true
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkAppendRecord(b *testing.B) {
	p, _ := NewParser(',', 24)
	p.Reset(Chunk{Data: benchData, Line: 1})
	var recs [][][]byte
	for p.Next() {
		recs = append(recs, append([][]byte(nil), p.Fields()...))
	}
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	dst := make([]byte, 0, 64<<10)
	for b.Loop() {
		for _, r := range recs {
			dst = AppendRecord(dst, r, ',')
			if len(dst) > 60<<10 {
				dst = dst[:0]
			}
		}
	}
}

// BenchmarkEncodingCSVWriter is the writer baseline on the same records.
func BenchmarkEncodingCSVWriter(b *testing.B) {
	r := csv.NewReader(bytes.NewReader(benchData))
	recs, err := r.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	for b.Loop() {
		w := csv.NewWriter(io.Discard)
		for _, r := range recs {
			_ = w.Write(r)
		}
		w.Flush()
	}
}
