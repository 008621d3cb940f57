package release

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// chromium is Debian's headless-capable browser (package chromium), which
// .ci/run installs where it can.
const chromium = "/usr/bin/chromium"

// The report of the sample renders in a real browser, its charts visible:
// headless Chromium takes a screenshot of the page, and every chart's
// bars, in colours used nowhere else on the page, cover pixels of it.
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s is absent (Debian package chromium; .ci/run installs it as root): the HTML report is not rendered in a browser", chromium)
	}
	_, rep := runCSV(t, sample(t, 5000, deid.CSV), Config{Profile: research, Keys: testKeys(t), Privacy: &Privacy{
		QuasiIdentifiers: sampleQIs, K: 10, Person: "user_id", Suppression: 0.02, Population: kanon.SamplingFraction(0.01)}})
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteHTML(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	shot := filepath.Join(dir, "report.png")
	const width, height = 1200, 4000
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot,
		"--window-size="+strconv.Itoa(width)+","+strconv.Itoa(height), "file://"+page)
	// Whatever Chromium writes outside its profile stays in the test's
	// directory.
	cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir, "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	st, err := os.Stat(shot)
	if err != nil || st.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
	r, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	img, err := png.Decode(r)
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Errorf("screenshot of %v, want %dx%d", b, width, height)
	}
	risky := 0
	for _, b := range rep.KAnonymity.Risk {
		if b.Records > 0 {
			risky++
		}
	}
	for _, c := range []struct {
		name, fill string
		bars       int // 0: some
	}{
		{"class sizes", sizeFill, len(rep.KAnonymity.ClassSizes)},
		{"risk", riskFill, risky},
		{"levels", levelFill, 0},
		{"NCP", ncpFill, 0},
	} {
		n, box, bars := pixelsOf(img, c.fill)
		if n < 500 {
			t.Errorf("the %s chart (%s) covers %d pixels of the screenshot, want visible bars", c.name, c.fill, n)
			continue
		}
		if c.bars > 0 && bars != c.bars {
			t.Errorf("the %s chart shows %d bars, want %d", c.name, bars, c.bars)
		}
		t.Logf("%s chart: %d pixels, %d bars, in %v", c.name, n, bars, box)
	}
}

// pixelsOf counts the pixels of img of the colour hex ("#rrggbb"), and
// returns the rectangle that holds them and the number of vertical bars
// they form (runs of columns that hold some).
func pixelsOf(img image.Image, hex string) (int, image.Rectangle, int) {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		panic(err)
	}
	want := color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
	n := 0
	var box image.Rectangle
	b := img.Bounds()
	column := make([]bool, b.Dx())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == want {
				n++
				box = box.Union(image.Rect(x, y, x+1, y+1))
				column[x-b.Min.X] = true
			}
		}
	}
	bars := 0
	for x, in := range column {
		if in && (x == 0 || !column[x-1]) {
			bars++
		}
	}
	return n, box, bars
}
