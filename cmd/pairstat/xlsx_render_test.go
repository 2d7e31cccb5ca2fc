package main

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestXLSXRendersInLibreOffice converts the xlsx export to PDF with
// LibreOffice headless, the first page (年度汇总) to PNG with pdftoppm, and
// checks that the charts are drawn: the page holds the two series' colours
// (Office theme accents 1 and 2, one per region) over a good many pixels.
// scripts/render-xlsx.sh makes the README's picture the same way. The test
// is skipped when soffice or pdftoppm is missing (apt-get install -y
// libreoffice-calc poppler-utils).
func TestXLSXRendersInLibreOffice(t *testing.T) {
	soffice, err1 := exec.LookPath("soffice")
	pdftoppm, err2 := exec.LookPath("pdftoppm")
	if err1 != nil || err2 != nil {
		t.Skip("rendering needs soffice and pdftoppm (apt-get install -y libreoffice-calc poppler-utils)")
	}
	db := samplesDB(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "totals.xlsx")
	runCLI(t, 0, "export", "--db", db, "--format", "xlsx", "--out", book)
	profile := "file://" + filepath.Join(dir, "lo-profile")
	if out, err := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless",
		"--convert-to", "pdf", "--outdir", dir, book).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if out, err := exec.Command(pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
		filepath.Join(dir, "totals.pdf"), filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The series colours as LibreOffice draws them (accent 1 blue, accent
	// 2 orange), with some tolerance for anti-aliasing.
	blue := countNear(img, 0x5B, 0x9B, 0xD5)
	orange := countNear(img, 0xED, 0x7D, 0x31)
	if blue < 500 || orange < 500 {
		t.Errorf("rendered page has %d blue and %d orange pixels: the charts are not drawn", blue, orange)
	}
}

// countNear counts the pixels of img within a small distance of a colour.
func countNear(img image.Image, r, g, b int) int {
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if abs(int(pr>>8)-r) < 24 && abs(int(pg>>8)-g) < 24 && abs(int(pb>>8)-b) < 24 {
				n++
			}
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
