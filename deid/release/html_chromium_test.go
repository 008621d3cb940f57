package release

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/kanon"
)

// The report of the sample renders in a real browser, its charts visible:
// headless Chromium takes a screenshot of the page, and every chart's
// bars, in colours used nowhere else on the page, cover pixels of it.
func TestHTMLInChromium(t *testing.T) {
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

	img := testenv.Screenshot(t, page, 1200, 4000)
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
		n, box, bars := testenv.Pixels(img, c.fill)
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
