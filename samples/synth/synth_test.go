package synth

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestLedgerReadBack writes a ledger, reads its cells back raw with
// excelize and recomputes every total independently of the generator's
// bookkeeping; the 合计 row's cached value must be the sum of the amounts.
func TestLedgerReadBack(t *testing.T) {
	for _, seed := range []uint64{6, 7} {
		path := filepath.Join(t.TempDir(), "ledger.xlsx")
		want, err := Ledger(path, 500, seed)
		if err != nil {
			t.Fatal(err)
		}
		region := map[uint64]string{6: Tangxia, 7: Shixing}[seed]
		got, sum, total := readBack(t, path, region)
		compare(t, fmt.Sprintf("seed %d", seed), got, want)
		if total.Cmp(sum) != 0 {
			t.Errorf("seed %d: 合计 row holds %s, the amounts sum to %s", seed, total.FloatString(2), sum.FloatString(2))
		}
		var signed int64
		for k, v := range want {
			if k.Region == region && k.Indicator == ProjectsSigned {
				signed += v
			}
		}
		if signed != 500 {
			t.Errorf("seed %d: %d projects signed, want one per row (500)", seed, signed)
		}
	}
}

// TestInboxReadBack checks the layout of an inbox (both regions, region
// sub-folders) and that its totals are the sum of its files' totals.
func TestInboxReadBack(t *testing.T) {
	dir := t.TempDir()
	want, err := Inbox(dir, 6, 40, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := Totals{}
	var names []string
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		names = append(names, filepath.ToSlash(rel))
		title := cellText(t, path, "A1")
		region := ""
		switch {
		case strings.HasPrefix(title, "塘厦镇"):
			region = Tangxia
		case strings.HasPrefix(title, "始兴县"):
			region = Shixing
		case strings.HasPrefix(rel, Tangxia+string(filepath.Separator)):
			region = Tangxia
		case strings.HasPrefix(rel, Shixing+string(filepath.Separator)):
			region = Shixing
		default:
			t.Errorf("%s: neither the title %q nor the folder gives a region", rel, title)
		}
		tot, _, _ := readBack(t, path, region)
		got.Add(tot)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "inbox", got, want)
	wantNames := "shixing/项目台账-004.xlsx tangxia/项目台账-001.xlsx 产业共建项目台账-002.xlsx " +
		"产业共建项目台账-003.xlsx 产业共建项目台账-005.xlsx 产业共建项目台账-006.xlsx"
	if strings.Join(names, " ") != wantNames {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(names, " "), wantNames)
	}
}

// TestDeterministic checks that the same arguments write the same bytes and
// another seed different ones, for Ledger and TextLedger.
func TestDeterministic(t *testing.T) {
	writers := map[string]func(path string, seed uint64) error{
		"Ledger":     func(path string, seed uint64) error { _, err := Ledger(path, 200, seed); return err },
		"TextLedger": func(path string, seed uint64) error { return TextLedger(path, 200, seed) },
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			var files [3][]byte
			for i, seed := range []uint64{3, 3, 5} {
				path := filepath.Join(dir, fmt.Sprint(i, ".xlsx"))
				if err := write(path, seed); err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				files[i] = b
			}
			if !bytes.Equal(files[0], files[1]) {
				t.Error("two ledgers with the same seed differ")
			}
			if bytes.Equal(files[0], files[2]) {
				t.Error("ledgers with different seeds are identical")
			}
		})
	}
}

// TestTextLedger checks that a text-heavy ledger keeps its texts in shared
// strings, WPS's rich-text runs among them, and that excelize reads them
// back with its header and dates.
func TestTextLedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "text.xlsx")
	if err := TextLedger(path, 300, 1); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
	}
	sheet, sst := parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"]
	for _, want := range []string{`<c r="B4" t="s">`, `<c r="E4" s="1">`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet XML has no %s", want)
		}
	}
	for _, want := range []string{"<si><t>", `<t xml:space="preserve">`, "<si><r><rPr>"} {
		if !strings.Contains(sst, want) {
			t.Errorf("shared strings have no %s", want)
		}
	}
	if strings.Contains(sheet, `t="inlineStr"`) || strings.Contains(sheet, `t="str"`) {
		t.Error("sheet XML has inline strings")
	}
	if got := cellText(t, path, "B3"); got != "项目名称" {
		t.Errorf("B3 = %q, want 项目名称", got)
	}
	if got := cellText(t, path, "E4"); !strings.HasPrefix(got, "202") || len(got) != len("2021-01-01") {
		t.Errorf("E4 = %q, want a date yyyy-mm-dd", got)
	}
}

