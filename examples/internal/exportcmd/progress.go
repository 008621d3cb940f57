package exportcmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress draws a progress bar on stderr, by bytes read, when stderr is a
// terminal. The transformer calls update once per chunk of input.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int64 // -1 when unknown (stdin)
	start time.Time
	last  time.Time
	on    bool
	drawn bool
}

func newProgress(w io.Writer, total int64, quiet bool) *progress {
	p := &progress{w: w, total: total, start: time.Now()}
	if f, ok := w.(*os.File); ok && !quiet {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) update(n int64) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && (p.total < 0 || n < p.total) {
		return
	}
	p.last = now
	p.drawn = true
	rate := float64(n) / max(now.Sub(p.start).Seconds(), 1e-3) / 1e6
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%8.1f MB  %6.1f MB/s", float64(n)/1e6, rate)
		return
	}
	const width = 30
	frac := min(float64(n)/float64(p.total), 1)
	fill := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %.1f MB  %.1f MB/s", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), 100*frac, float64(n)/1e6, rate)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
