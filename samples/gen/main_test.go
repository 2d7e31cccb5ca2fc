package main

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// want is the totals table of samples/README.md; the "2023/all" rows are the
// reference figures of SPEC §2. Money is in 万元.
var want = map[string]string{
	"2022/tangxia/projects_signed": "34", "2022/shixing/projects_signed": "26", "2022/all/projects_signed": "60",
	"2023/tangxia/projects_signed": "48", "2023/shixing/projects_signed": "37", "2023/all/projects_signed": "85",
	"2022/tangxia/investment_signed": "486215.75", "2022/shixing/investment_signed": "389450", "2022/all/investment_signed": "875665.75",
	"2023/tangxia/investment_signed": "702380", "2023/shixing/investment_signed": "547620", "2023/all/investment_signed": "1250000",
	"2022/tangxia/projects_started": "28", "2022/shixing/projects_started": "20", "2022/all/projects_started": "48",
	"2023/tangxia/projects_started": "43", "2023/shixing/projects_started": "34", "2023/all/projects_started": "77",
	"2022/tangxia/projects_in_production": "1", "2022/shixing/projects_in_production": "2", "2022/all/projects_in_production": "3",
	"2023/tangxia/projects_in_production": "1", "2023/shixing/projects_in_production": "3", "2023/all/projects_in_production": "4",
	"2022/shixing/assistance_projects": "9", "2022/all/assistance_projects": "9",
	"2023/shixing/assistance_projects": "13", "2023/all/assistance_projects": "13",
	"2022/shixing/assistance_funds": "3856.25", "2022/all/assistance_funds": "3856.25",
	"2023/shixing/assistance_funds": "4768", "2023/all/assistance_funds": "4768",
}