func TestCentsString(t *testing.T) {
	for _, c := range []struct {
		in   cents
		want string
	}{{0, "0"}, {50, "0.5"}, {5, "0.05"}, {125000000, "1250000"}, {48621575, "486215.75"}, {-150, "-1.5"}} {
		if got := c.in.String(); got != c.want {
			t.Errorf("cents(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func BenchmarkLedger(b *testing.B) {
	path := filepath.Join(b.TempDir(), "ledger.xlsx")
	for b.Loop() {
		if _, err := Ledger(path, 2000, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// compare fails t for every total that differs between got and want.
func compare(t *testing.T, what string, got, want Totals) {
	t.Helper()
	for _, k := range want.Keys() {
		if got.Text(k) != want.Text(k) {
			t.Errorf("%s: %v = %q read back, generator says %q", what, k, got.Text(k), want.Text(k))
		}
	}
	for _, k := range got.Keys() {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %v = %q read back, missing from the generator's totals", what, k, got.Text(k))
		}
	}
}

// readBack recomputes the totals of the ledger at path from its raw cells,
// and returns the exact sum of its amounts and the 合计 row's cached value.
func readBack(t *testing.T, path, region string) (tot Totals, sum, total *big.Rat) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("项目台账", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[2], "|"); got != "序号|项目名称|产业|投资额（万元）|签约日期|开工日期|投产日期|备注" {
		t.Fatalf("%s: header %q", path, got)
	}
	tot, sum, total = Totals{}, new(big.Rat), nil
	for n, row := range rows[3:] {
		row = append(row, make([]string, 8)...)
		if row[0] == "合计" {
			total = amount(t, row[3])
			if n != len(rows)-4 {
				t.Errorf("%s: 合计 row is not the last", path)
			}
			continue
		}
		if row[0] != fmt.Sprint(n+1) {
			t.Errorf("%s: row %d has 序号 %q", path, n+4, row[0])
		}
		a := amount(t, row[3])
		sum.Add(sum, a)
		money, _ := new(big.Rat).Mul(a, big.NewRat(100, 1)).Float64()
		y := year(t, row[4])
		tot.add(y, region, ProjectsSigned, 1)
		tot.add(y, region, InvestmentSigned, int64(money))
		if y := year(t, row[5]); y != 0 {
			tot.add(y, region, ProjectsStarted, 1)
		}
		if y := year(t, row[6]); y != 0 {
			tot.add(y, region, ProjectsInProduction, 1)
		}
	}
	if total == nil {
		t.Fatalf("%s: no 合计 row", path)
	}
	return tot, sum, total
}

// amount reads an amount in 万元, written as a number or as text with
// thousands separators, as an exact rational (Excel's 15 significant digits).
func amount(t *testing.T, s string) *big.Rat {
	t.Helper()
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', 15, 64))
	if !ok {
		t.Fatalf("amount %q", s)
	}
	return r
}

// year reads the year of a date cell: an Excel serial or text; 0 when empty.
func year(t *testing.T, s string) int {
	t.Helper()
	if s == "" || s == "—" {
		return 0
	}
	if serial, err := strconv.ParseFloat(s, 64); err == nil {
		d, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.Year()
	}
	for _, layout := range []string{"2006年1月2日", "2006/1/2", "2006.1.2"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d.Year()
		}
	}
	t.Fatalf("date %q", s)
	return 0
}

func cellText(t *testing.T, path, cell string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue("项目台账", cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
