package transform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/samples/synth"
)

// TestSynthMixedKinds converts the mixed inbox of the benchmarks
// (synth.Mixed): each workbook is recognised as the kind its name gives,
// for the region its name gives, with its data rows and no problem.
func TestSynthMixedKinds(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Mixed(dir, 10, 40, 1); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil || len(files) != 10 {
		t.Fatalf("%d files written (%v), want 10", len(files), err)
	}
	kinds := map[string]int{}
	for _, path := range files {
		name := filepath.Base(path)
		res := mustConvert(t, path, Hints{})
		if len(res.Sheets) != 1 || res.Sheets[0].Rows == 0 {
			t.Fatalf("%s: sheets %+v, want one sheet with data rows", name, res.Sheets)
		}
		s := res.Sheets[0]
		if !strings.Contains(name, "-"+s.Kind+"-") {
			t.Errorf("%s recognised as %q", name, s.Kind)
		}
		region := synth.Shixing
		if strings.HasPrefix(name, "塘厦镇") {
			region = synth.Tangxia
		}
		if s.Region != region {
			t.Errorf("%s: region %q, want %q", name, s.Region, region)
		}
		kinds[s.Kind]++
		res.Release()
	}
	if len(kinds) != 5 {
		t.Errorf("kinds %v, want all five twice", kinds)
	}
}
