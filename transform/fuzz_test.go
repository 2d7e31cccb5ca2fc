package transform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pairstat/pairstat/ingest"
)

// FuzzHeader feeds arbitrary header texts to header recognition: it must
// not panic, and a recognised header must satisfy its kind.
func FuzzHeader(f *testing.F) {
	for _, seed := range [][3]string{
		{"项目名称", "签约日期", "投资额（亿元）"},
		{"年度", "指标", "数值"},
		{"指标名称", "2023年1-6月", "单位"},
		{"投资额", "万元", "日期"},
		{"金額\n（萬元）", "領域", "年度"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	cat, err := LoadCatalog("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		rows := []ingest.Row{
			{Num: 1, Cells: []ingest.Cell{{Col: 1, Value: a}, {Col: 2, Value: b}}},
			{Num: 2, Cells: []ingest.Cell{{Col: 1, Value: c}, {Col: 3, Value: b}}},
		}
		if h := cat.findHeader(rows, len(rows)); h != nil && !h.satisfies() {
			t.Errorf("header %+v does not satisfy its kind", h)
		}
	})
}

// FuzzRegionAndYear feeds arbitrary titles to region and year detection.
func FuzzRegionAndYear(f *testing.F) {
	for _, seed := range []string{"塘厦镇2023年产业共建项目台账", "塘厦镇对口帮扶始兴县", "始興縣（2022—2023年）", "Tangxia 2023"} {
		f.Add(seed)
	}
	cat, err := LoadCatalog("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title string) {
		for _, code := range cat.RegionsIn(title) {
			if _, ok := cat.RegionCode(code); !ok {
				t.Errorf("RegionsIn(%q) gave unknown code %q", title, code)
			}
		}
		if y := cat.titleYear([]string{title}); y != 0 && (y < 1900 || y > 2099) {
			t.Errorf("titleYear(%q) = %d", title, y)
		}
		for _, u := range cat.unitLine(title) {
			if known, ok := cat.Unit(u.Name); !ok || known != u {
				t.Errorf("unitLine(%q) gave unit %+v, not the catalog's", title, u)
			}
		}
	})
}

// FuzzWorkbook mutates real workbooks and reads each through ingest and
// transform: every input ends loaded or with problems, never a panic.
func FuzzWorkbook(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	cat, err := LoadCatalog("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		wb, err := ingest.Open(path, "fuzz.xlsx")
		if err != nil {
			return
		}
		defer wb.Close()
		res, err := cat.Workbook(wb, Hints{})
		if res == nil {
			t.Fatalf("no result (err %v)", err)
		}
		defer res.Release()
		for _, p := range res.Problems {
			if p.File != "fuzz.xlsx" || p.Err == nil {
				t.Errorf("problem without position or cause: %+v", p)
			}
		}
	})
}
