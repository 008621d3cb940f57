package main

import (
	"bytes"
	"fmt"
	"slices"
)

// plotSVG draws the transformer's throughput (MB/s) against input size,
// one line per worker count, as a small self-contained SVG.
func plotSVG(pts []result) []byte {
	const (
		w, h                     = 640, 400
		left, right, top, bottom = 70, 150, 40, 60
	)
	var sizes []int
	var workers []int
	maxY := 0.0
	for _, p := range pts {
		if !slices.Contains(sizes, p.rows) {
			sizes = append(sizes, p.rows)
		}
		if !slices.Contains(workers, p.workers) {
			workers = append(workers, p.workers)
		}
		maxY = max(maxY, p.mbps())
	}
	slices.Sort(sizes)
	slices.Sort(workers)
	maxY = niceCeil(maxY * 1.1)
	x := func(i int) float64 {
		if len(sizes) == 1 {
			return left + float64(w-left-right)/2
		}
		return left + float64(i)*float64(w-left-right)/float64(len(sizes)-1)
	}
	y := func(v float64) float64 { return float64(h-bottom) - v/maxY*float64(h-top-bottom) }

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", w, h)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", w, h)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15">deid transformer, research policy, CSV: throughput by input size</text>`+"\n", left)
	for k := 0; k <= 5; k++ {
		v := maxY * float64(k) / 5
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", left, w-right, y(v), y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%.0f</text>`+"\n", left-8, y(v)+4, v)
	}
	fmt.Fprintf(&b, `<text x="16" y="%d" transform="rotate(-90 16 %d)" text-anchor="middle">MB/s</text>`+"\n", (h)/2, h/2)
	for i, n := range sizes {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s rows</text>`+"\n", x(i), h-bottom+20, human(n))
	}
	colors := []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd"}
	for wi, wk := range workers {
		c := colors[wi%len(colors)]
		var path bytes.Buffer
		for i, n := range sizes {
			for _, p := range pts {
				if p.rows == n && p.workers == wk {
					cmd := "L"
					if path.Len() == 0 {
						cmd = "M"
					}
					fmt.Fprintf(&path, "%s%.1f %.1f ", cmd, x(i), y(p.mbps()))
					fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`+"\n", x(i), y(p.mbps()), c)
					fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s">%.0f</text>`+"\n", x(i), y(p.mbps())-9, c, p.mbps())
				}
			}
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", path.String(), c)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"/>`+"\n", w-right+15, w-right+35, top+20+wi*20, top+20+wi*20, c)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%d worker%s</text>`+"\n", w-right+40, top+24+wi*20, wk, map[bool]string{true: "s", false: ""}[wk > 1])
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func niceCeil(v float64) float64 {
	for _, step := range []float64{10, 20, 50, 100, 200, 250, 500, 1000} {
		if v <= step*5 {
			return step * float64(int(v/step)+1)
		}
	}
	return v
}

func human(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}
