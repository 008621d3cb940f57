package testenv

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
)

// Chromium is Debian's headless-capable browser (package chromium), which
// .ci/run installs where it can.
const Chromium = "/usr/bin/chromium"

// Screenshot renders the page file in headless Chromium at width × height
// and returns the screenshot. It skips t, saying why, where Chromium is
// absent. The browser runs with no network activity of its own and keeps
// its profile and whatever else it writes in a directory of t.
func Screenshot(t testing.TB, page string, width, height int) image.Image {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		t.Skipf("%s is absent (Debian package chromium; .ci/run installs it as root): the page is not rendered in a browser", Chromium)
	}
	abs, err := filepath.Abs(page)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	shot := filepath.Join(dir, "page.png")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, Chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot,
		"--window-size="+strconv.Itoa(width)+","+strconv.Itoa(height), "file://"+abs)
	cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir, "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Fatalf("screenshot of %v, want %dx%d", b, width, height)
	}
	return img
}

// Pixels counts the pixels of img of the colour hex ("#rrggbb"), and
// returns the rectangle that holds them and the number of vertical bars
// they form (runs of columns that hold some).
func Pixels(img image.Image, hex string) (n int, box image.Rectangle, bars int) {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		panic("testenv: not a colour: " + hex)
	}
	want := color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
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
	for x, in := range column {
		if in && (x == 0 || !column[x-1]) {
			bars++
		}
	}
	return n, box, bars
}