// TestReferenceFigures writes the samples and recomputes every total from the
// cells read back raw, independently of the generator's own bookkeeping.
func TestReferenceFigures(t *testing.T) {
	dir := t.TempDir()
	if err := run(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	got := totalsOf{}
	for _, region := range []string{"tangxia", "shixing"} {
		name := map[string]string{"tangxia": "塘厦镇", "shixing": "始兴县"}[region]
		walk(t, filepath.Join(dir, name+"产业共建项目台账.xlsx"), "项目台账", []string{"投资额", "总投资"}, func(r row) {
			if y := r.year(t, "签约日期", "签约时间"); y != 0 {
				got.add(y, region, "projects_signed", big.NewRat(1, 1))
				got.add(y, region, "investment_signed", r.amount(t, "投资额", "总投资"))
			}
			if y := r.year(t, "开工日期", "开工时间"); y != 0 {
				got.add(y, region, "projects_started", big.NewRat(1, 1))
			}
			if y := r.year(t, "投产日期", "投产时间"); y != 0 {
				got.add(y, region, "projects_in_production", big.NewRat(1, 1))
				if name := r.get("项目名称"); y == 2023 && !strings.Contains(name, "紧固件") {
					t.Errorf("%s: in production in 2023 but not a fastener plant", name)
				}
			}
		})
	}
	walk(t, filepath.Join(dir, "始兴县帮扶资金台账.xlsx"), "帮扶资金", []string{"金额"}, func(r row) {
		y, err := strconv.Atoi(r.get("年度"))
		if err != nil {
			t.Fatalf("row %d: 年度 %q", r.num, r.get("年度"))
		}
		got.add(y, "shixing", "assistance_funds", r.amount(t, "金额"))
	})
	walk(t, filepath.Join(dir, "始兴县乡村振兴帮扶项目.xlsx"), "帮扶项目", nil, func(r row) {
		switch r.get("状态") {
		case "已落地", "落地见效", "已完成":
			got.add(r.year(t, "完成时间"), "shixing", "assistance_projects", big.NewRat(1, 1))
		}
	})

	for k, w := range want {
		w, _ := new(big.Rat).SetString(w)
		if g := got[k]; g == nil || g.Cmp(w) != 0 {
			t.Errorf("%s = %s, want %s", k, show(g), show(w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected total %s = %s", k, show(g))
		}
	}
}

// TestDeterministic checks that two runs write byte-identical files.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := run(dir, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	names, err := filepath.Glob(filepath.Join(a, "*.xlsx"))
	if err != nil || len(names) != 4 {
		t.Fatalf("want 4 workbooks, got %v (%v)", names, err)
	}
	for _, n := range names {
		x, _ := os.ReadFile(n)
		y, err := os.ReadFile(filepath.Join(b, filepath.Base(n)))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs (%v)", filepath.Base(n), err)
		}
	}
}

// show formats a total as a decimal with two places, or "none".
func show(v *big.Rat) string {
	if v == nil {
		return "none"
	}
	return v.FloatString(2)
}

// totalsOf maps "year/region/indicator" to its total (money in 万元).
type totalsOf map[string]*big.Rat

func (g totalsOf) add(year int, region, code string, v *big.Rat) {
	for _, k := range []string{fmt.Sprintf("%d/%s/%s", year, region, code), fmt.Sprintf("%d/all/%s", year, code)} {
		if g[k] == nil {
			g[k] = new(big.Rat)
		}
		g[k].Add(g[k], v)
	}
}

// row is one data row, its cells addressed by header name.
type row struct {
	num    int
	header []string
	cells  []string
}

// col returns the index of the first header that starts with one of names, or -1.
func (r row) col(names ...string) int {
	for i, h := range r.header {
		for _, n := range names {
			if strings.HasPrefix(h, n) {
				return i
			}
		}
	}
	return -1
}

// get returns the trimmed cell under names.
func (r row) get(names ...string) string {
	if i := r.col(names...); i >= 0 && i < len(r.cells) {
		return strings.TrimSpace(r.cells[i])
	}
	return ""
}

// amount returns the money cell under names in 万元, converting from the header's unit.
func (r row) amount(t *testing.T, names ...string) *big.Rat {
	v, ok := new(big.Rat).SetString(r.get(names...))
	if !ok {
		t.Fatalf("row %d: amount %q is not a number", r.num, r.get(names...))
	}
	if strings.Contains(r.header[r.col(names...)], "亿元") {
		v.Mul(v, big.NewRat(10000, 1))
	}
	return v
}

var textDate = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)$`)

// year returns the year of the date cell under names, or 0 when it holds no date.
// Dates are Excel serials (1900 system) or text such as 2023年3月18日, 2023/5/6, 2023.3.18, 2023年6月.
func (r row) year(t *testing.T, names ...string) int {
	s := r.get(names...)
	if s == "" || s == "—" {
		return 0
	}
	if serial, err := strconv.Atoi(s); err == nil && serial > 366 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, serial).Year()
	}
	m := textDate.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("row %d: %q is not a date", r.num, s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d := 1
	if m[3] != "" {
		d, _ = strconv.Atoi(m[3])
	}
	if got := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC); got.Month() != time.Month(mo) || got.Day() != d {
		t.Fatalf("row %d: %q is not a calendar date", r.num, s)
	}
	return y
}

// walk reads sheet raw and calls fn for every data row below the header,
// skipping 其中 breakdown rows. Every 小计/合计 row must hold a SUM formula whose
// cached value is the sum of the amount column (amount != nil) over the data
// rows it covers: 小计 since the previous 小计, 合计 all of them.
func walk(t *testing.T, path, sheet string, amount []string, fn func(row)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList()[0]; got != sheet {
		t.Fatalf("%s: first sheet %q, want %q", path, got, sheet)
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	h := 0
	for h < len(rows) && !(len(rows[h]) > 0 && (rows[h][0] == "序号" || rows[h][0] == "项目名称" || rows[h][0] == "年度")) {
		h++
	}
	if h != 2 {
		t.Fatalf("%s: header in row %d, want row 3", path, h+1)
	}
	var all, part big.Rat
	totals := 0
	for i := h + 1; i < len(rows); i++ {
		r := row{num: i + 1, header: rows[h], cells: rows[i]}
		first := ""
		for _, c := range r.cells {
			if first = strings.TrimSpace(c); first != "" {
				break
			}
		}
		switch {
		case first == "合计" || first == "小计":
			totals++
			covered := &part
			if first == "合计" {
				covered = &all
			}
			checkTotal(t, f, sheet, r, amount, covered)
			part.SetInt64(0)
		case strings.HasPrefix(first, "其中"), first == "":
		default:
			if amount != nil {
				v := r.amount(t, amount...)
				all.Add(&all, v)
				part.Add(&part, v)
			}
			fn(r)
		}
	}
	if amount != nil && totals == 0 {
		t.Errorf("%s: no 合计 row", path)
	}
}

// checkTotal asserts that the total row's amount cell is a SUM formula with the expected cached value.
func checkTotal(t *testing.T, f *excelize.File, sheet string, r row, amount []string, want *big.Rat) {
	t.Helper()
	i := r.col(amount...)
	if amount == nil || i < 0 {
		t.Errorf("%s row %d: total row in a sheet without an amount column", sheet, r.num)
		return
	}
	cell, _ := excelize.CoordinatesToCellName(i+1, r.num)
	formula, err := f.GetCellFormula(sheet, cell)
	if err != nil || !strings.HasPrefix(formula, "SUM(") {
		t.Errorf("%s!%s: formula %q, want SUM(...)", sheet, cell, formula)
	}
	if got := r.amount(t, amount...); got.Cmp(want) != 0 {
		t.Errorf("%s!%s: cached total %s, want %s", sheet, cell, got.RatString(), want.RatString())
	}
}
