// Package synth writes large, realistic project ledgers (产业共建项目台账) for
// pairstat's tests and benchmarks, and returns the totals pairstat must
// compute from them.
//
// The workbooks have the layout of the Tangxia ledger in samples/: a title
// row (row 1), a note row (row 2), the header 序号 | 项目名称 | 产业 |
// 投资额（万元） | 签约日期 | 开工日期 | 投产日期 | 备注 (row 3), one project per
// row from row 4, and a closing 合计 row whose SUM formula has its cached
// value. Most dates are Excel date serials shown as yyyy-mm-dd; a few are
// text (2023年3月18日, 2023/5/6, 2023.3.18), a few amounts are text with a
// thousands separator (12,345.67), and projects not yet started or in
// production have an empty cell or 「—」.
//
// Everything is derived from the seed through a PCG generator and the
// document properties are fixed, so the same arguments give byte-identical
// files. Money is kept in integer hundredths of 万元 (one 0.01 万元 = 100
// yuan), never in floats; a cell holds the float64 nearest to that decimal,
// which Excel and excelize print back as the decimal.
//
// Writing uses excelize's StreamWriter: rows go to disk as they are made,
// so memory stays flat however many rows a ledger has.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Indicator codes of the totals a project ledger gives (SPEC §2).
const (
	ProjectsSigned       = "projects_signed"
	InvestmentSigned     = "investment_signed" // money: hundredths of 万元
	ProjectsStarted      = "projects_started"
	ProjectsInProduction = "projects_in_production"
)

// Regions, by catalog code; "all" is both together.
const (
	Tangxia = "tangxia"
	Shixing = "shixing"
	All     = "all"
)

// inboxRegion is the region of the i-th file of a generated inbox: the
// files alternate between the regions, Tangxia first.
func inboxRegion(i int) string {
	if i%2 == 1 {
		return Shixing
	}
	return Tangxia
}

// Key names one yearly total, as a row of `pairstat totals`.
type Key struct {
	Year      int
	Region    string // tangxia, shixing or all
	Indicator string
}

// Totals maps each yearly total with data to its value: a count of
// projects, or for InvestmentSigned an amount in hundredths of 万元. A key is
// present exactly when pairstat prints a row for it.
type Totals map[Key]int64

// add counts v for region and for all.
func (t Totals) add(year int, region, indicator string, v int64) {
	t[Key{year, region, indicator}] += v
	t[Key{year, All, indicator}] += v
}

// Add adds other's totals into t.
func (t Totals) Add(other Totals) {
	for k, v := range other {
		t[k] += v
	}
}

// Text formats the total of k as `pairstat totals --format csv` prints it:
// a plain decimal without trailing zeros (counts in 个, money in 万元). It
// is "" when t has no such total.
func (t Totals) Text(k Key) string {
	v, ok := t[k]
	if !ok {
		return ""
	}
	if k.Indicator != InvestmentSigned {
		return fmt.Sprint(v)
	}
	return cents(v).String()
}

// Keys returns the keys of t in a stable order: year, region, indicator.
func (t Totals) Keys() []Key {
	keys := make([]Key, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		if c := strings.Compare(a.Region, b.Region); c != 0 {
			return c
		}
		return strings.Compare(a.Indicator, b.Indicator)
	})
	return keys
}

// cents is an amount in hundredths of 万元.
type cents int64

