// Command gen writes the sample workbooks of pairstat (see samples/README.md).
//
//	go run ./samples/gen [-out DIR]
//
// The rows are generated deterministically (fixed PCG seed, fixed document
// properties), so two runs write byte-identical files. Before writing, gen
// recomputes the yearly indicator totals from its own rows with exact integer
// money and fails if the 2023 figures differ from the reference figures of
// SPEC §2.
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	out := flag.String("out", "samples", "folder to write the workbooks into")
	flag.Parse()
	if err := run(*out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run generates the data, checks it against the reference figures, writes
// the workbooks into dir and prints the totals table to w.
func run(dir string, w io.Writer) error {
	d := generate()
	tot := d.totals()
	if err := checkReference(tot); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := []struct {
		name  string
		write func(*book)
	}{
		{tangxia.file, func(b *book) { writeLedger(b, tangxia, d.projects[tangxia.code]) }},
		{shixing.file, func(b *book) { writeLedger(b, shixing, d.projects[shixing.code]) }},
		{"始兴县帮扶资金台账.xlsx", func(b *book) { writeFunds(b, d.funds) }},
		{"始兴县乡村振兴帮扶项目.xlsx", func(b *book) { writeAssistance(b, d.assistance) }},
	}
	for _, f := range files {
		b := newBook()
		f.write(b)
		path := filepath.Join(dir, f.name)
		if err := b.save(path); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintln(w, "wrote", path)
	}
	tot.print(w)
	return nil
}

// ---------------------------------------------------------------- data

// money is an exact amount in hundredths of 万元 (100 yuan); never a float.
type money int64

const (
	wan money = 100     // 1 万元
	yi  money = 1000000 // 1 亿元
)

// in returns m in the given unit as the float64 nearest to the exact decimal,
// which excelize prints back as that decimal.
func (m money) in(unit money) float64 { return float64(m) / float64(unit) }

// String formats m in 万元 without trailing zeros.
func (m money) String() string {
	s := fmt.Sprintf("%d.%02d", m/wan, m%wan)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// when is a ledger date: zero means none; layout "" is written as an Excel
// date serial, anything else as text in that layout.
type when struct {
	t      time.Time
	layout string
}

type project struct {
	name, industry, note      string
	invest                    money
	signed, started, produced when
}

type fund struct {
	year        int
	field, item string
	amount      money
	parts       []fundPart // 其中 breakdown rows, not added again
}

type fundPart struct {
	item   string
	amount money
}

type assistance struct {
	name, place, status string
	done                when
}

// yearPlan says how many projects a region signs in a year and what becomes of them.
type yearPlan struct {
	year                       int
	signed                     int   // projects signed in year
	startedSame, startedNext   int   // of them: started in year, started in year+1
	producedNext, producedSame int   // of the started-same ones: in production in year+1 (fastener plants), in year
	invest                     money // total investment of the projects signed in year
}

// region describes one region's project ledger and how to fill it.
type region struct {
	code, file, title, note string
	headers                 []string
	widths                  []float64
	serial                  bool        // leading 序号 column
	unit                    money       // investment unit of the cells
	numFmt                  string      // display format of the investment cells
	step                    money       // rounding step of generated amounts
	textDates               []string    // layouts of the few dates written as text
	named                   [][2]string // name and industry of the first ordinary projects
	fasteners               []string    // names of the fastener plants
	plans                   []yearPlan
}

var tangxia = region{
	code:      "tangxia",
	file:      "塘厦镇产业共建项目台账.xlsx",
	title:     "塘厦镇产业共建项目台账（2022—2023年）",
	note:      "填报单位：塘厦镇投资促进局",
	headers:   []string{"序号", "项目名称", "产业", "投资额（万元）", "签约日期", "开工日期", "投产日期", "备注"},
	widths:    []float64{6, 44, 12, 16, 14, 14, 14, 22},
	serial:    true,
	unit:      wan,
	numFmt:    "#,##0.00",
	step:      25, // 0.25 万元
	textDates: []string{"2006年1月2日", "2006/1/2"},
	fasteners: []string{"塘厦镇精密紧固件智能制造项目"},
	plans: []yearPlan{
		{year: 2022, signed: 34, startedSame: 28, startedNext: 5, producedNext: 1, producedSame: 1, invest: 486215*wan + 75},
		{year: 2023, signed: 48, startedSame: 38, invest: 702380 * wan},
	},
}

var shixing = region{
	code:      "shixing",
	file:      "始兴县产业共建项目台账.xlsx",
	title:     "始兴县产业共建项目台账（2022—2023年）",
	note:      "填报单位：始兴县商务局",
	headers:   []string{"项目名称", "行业", "总投资（亿元）", "签约时间", "开工时间", "投产时间", "备注"},
	widths:    []float64{44, 12, 16, 14, 14, 14, 22},
	unit:      yi,
	numFmt:    "0.00##",
	step:      yi / 100, // 0.01 亿元
	textDates: []string{"2006.1.2", "2006年1月2日"},
	named:     [][2]string{{"塘厦-始兴电子信息产业园配套项目", "电子信息"}, {"始兴县竹木精深加工产业园项目", "林产品加工"}},
	fasteners: []string{"始兴县高端紧固件生产基地项目", "汽车紧固件扩产项目", "五金紧固件智能制造产业化项目"},
	plans: []yearPlan{
		{year: 2022, signed: 26, startedSame: 20, startedNext: 5, producedNext: 3, producedSame: 2, invest: 389450 * wan},
		{year: 2023, signed: 37, startedSame: 29, invest: 547620 * wan},
	},
}

var (
	companies = []string{"华锐", "鼎盛", "恒泰", "宏达", "瑞丰", "立信", "博远", "捷讯", "天和", "嘉联",
		"万通", "金鹏", "德润", "祥盛", "铭泰", "凯旋", "永信", "华拓", "盛世", "新辉", "众诚", "源兴", "联创"}
	products = []struct{ industry, product string }{
		{"电子信息", "智能终端结构件"}, {"电子信息", "柔性电路板"}, {"电子信息", "电子元器件"},
		{"电子信息", "5G通信模组"}, {"电子信息", "精密连接器"}, {"电子信息", "LED显示模组"},
		{"新材料", "高分子新材料"}, {"新材料", "光学膜材"}, {"新材料", "环保涂料"},
		{"装备制造", "精密模具"}, {"装备制造", "自动化设备"}, {"装备制造", "数控机床零部件"},
		{"新能源", "储能电池"}, {"新能源", "光伏组件"}, {"新能源", "新能源汽车零部件"},
		{"农产品加工", "预制菜"}, {"农产品加工", "茶叶精深加工"}, {"生物医药", "中药材提取"},
	}
	kinds = []string{"生产基地项目", "扩产项目", "智能制造项目", "研发中心项目", "配套项目", "产业化项目"}
)

type data struct {
	projects   map[string][]project
	funds      []fund
	assistance []assistance
}

func generate() data {
	r := rand.NewPCG(20230101, 20231231)
	return data{
		projects:   map[string][]project{tangxia.code: tangxia.generate(r), shixing.code: shixing.generate(r)},
		funds:      funds,
		assistance: assistanceRows(r),
	}
}

// between returns a pseudo-random int in [lo, hi), using only the raw PCG stream.
func between(r *rand.PCG, lo, hi int) int { return lo + int(r.Uint64()%uint64(hi-lo)) }

// day returns the date day days after 1 January of year (day may run into the next year).
func day(year, day int) time.Time { return time.Date(year, 1, 1+day, 0, 0, 0, 0, time.UTC) }

// generate makes the region's projects, sorted by signing date.
func (rg region) generate(r *rand.PCG) []project {
	var ps []project
	names := map[string]bool{}
	fastener, named, n := 0, 0, 0
	for _, p := range rg.plans {
		amounts := split(r, p.invest, p.signed, rg.step)
		for i := range p.signed {
			pr := project{invest: amounts[i]}
			y := p.year
			signed := between(r, 5, 250)
			started := signed + between(r, 20, 100)
			switch {
			case i < p.producedNext:
				pr.name, pr.industry, pr.note = rg.fasteners[fastener], "装备制造", "已投产"
				fastener++
				pr.produced.t = day(y+1, between(r, 30, 330))
			case i < p.producedNext+p.producedSame:
				signed = between(r, 5, 120)
				started = signed + between(r, 20, 100)
				pr.produced.t, pr.note = day(y, started+between(r, 60, 140)), "已投产"
			case i < p.startedSame:
			case i < p.startedSame+p.startedNext:
				signed = between(r, 200, 365)
				started, pr.note = 365+between(r, 0, 150), "跨年度开工"
			default:
				signed, started, pr.note = between(r, 150, 365), -1, "前期手续办理中"
			}
			pr.signed.t = day(y, signed)
			if started >= 0 {
				pr.started.t = day(y, started)
			}
			if pr.name == "" {
				if named < len(rg.named) {
					pr.name, pr.industry = rg.named[named][0], rg.named[named][1]
					named++
				} else {
					pr.name, pr.industry = generatedName(n, names)
					n++
				}
			}
			names[pr.name] = true
			ps = append(ps, pr)
		}
	}
	slices.SortStableFunc(ps, func(a, b project) int { return a.signed.t.Compare(b.signed.t) })
	for i := range ps { // a few dates written as text, as offices do
		if i%9 == 4 {
			ps[i].signed.layout = rg.textDates[0]
		}
		if i%11 == 7 && !ps[i].started.t.IsZero() {
			ps[i].started.layout = rg.textDates[1]
		}
	}
	return ps
}

// generatedName returns the n-th project name not yet in used, and its industry.
func generatedName(n int, used map[string]bool) (string, string) {
	for ; ; n += 1000 {
		p := products[(n*7)%len(products)]
		name := companies[n%len(companies)] + p.product + kinds[(n*5)%len(kinds)]
		if n >= 1000 {
			name += "（二期）"
		}
		if !used[name] {
			return name, p.industry
		}
	}
}

// split divides total into n uneven amounts, multiples of step except the
// largest, which takes the remainder so that the sum is exact.
func split(r *rand.PCG, total money, n int, step money) []money {
	w := make([]money, n)
	var sum money
	for i := range w {
		w[i] = money(between(r, 20, 160))
		if between(r, 0, 8) == 0 {
			w[i] *= 3
		}
		sum += w[i]
	}
	out := make([]money, n)
	var got money
	big := 0
	for i := range w {
		out[i] = total * w[i] / sum / step * step
		got += out[i]
		if out[i] > out[big] {
			big = i
		}
	}
	out[big] += total - got
	return out
}

// funds is the fund ledger: 2023 adds up to 4768 万元 (1520 + 1288.5 + 960 + 999.5).
var funds = []fund{
	{2022, "教育", "教育帮扶资金", 1200 * wan, []fundPart{{"其中：家庭经济困难学生资助", 450 * wan}}},
	{2022, "医疗", "远程医疗协作平台建设", 980 * wan, nil},
	{2022, "劳务协作", "劳务协作补贴", 836 * wan, nil},
	{2022, "消费帮扶", "消费帮扶专项资金", 840*wan + 25, nil},
	{2023, "教育", "教育帮扶资金", 1520 * wan, []fundPart{
		{"其中：始兴中学智慧校园建设", 820 * wan}, {"其中：乡村学校教师培训", 700 * wan}}},
	{2023, "医疗", "县人民医院胸痛中心建设", 860 * wan, nil},
	{2023, "医疗", "乡镇卫生院医疗设备购置", 428*wan + 50, nil},
	{2023, "劳务协作", "劳务协作稳岗补贴", 960 * wan, []fundPart{{"其中：转移就业交通补贴", 360 * wan}}},
	{2023, "消费帮扶", "消费帮扶专项资金（农产品产销对接）", 999*wan + 50, nil},
}

var (
	towns = []string{"太平镇", "马市镇", "澄江镇", "顿岗镇", "罗坝镇", "司前镇", "隘子镇", "城南镇", "沈所镇", "深渡水瑶族乡"}
	works = []string{"现代农业产业园提升项目", "农产品冷链仓储项目", "乡村道路硬化项目", "农村饮水安全提升项目",
		"高标准农田建设项目", "乡村民宿示范项目", "光伏发电帮扶项目", "村级集体经济发展项目", "美丽乡村示范村建设项目",
		"农村电商服务站建设项目", "茶叶加工厂建设项目", "农文旅融合发展项目", "农村人居环境整治项目", "特色种养基地建设项目"}
	delivered = []string{"已落地", "落地见效", "已完成"}
)

// assistanceRows lists 9 projects delivered in 2022, 13 delivered in 2023 and
// 5 still in progress (在建, 筹备).
func assistanceRows(r *rand.PCG) []assistance {
	var rows []assistance
	add := func(status string, done when) {
		i := len(rows)
		rows = append(rows, assistance{towns[i%len(towns)] + works[(i*3)%len(works)], towns[i%len(towns)], status, done})
	}
	for _, y := range []struct{ year, n int }{{2022, 9}, {2023, 13}} {
		var dates []time.Time
		for range y.n {
			dates = append(dates, day(y.year, between(r, 10, 360)))
		}
		slices.SortFunc(dates, time.Time.Compare)
		for i, t := range dates {
			w := when{t: t}
			if i == 5 {
				w.layout = "2006年1月"
			}
			add(delivered[i%len(delivered)], w)
		}
	}
	for _, s := range []string{"在建", "在建", "在建", "筹备", "筹备"} {
		add(s, when{})
	}
	return rows
}

// ---------------------------------------------------------------- totals

type key struct {
	year         int
	region, code string
}

// totals holds indicator values: counts, or money in hundredths of 万元.
type totals map[key]int64

func (t totals) add(year int, region, code string, v int64) {
	t[key{year, region, code}] += v
	t[key{year, "all", code}] += v
}

func (d data) totals() totals {
	t := totals{}
	for _, rg := range []string{tangxia.code, shixing.code} {
		for _, p := range d.projects[rg] {
			t.add(p.signed.t.Year(), rg, "projects_signed", 1)
			t.add(p.signed.t.Year(), rg, "investment_signed", int64(p.invest))
			if !p.started.t.IsZero() {
				t.add(p.started.t.Year(), rg, "projects_started", 1)
			}
			if !p.produced.t.IsZero() {
				t.add(p.produced.t.Year(), rg, "projects_in_production", 1)
			}
		}
	}
	for _, f := range d.funds {
		t.add(f.year, shixing.code, "assistance_funds", int64(f.amount))
	}
	for _, a := range d.assistance {
		if slices.Contains(delivered, a.status) {
			t.add(a.done.t.Year(), shixing.code, "assistance_projects", 1)
		}
	}
	return t
}

// indicators in SPEC §2 order; money ones are in hundredths of 万元.
var indicators = []struct {
	code  string
	money bool
	ref   int64 // 2023, both regions
}{
	{"projects_signed", false, 85},
	{"investment_signed", true, int64(1250000 * wan)},
	{"projects_started", false, 77},
	{"projects_in_production", false, 4},
	{"assistance_projects", false, 13},
	{"assistance_funds", true, int64(4768 * wan)},
}

func format(v int64, isMoney bool) string {
	if isMoney {
		return money(v).String()
	}
	return fmt.Sprint(v)
}

func checkReference(t totals) error {
	var bad []string
	for _, in := range indicators {
		if got := t[key{2023, "all", in.code}]; got != in.ref {
			bad = append(bad, fmt.Sprintf("%s 2023 = %s, want %s", in.code, format(got, in.money), format(in.ref, in.money)))
		}
	}
	if bad != nil {
		return fmt.Errorf("generated rows miss the SPEC §2 reference figures: %s", strings.Join(bad, "; "))
	}
	return nil
}

// print writes the totals as the markdown table of samples/README.md.
func (t totals) print(w io.Writer) {
	fmt.Fprintln(w, "| indicator | unit | 2022 tangxia | 2022 shixing | 2022 all | 2023 tangxia | 2023 shixing | 2023 all |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|")
	for _, in := range indicators {
		unit := "个"
		if in.money {
			unit = "万元"
		}
		fmt.Fprintf(w, "| %s | %s |", in.code, unit)
		for _, y := range []int{2022, 2023} {
			for _, rg := range []string{"tangxia", "shixing", "all"} {
				v, ok := t[key{y, rg, in.code}]
				cell := "—"
				if ok {
					cell = format(v, in.money)
				}
				fmt.Fprintf(w, " %s |", cell)
			}
		}
		fmt.Fprintln(w)
	}
}

// ---------------------------------------------------------------- writers

// writeLedger writes a project ledger (sheet 项目台账) and its notes sheet 填表说明.
func writeLedger(b *book, rg region, ps []project) {
	t := b.table("项目台账", rg.title, rg.note, rg.headers, rg.widths)
	num := b.numStyle(rg.numFmt, false)
	var rows []int
	for i, p := range ps {
		var cells []any
		if rg.serial {
			cells = append(cells, i+1)
		}
		cells = append(cells, p.name, p.industry, excelize.Cell{StyleID: num, Value: p.invest.in(rg.unit)},
			b.dateCell(p.signed, ""), b.dateCell(p.started, noDate(i)), b.dateCell(p.produced, ""), p.note)
		rows = append(rows, t.add(cells...))
	}
	var sum money
	for _, p := range ps {
		sum += p.invest
	}
	investCol := 3 // after 项目名称 and 产业/行业
	if rg.serial {
		investCol++
	}
	t.total("合计", investCol, rows, sum.in(rg.unit), rg.numFmt)
	t.flush()
	b.notes("填表说明",
		"填表说明：",
		"1. 本表按季度更新，一个项目占一行，按签约先后排列。",
		"2. 投资额以表头所示单位填写，保留两位小数。",
		"3. 签约、开工、投产日期按实际发生日期填写；尚未开工或投产的填「—」或留空。",
		"4. 合计行由公式自动计算，请勿手工修改。")
}

// noDate is what an empty date cell holds: alternately nothing and a dash.
func noDate(i int) string {
	if i%2 == 0 {
		return "—"
	}
	return ""
}

// writeFunds writes the fund ledger (sheet 帮扶资金) with a 小计 row per year and a 合计 row.
func writeFunds(b *book, fs []fund) {
	t := b.table("帮扶资金", "始兴县帮扶资金台账（2022—2023年）", "填报单位：始兴县乡村振兴局",
		[]string{"年度", "领域", "项目", "金额（万元）"}, []float64{10, 12, 40, 16})
	const format = "#,##0.00"
	num := b.numStyle(format, false)
	var all, year []int
	var sum, yearSum money
	for i, f := range fs {
		r := t.add(f.year, f.field, f.item, excelize.Cell{StyleID: num, Value: f.amount.in(wan)})
		all, year = append(all, r), append(year, r)
		sum, yearSum = sum+f.amount, yearSum+f.amount
		for _, p := range f.parts {
			t.add(nil, nil, p.item, excelize.Cell{StyleID: num, Value: p.amount.in(wan)})
		}
		if i+1 == len(fs) || fs[i+1].year != f.year {
			t.total("小计", 4, year, yearSum.in(wan), format)
			year, yearSum = nil, 0
		}
	}
	t.total("合计", 4, all, sum.in(wan), format)
	t.flush()
}

// writeAssistance writes the assistance project list (sheet 帮扶项目).
func writeAssistance(b *book, as []assistance) {
	t := b.table("帮扶项目", "始兴县乡村振兴帮扶项目清单（2022—2023年）", "填报单位：始兴县农业农村局",
		[]string{"项目名称", "镇/村", "状态", "完成时间"}, []float64{40, 14, 10, 14})
	for _, a := range as {
		t.add(a.name, a.place, a.status, b.dateCell(a.done, ""))
	}
	t.flush()
}

// ---------------------------------------------------------------- workbook helpers

// book wraps an excelize file; the first error is kept and reported by save.
type book struct {
	f                          *excelize.File
	err                        error
	title, note, header, label int
	date                       int
}

func newBook() *book {
	b := &book{f: excelize.NewFile()}
	b.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	b.note = b.style(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "595959"}})
	b.header = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: borders,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.label = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	b.date = b.style(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	return b
}

var borders = []excelize.Border{{Type: "left", Style: 1}, {Type: "top", Style: 1}, {Type: "right", Style: 1}, {Type: "bottom", Style: 1}}

func ptr[T any](v T) *T { return &v }

func (b *book) style(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	b.err = err
	return id
}

// numStyle returns a style with the given display format, bold for total rows.
func (b *book) numStyle(format string, bold bool) int {
	return b.style(&excelize.Style{CustomNumFmt: ptr(format), Font: &excelize.Font{Bold: bold}})
}

// dateCell is the cell value of w; none is written when there is no date.
func (b *book) dateCell(w when, none string) any {
	switch {
	case w.t.IsZero() && none == "":
		return nil
	case w.t.IsZero():
		return none
	case w.layout != "":
		return w.t.Format(w.layout)
	}
	return excelize.Cell{StyleID: b.date, Value: w.t}
}

// table streams one sheet: title (row 1) and note (row 2) merged across the
// columns, header (row 3), data from row 4.
type table struct {
	b    *book
	sw   *excelize.StreamWriter
	row  int
	cols int
}

func (b *book) table(sheet, title, note string, headers []string, widths []float64) *table {
	t := &table{b: b, cols: len(headers)}
	if b.err != nil {
		return t
	}
	if b.f.SheetCount == 1 && b.f.GetSheetName(0) == "Sheet1" {
		b.err = b.f.SetSheetName("Sheet1", sheet)
	} else {
		_, b.err = b.f.NewSheet(sheet)
	}
	if b.err != nil {
		return t
	}
	if t.sw, b.err = b.f.NewStreamWriter(sheet); b.err != nil {
		return t
	}
	for i, w := range widths {
		if err := t.sw.SetColWidth(i+1, i+1, w); err != nil && b.err == nil {
			b.err = err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(headers))
	t.merged(title, b.title, last)
	t.merged(note, b.note, last)
	hs := make([]any, len(headers))
	for i, h := range headers {
		hs[i] = excelize.Cell{StyleID: b.header, Value: h}
	}
	t.add(hs...)
	return t
}

// merged adds a row whose text spans all columns.
func (t *table) merged(text string, style int, last string) {
	r := t.add(excelize.Cell{StyleID: style, Value: text})
	if t.b.err == nil {
		t.b.err = t.sw.MergeCell(fmt.Sprintf("A%d", r), fmt.Sprintf("%s%d", last, r))
	}
}

// add writes the next row and returns its number.
func (t *table) add(cells ...any) int {
	t.row++
	if t.b.err == nil {
		t.b.err = t.sw.SetRow(fmt.Sprintf("A%d", t.row), cells)
	}
	return t.row
}

// total adds a row labelled label whose column col holds SUM over rows, with
// value stored as the formula's cached result.
func (t *table) total(label string, col int, rows []int, value float64, format string) {
	cells := make([]any, t.cols)
	cells[0] = excelize.Cell{StyleID: t.b.label, Value: label}
	cells[col-1] = excelize.Cell{StyleID: t.b.numStyle(format, true), Formula: sumFormula(col, rows), Value: value}
	t.add(cells...)
}

func (t *table) flush() {
	if t.b.err == nil {
		t.b.err = t.sw.Flush()
	}
}

// sumFormula returns SUM over the given rows of column col, runs as ranges: SUM(D4:D9,D12).
func sumFormula(col int, rows []int) string {
	name, _ := excelize.ColumnNumberToName(col)
	var parts []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, fmt.Sprintf("%s%d", name, rows[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%s%d:%s%d", name, rows[i], name, rows[j]))
		}
		i = j + 1
	}
	return "SUM(" + strings.Join(parts, ",") + ")"
}

// notes adds a sheet of plain text lines with no header row.
func (b *book) notes(sheet string, lines ...string) {
	if b.err != nil {
		return
	}
	if _, b.err = b.f.NewSheet(sheet); b.err != nil {
		return
	}
	for i, l := range lines {
		if b.err == nil {
			b.err = b.f.SetCellValue(sheet, fmt.Sprintf("A%d", i+1), l)
		}
	}
}

// save fixes the document properties (for byte-identical output) and writes the file.
func (b *book) save(path string) error {
	if b.err != nil {
		return b.err
	}
	const stamp = "2024-01-15T08:00:00Z"
	if err := b.f.SetDocProps(&excelize.DocProperties{Created: stamp, Modified: stamp,
		Creator: "pairstat samples", LastModifiedBy: "pairstat samples",
		Title: strings.TrimSuffix(filepath.Base(path), ".xlsx")}); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	if err := b.f.SaveAs(path); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o644); err != nil { // SaveAs creates files with mode 0777&^umask
		return err
	}
	return b.f.Close()
}
