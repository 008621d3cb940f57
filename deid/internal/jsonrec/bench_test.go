package jsonrec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// benchInput is a measurement export like the ones the transformer reads:
// flat objects with 24 members, about 500 bytes a line.
func benchInput(rows int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	notes := []string{"", "", "", `felt dizzy, called 555-0100`, `said \"fine\"\nnext day ok`, `après le sport`}
	for i := range rows {
		u := i / 100
		fmt.Fprintf(&b, `{"user_id":"u-%07d","email":"user%d@example.com","first_name":"Ann","last_name":"Smith","phone":"+1-555-%04d",`+
			`"date_of_birth":"1962-%02d-%02d","sex":"F","zip":"%05d","state":"MA","ip":"10.%d.%d.%d","mac":"aa:bb:cc:%02x:%02x:%02x",`+
			`"device_model":"Scale-X%d","measured_at":"2025-06-%02dT07:%02d:00Z","weight_kg":%.1f,"fat_mass_kg":%.1f,"muscle_mass_kg":%.1f,`+
			`"heart_rate":%d,"systolic":%d,"diastolic":%d,"sleep_minutes":%d,"steps":%d,"lat":%.5f,"lon":%.5f,"note":"%s"}`+"\n",
			u, u, u%10000, 1+u%12, 1+u%28, rng.IntN(100000), u%256, i%256, rng.IntN(256),
			u%256, i%256, rng.IntN(256), rng.IntN(5), 1+i%28, i%60,
			50+rng.Float64()*60, 10+rng.Float64()*20, 20+rng.Float64()*30, 50+rng.IntN(60), 100+rng.IntN(60),
			60+rng.IntN(30), 300+rng.IntN(200), rng.IntN(20000), 42+rng.Float64(), -71-rng.Float64(), notes[rng.IntN(len(notes))])
	}
	return b.Bytes()
}

var benchData = benchInput(10000)

func benchLines(b *testing.B) [][]byte {
	lines := bytes.Split(bytes.TrimSuffix(benchData, []byte{'\n'}), []byte{'\n'})
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	return lines
}

func BenchmarkParse(b *testing.B) {
	lines := benchLines(b)
	var p Parser
	events := make([]Event, 0, 64)
	for b.Loop() {
		for _, l := range lines {
			var err error
			if events, err = p.Parse(l, events[:0]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseAndCopy re-emits every line through a Writer, with paths:
// the work of a transformer that keeps everything.
func BenchmarkParseAndCopy(b *testing.B) {
	lines := benchLines(b)
	var p Parser
	var w Writer
	var path Path
	events := make([]Event, 0, 64)
	out := make([]byte, 0, 4096)
	for b.Loop() {
		for _, l := range lines {
			events, _ = p.Parse(l, events[:0])
			w.Reset(out[:0])
			for _, e := range events {
				path.Visit(&e)
				switch e.Kind {
				case BeginObject, BeginArray:
					w.Begin(e)
				case EndObject, EndArray:
					w.End()
				default:
					w.Copy(e)
				}
			}
			out = w.Bytes()
		}
	}
}

// BenchmarkEncodingJSONMap is the baseline: encoding/json decoding each
// line into a map[string]any.
func BenchmarkEncodingJSONMap(b *testing.B) {
	lines := benchLines(b)
	for b.Loop() {
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal(l, &m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkChunkerAndLines(b *testing.B) {
	b.SetBytes(int64(len(benchData)))
	b.ReportAllocs()
	var buf []byte
	var ls Lines
	for b.Loop() {
		c, _ := NewChunker(bytes.NewReader(benchData), Options{ChunkSize: 256 << 10})
		for {
			ch, err := c.Next(buf)
			if err == io.EOF {
				break
			}
			ls.Reset(ch)
			for ls.Next() {
			}
			buf = ch.Data
		}
	}
}