// String formats c in 万元 without trailing zeros: 1250000, 486215.75, 0.5.
func (c cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	s := fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// float is c in 万元 as the float64 nearest to the exact decimal.
func (c cents) float() float64 { return float64(c) / 100 }

// Ledger writes a project ledger of rows projects to path and returns its
// totals. The region is Tangxia for an even seed and Shixing for an odd
// one; the title row names it (「塘厦镇产业共建项目台账（2021—2024年）」).
func Ledger(path string, rows int, seed uint64) (Totals, error) {
	region := Tangxia
	if seed%2 == 1 {
		region = Shixing
	}
	return write(path, ledger{region: region, rows: rows, seed: seed, titled: true})
}

// Inbox writes files ledgers of rowsPerFile projects each into dir and
// returns their totals together. Files alternate between the regions; every
// third one sits in the sub-folder tangxia/ or shixing/ under a title that
// names no region (the folder tells), the others sit at the top with the
// region in the title. Every file has different content.
func Inbox(dir string, files, rowsPerFile int, seed uint64) (Totals, error) {
	all := Totals{}
	for i := range files {
		l := ledger{region: inboxRegion(i), rows: rowsPerFile, seed: seed*100003 + uint64(i), titled: i%3 != 0}
		path := filepath.Join(dir, fmt.Sprintf("产业共建项目台账-%03d.xlsx", i+1))
		if !l.titled {
			path = filepath.Join(dir, l.region, fmt.Sprintf("项目台账-%03d.xlsx", i+1))
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		t, err := write(path, l)
		if err != nil {
			return nil, err
		}
		all.Add(t)
	}
	return all, nil
}

// ledger says what one workbook holds.
type ledger struct {
	region string
	rows   int
	seed   uint64
	titled bool // the title names the region
}

var regionNames = map[string]struct{ name, office string }{
	Tangxia: {"塘厦镇", "塘厦镇投资促进局"},
	Shixing: {"始兴县", "始兴县商务局"},
}

var (
	header    = []any{"序号", "项目名称", "产业", "投资额（万元）", "签约日期", "开工日期", "投产日期", "备注"}
	widths    = []float64{6, 44, 12, 16, 14, 14, 14, 22}
	companies = []string{"华锐", "鼎盛", "恒泰", "宏达", "瑞丰", "立信", "博远", "捷讯", "天和", "嘉联",
		"万通", "金鹏", "德润", "祥盛", "铭泰", "凯旋", "永信", "华拓", "盛世", "新辉", "众诚", "源兴", "联创"}
	products = []struct{ industry, product string }{
		{"电子信息", "智能终端结构件"}, {"电子信息", "柔性电路板"}, {"电子信息", "精密连接器"},
		{"新材料", "高分子新材料"}, {"新材料", "光学膜材"}, {"装备制造", "精密模具"},
		{"装备制造", "紧固件"}, {"新能源", "储能电池"}, {"新能源", "光伏组件"},
		{"农产品加工", "预制菜"}, {"农产品加工", "茶叶精深加工"}, {"生物医药", "中药材提取"},
	}
	kinds = []string{"生产基地项目", "扩产项目", "智能制造项目", "研发中心项目", "配套项目", "产业化项目"}
)

// firstYear and years bound the signing dates: 2021 to 2024.
const (
	firstYear = 2021
	years     = 4
)

// write generates the ledger's projects, streams them to path and returns
// their totals.
func write(path string, l ledger) (Totals, error) {
	r := rand.New(rand.NewPCG(l.seed, 0x9e3779b97f4a7c15))
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "项目台账"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	rn := regionNames[l.region]
	title, note := rn.name+"产业共建项目台账（2021—2024年）", "填报单位："+rn.office
	if !l.titled {
		title, note = fmt.Sprintf("产业共建项目台账（第%d批）", l.seed%1000), "填报单位：投资促进部门"
	}
	rows := [][]any{
		{excelize.Cell{StyleID: st.title, Value: title}},
		{excelize.Cell{StyleID: st.note, Value: note}},
		styled(header, st.header),
	}
	for n, row := range rows {
		if err := sw.SetRow(fmt.Sprintf("A%d", n+1), row); err != nil {
			return nil, err
		}
	}
	for _, n := range []int{1, 2} {
		if err := sw.MergeCell(fmt.Sprintf("A%d", n), fmt.Sprintf("H%d", n)); err != nil {
			return nil, err
		}
	}
	tot := Totals{}
	var sum cents
	for i := range l.rows {
		p := project(r, i)
		row := 4 + i
		cells := []any{i + 1, p.name, p.industry, p.investCell(i, st), p.signed.cell(i%9 == 4, "2006年1月2日", st),
			p.started.cellOr(i%11 == 7, "2006/1/2", noDate(i), st), p.produced.cellOr(i%23 == 13, "2006.1.2", "", st), p.note}
		if err := sw.SetRow(fmt.Sprintf("A%d", row), cells); err != nil {
			return nil, err
		}
		sum += p.invest
		y := p.signed.Year()
		tot.add(y, l.region, ProjectsSigned, 1)
		tot.add(y, l.region, InvestmentSigned, int64(p.invest))
		if !p.started.IsZero() {
			tot.add(p.started.Year(), l.region, ProjectsStarted, 1)
		}
		if !p.produced.IsZero() {
			tot.add(p.produced.Year(), l.region, ProjectsInProduction, 1)
		}
	}
	if last := 3 + l.rows; l.rows > 0 {
		total := make([]any, len(header))
		total[0] = excelize.Cell{StyleID: st.label, Value: "合计"}
		total[3] = excelize.Cell{StyleID: st.sum, Formula: fmt.Sprintf("SUM(D4:D%d)", last), Value: sum.float()}
		if err := sw.SetRow(fmt.Sprintf("A%d", last+1), total); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	return tot, save(f, path)
}

// item is one generated project.
type item struct {
	name, industry, note      string
	invest                    cents
	signed, started, produced date
}

// project draws the i-th project: signed between 2021 and 2024, started on
// seven in ten, in production on one in five of those.
func project(r *rand.Rand, i int) item {
	c, p, k := r.IntN(len(companies)), r.IntN(len(products)), r.IntN(len(kinds))
	it := item{name: companies[c] + products[p].product + kinds[k], industry: products[p].industry}
	if r.IntN(4) == 0 {
		it.name += fmt.Sprintf("（%d期）", 2+r.IntN(3))
	}
	// 50 to 80,000 万元: whole 万元 mostly, some halves, some any 0.01.
	it.invest = cents(50+r.IntN(2000)) * 100
	if r.IntN(10) == 0 {
		it.invest *= 40
	}
	switch r.IntN(4) {
	case 0:
		it.invest += 50
	case 1:
		it.invest += cents(1 + r.IntN(99))
	}
	it.signed = date{time.Date(firstYear+r.IntN(years), 1, 1+r.IntN(365), 0, 0, 0, 0, time.UTC)}
	switch {
	case r.IntN(10) < 7:
		it.started = date{it.signed.AddDate(0, 0, 20+r.IntN(200))}
		if r.IntN(5) == 0 {
			it.produced = date{it.started.AddDate(0, 0, 60+r.IntN(400))}
			it.note = "已投产"
		}
	case i%2 == 0:
		it.note = "前期手续办理中"
	}
	return it
}

// investCell is the amount in 万元: a number with a display format, or every
// 17th as text with a thousands separator.
func (it item) investCell(i int, st styles) any {
	if i%17 == 16 {
		s := it.invest.String()
		whole, frac, _ := strings.Cut(s, ".")
		for j := len(whole) - 3; j > 0; j -= 3 {
			whole = whole[:j] + "," + whole[j:]
		}
		if frac != "" {
			whole += "." + frac
		}
		return whole
	}
	return excelize.Cell{StyleID: st.money, Value: it.invest.float()}
}

// date is a calendar date; the zero date is none.
type date struct{ time.Time }

// cell is the date as an Excel date, or as text in layout when asText.
func (d date) cell(asText bool, layout string, st styles) any {
	if asText {
		return d.Format(layout)
	}
	return excelize.Cell{StyleID: st.date, Value: d.Time}
}

// cellOr is cell, or none for the zero date ("" writes no cell).
func (d date) cellOr(asText bool, layout, none string, st styles) any {
	switch {
	case d.IsZero() && none == "":
		return nil
	case d.IsZero():
		return none
	}
	return d.cell(asText, layout, st)
}

// noDate is what an empty date cell holds: alternately nothing and a dash.
func noDate(i int) string {
	if i%2 == 0 {
		return "—"
	}
	return ""
}

// styles are the cell styles of a ledger.
type styles struct{ title, note, header, label, money, sum, date int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	add := func(id *int, s *excelize.Style) {
		if err == nil {
			*id, err = f.NewStyle(s)
		}
	}
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "top", Style: 1}, {Type: "right", Style: 1}, {Type: "bottom", Style: 1}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	money, dateFmt := "#,##0.00", "yyyy-mm-dd"
	add(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: center})
	add(&st.note, &excelize.Style{Font: &excelize.Font{Size: 10, Color: "595959"}})
	add(&st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: center,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	add(&st.label, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: center})
	add(&st.money, &excelize.Style{CustomNumFmt: &money})
	add(&st.sum, &excelize.Style{CustomNumFmt: &money, Font: &excelize.Font{Bold: true}})
	add(&st.date, &excelize.Style{CustomNumFmt: &dateFmt})
	return st, err
}

func styled(values []any, style int) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

// save fixes the document properties, so that output is byte-identical,
// and writes the file with mode 0644.
func save(f *excelize.File, path string) error {
	const stamp = "2024-01-15T08:00:00Z"
	if err := f.SetDocProps(&excelize.DocProperties{Created: stamp, Modified: stamp,
		Creator: "pairstat synth", LastModifiedBy: "pairstat synth"}); err != nil {
		return err
	}
	if err := f.SaveAs(path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Chmod(path, 0o644)
}
