package transform

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The layouts of SPEC §3 that statistical offices use: unit rows, unit
// lines for a whole table, stacked tables, sign-off rows and the
// cross-checks (审核). Each case builds its workbook here.

// dataColumn returns one column of the data rows of a table.
func dataColumn(res *Result, table, name string) []string {
	var out []string
	for _, r := range dataRows(tableRows(res, table)) {
		out = append(out, r[name])
	}
	return out
}

func equal(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// warningsOf lists a result's warnings as "cell kind expected→found".
func warningsOf(res *Result) []string {
	var out []string
	for _, w := range res.Warnings() {
		out = append(out, w.Cell+" "+w.Kind+" "+w.Expected+"→"+w.Found)
	}
	return out
}

func TestUnitRowWithOneUnit(t *testing.T) {
	path := writeWorkbook(t, "塘厦镇项目.xlsx", sheet{name: "项目台账", rows: [][]any{
		{"塘厦镇2023年产业共建项目台账"},
		{"序号", "项目名称", "投资额", "签约日期"},
		{nil, nil, "（亿元）"},
		{1, "智能制造产业园", 1.5, "2023-03-18"},
		{2, "新材料基地", "2", "2023-05-02"},
	}, merges: []string{"A2:A3", "B2:B3", "D2:D3"}})
	res := mustConvert(t, path, Hints{})
	equal(t, "investment", dataColumn(res, "projects", "investment"), "15000.000000", "20000.000000")
	if got := res.Sheets[0].HeaderRow; got != 3 {
		t.Errorf("header row %d, want 3 (the unit row belongs to it)", got)
	}
	if u := res.Sheets[0].Units; len(u) != 1 || u[0].Unit != "亿元" || u[0].Source != UnitFromHeader {
		t.Errorf("units %+v, want 亿元 from the header", u)
	}
}

func TestTableUnitLines(t *testing.T) {
	header := []any{"年度", "领域", "项目", "金额"}
	cases := []struct {
		name  string
		above [][]any
		cells []any
		want  []string
	}{
		{"单位：亿元 in the last column above the header",
			[][]any{{"始兴县帮扶资金"}, {nil, nil, nil, "单位：亿元"}}, []any{1.2, 2.5}, []string{"12000.000000", "25000.000000"}},
		{"（金额单位：元） at the end of the title",
			[][]any{{"始兴县2023年帮扶资金明细表（金额单位：元）"}}, []any{1200000, 300000}, []string{"120.000000", "30.000000"}},
		{"单位：千元 alone in column A",
			[][]any{{"始兴县帮扶资金"}, {"单位：千元"}}, []any{2, 15}, []string{"0.200000", "1.500000"}},
		{"half-width colon and a space",
			[][]any{{"始兴县帮扶资金", nil, nil, "计量单位: 亿元"}}, []any{1, 2}, []string{"10000.000000", "20000.000000"}},
		{"填报单位 states no unit",
			[][]any{{"始兴县帮扶资金"}, {"填报单位：始兴县乡村振兴局（盖章）", nil, nil, "（单位：元）"}}, []any{10000, 5000}, []string{"1.000000", "0.500000"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := append(append([][]any{}, c.above...), header)
			for _, v := range c.cells {
				rows = append(rows, []any{2023, "教育", "助学", v})
			}
			res := mustConvert(t, writeWorkbook(t, "f.xlsx", sheet{name: "资金", rows: rows}), Hints{})
			equal(t, "amount", dataColumn(res, "funds", "amount"), c.want...)
			if w := warningsOf(res); len(w) != 0 {
				t.Errorf("warnings %v, want none: the unit is stated", w)
			}
			if u := res.Sheets[0].Units; len(u) != 1 || u[0].Source != UnitFromTableLine {
				t.Errorf("units %+v, want the table line's", u)
			}
		})
	}
}

func TestHeaderUnitWinsOverTableLine(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "项目台账", rows: [][]any{
		{"塘厦镇产业共建项目台账"},
		{"单位：万元"},
		{"项目名称", "投资额（亿元）", "签约日期"},
		{"甲", 2, "2023-03-18"},
		{"乙", "300万元", "2023-04-18"},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "investment", dataColumn(res, "projects", "investment"), "20000.000000", "300.000000")
	if u := res.Sheets[0].Units; len(u) != 2 || u[0].Unit != "万元" || u[0].Source != UnitFromCell ||
		u[1].Unit != "亿元" || u[1].Source != UnitFromHeader || u[1].Values != 1 {
		t.Errorf("units %+v, want 万元 from a cell and 亿元 from the header, a value each", u)
	}
}

func TestWideTableUnderUnitLine(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "指标", rows: [][]any{
		{"始兴县对口帮扶主要指标"},
		{"计量单位：亿元"},
		{"指标", "2022年", "2023年"},
		{"帮扶资金", 0.35, 0.5},
		{"新签约项目数", 20, 37},
		{"签约投资额（万元）", 10, 12},
	}})
	res := mustConvert(t, path, Hints{})
	var got []string
	for _, r := range dataRows(tableRows(res, "figures")) {
		got = append(got, r["indicator"]+" "+r["year"]+" "+r["value"])
	}
	equal(t, "figures", got, "assistance_funds 2022 3500.000000", "assistance_funds 2023 5000.000000",
		"projects_signed 2022 20.000000", "projects_signed 2023 37.000000",
		"investment_signed 2022 10.000000", "investment_signed 2023 12.000000")
}

// projectLedger is a project ledger table: title, header, rows and a 合计.
func projectLedger(title string, rows ...[]any) [][]any {
	out := [][]any{{title}, {"项目名称", "投资额（万元）", "签约日期"}}
	total := 0.0
	for _, r := range rows {
		out = append(out, r)
		total += r[1].(float64)
	}
	return append(out, []any{"合计", total})
}

func TestStackedLedgers(t *testing.T) {
	rows := projectLedger("塘厦镇2022年产业共建项目台账", []any{"甲", 100.0, "2022-03-01"}, []any{"乙", 200.0, "2022-06-01"})
	rows = append(rows, nil)
	second := projectLedger("塘厦镇2023年产业共建项目台账", []any{"丙", 1.5, "2023-03-01"}, []any{"丁", 0.5, "2023-08-01"})
	second = append(second[:1], append([][]any{{"单位：亿元"}}, second[1:]...)...)
	second[2][1] = "投资额"
	rows = append(rows, second...)
	res := mustConvert(t, writeWorkbook(t, "f.xlsx", sheet{name: "项目台账", rows: rows}), Hints{})
	equal(t, "investment", dataColumn(res, "projects", "investment"), "100.000000", "200.000000", "15000.000000", "5000.000000")
	equal(t, "names", dataColumn(res, "projects", "name"), "甲", "乙", "丙", "丁")
	if len(res.Sheets) != 2 || res.Sheets[0].Rows != 2 || res.Sheets[1].Rows != 2 || res.Sheets[1].HeaderRow != 9 {
		t.Fatalf("tables %+v, want two of 2 rows, the second's header in row 9", res.Sheets)
	}
	if w := warningsOf(res); len(w) != 0 {
		t.Errorf("warnings %v, want none: each 合计 closes its own table", w)
	}
}

func TestStackedRegions(t *testing.T) {
	block := func(title string, a, b float64) [][]any {
		return [][]any{{title}, {"年度", "领域", "项目", "金额（万元）"},
			{2023, "教育", "助学", a}, {2023, "医疗", "设备", b}, {"合计", nil, nil, a + b}}
	}
	rows := append(block("塘厦镇2023年帮扶资金", 100, 50), nil, nil)
	rows = append(rows, block("始兴县2023年帮扶资金", 30, 20)...)
	res := mustConvert(t, writeWorkbook(t, "帮扶资金.xlsx", sheet{name: "资金", rows: rows}), Hints{})
	equal(t, "region", dataColumn(res, "funds", "region"), "tangxia", "tangxia", "shixing", "shixing")
	if len(res.Sheets) != 2 || res.Sheets[0].Region != "tangxia" || res.Sheets[1].Region != "shixing" {
		t.Errorf("tables %+v, want 塘厦镇 then 始兴县", res.Sheets)
	}
	if w := warningsOf(res); len(w) != 0 {
		t.Errorf("warnings %v, want none", w)
	}
}

// Wide indicator tables stacked with a header of two columns, the name and
// a year (指标 | 2023年), and the same header repeated for another region.
func TestStackedWideTables(t *testing.T) {
	rows := [][]any{
		{"塘厦镇2022年主要指标"}, {"指标", "2022年"}, {"帮扶资金(万元)", 100},
		{"塘厦镇2023年主要指标"}, {"指标", "2023年"}, {"帮扶资金(万元)", 200},
		nil,
		{"始兴县2023年主要指标"}, {"指标", "2023年"}, {"帮扶资金(万元)", 300},
	}
	res := mustConvert(t, writeWorkbook(t, "指标.xlsx", sheet{name: "指标", rows: rows}), Hints{})
	equal(t, "values", dataColumn(res, "figures", "value"), "100.000000", "200.000000", "300.000000")
	equal(t, "years", dataColumn(res, "figures", "year"), "2022", "2023", "2023")
	equal(t, "regions", dataColumn(res, "figures", "region"), "tangxia", "tangxia", "shixing")
	if len(res.Sheets) != 3 {
		t.Errorf("tables %+v, want three", res.Sheets)
	}
}

func TestSignOffRows(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "项目台账", rows: [][]any{
		{"始兴县产业共建项目台账"},
		{"填报单位：始兴县商务局（盖章）", nil, "填报时间：2024年1月10日"},
		{"项目名称", "投资额（万元）", "签约日期"},
		{"甲", 100, "2023-03-01"},
		{"乙", 200, "2023-06-01"},
		{"填表人：张三", "审核人：李四", "填报日期：2024年1月10日"},
		{"单位负责人：王五", "联系电话：0751-1234567"},
		{"注：投资额按签约金额填写", 999, "2023"},
		{"说明：", "不含已终止项目", "12"},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "investment", dataColumn(res, "projects", "investment"), "100.000000", "200.000000")
	if got := RowRanges(res.Sheets[0].Footer); got != "6-9" {
		t.Errorf("footer rows %q, want 6-9", got)
	}
}

func TestSignOffDateGivesNoYear(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "资金", rows: [][]any{
		{"始兴县2023年帮扶资金"},
		{"填报时间：2024年1月5日"},
		{"年度", "领域", "项目", "金额（万元）"},
		{nil, "教育", "助学", 10},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "year", dataColumn(res, "funds", "year"), "2023")
}

func TestCrossChecks(t *testing.T) {
	fund := func(rows ...[]any) string {
		all := append([][]any{{"始兴县2023年帮扶资金"}, {"年度", "领域", "项目", "金额（万元）"}}, rows...)
		return writeWorkbook(t, "f.xlsx", sheet{name: "资金", rows: all})
	}
	cases := []struct {
		name string
		path string
		want []string
	}{
		{"合计 mismatch", fund(
			[]any{2023, "教育", "助学", 1000}, []any{2023, "医疗", "设备", 2500}, []any{"合计", nil, nil, 9999}),
			[]string{"D5 total 3500 万元→9999 万元"}},
		{"其中 more than the parent", fund(
			[]any{2023, "教育", "助学", 1000}, []any{nil, "其中：小学", nil, 600}, []any{nil, "其中：中学", nil, 500},
			[]any{"合计", nil, nil, 1000}),
			[]string{"D5 breakdown 1000 万元→1100 万元"}},
		{"小计 against its group, 合计 against all", fund(
			[]any{2022, "教育", "助学", 10}, []any{2022, "医疗", "设备", 20}, []any{"小计", nil, nil, 31},
			[]any{2023, "教育", "助学", 5}, []any{"小计", nil, nil, 5}, []any{"合计", nil, nil, 35}),
			[]string{"D5 subtotal 30 万元→31 万元"}},
		{"合计 above the rows it covers", fund(
			[]any{"合计", nil, nil, 40}, []any{2023, "教育", "助学", 10}, []any{2023, "医疗", "设备", 20}),
			[]string{"D3 total 30 万元→40 万元"}},
		{"其中 under a 合计", fund(
			[]any{2023, "教育", "助学", 1000}, []any{2023, "医疗", "设备", 2500}, []any{"合计", nil, nil, 3500},
			[]any{nil, "其中：省级资金", nil, 2000}, []any{nil, "其中：市级资金", nil, 1500}),
			nil},
		{"a consistent table", fund(
			[]any{2023, "教育", "助学", 0.1}, []any{nil, "其中：小学", nil, 0.05}, []any{2023, "医疗", "设备", 0.2},
			[]any{"小计", nil, nil, 0.3}, []any{2023, "劳务协作", "补贴", "1,000"}, []any{"合计", nil, nil, "1000.3万元"}),
			nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustConvert(t, c.path, Hints{})
			equal(t, "warnings", warningsOf(res), c.want...)
		})
	}
}

func TestProjectDatesInOrder(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "项目台账", rows: [][]any{
		{"塘厦镇产业共建项目台账"},
		{"项目名称", "投资额（万元）", "签约日期", "开工日期", "投产日期"},
		{"甲", 100, "2023-05-01", "2023-03-01", "2024-01-01"},
		{"乙", 100, "2023-05-01", "2023-05", "2023-04-30"},
		{"丙", 100, "2023-05-01", nil, "2023"},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "warnings", warningsOf(res), "D3 dates 2023-05-01→2023-03-01", "E4 dates 2023-05→2023-04-30")
	// The difference, in the finest unit both dates give.
	for i, want := range [][2]string{{"difference 61 day(s)", "相差 61 天"}, {"difference 1 month(s)", "相差 1 个月"}} {
		if w := res.Warnings()[i]; !strings.HasSuffix(w.En, want[0]) || !strings.HasSuffix(w.Zh, want[1]) {
			t.Errorf("warning %d: %q / %q, want the difference %s", i, w.En, w.Zh, want[0])
		}
	}
}

func TestUnitAssumed(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "资金", rows: [][]any{
		{"始兴县2023年帮扶资金"},
		{"年度", "领域", "项目", "金额"},
		{2023, "教育", "助学", 10},
		{2023, "医疗", "设备", "5万元"},
		{2023, "医疗", "设备", 7},
	}})
	res := mustConvert(t, path, Hints{})
	w := res.Warnings()
	if len(w) != 1 || w[0].Kind != WarnUnit || w[0].Cell != "D3" || !strings.Contains(w[0].En, "unit not stated: 万元 assumed") ||
		!strings.Contains(w[0].Zh, "未注明单位") || !strings.Contains(w[0].En, "2 value(s)") {
		t.Errorf("warnings %+v, want one: unit not stated at D3, 2 values", w)
	}
}

func TestTotalRowsBelongToTheirRows(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "资金", rows: [][]any{
		{"始兴县帮扶资金"},
		{"年度", "领域", "项目", "金额（万元）"},
		{2022, "教育", "助学", 10},
		{nil, "消费帮扶", "展销", 5},
		{"小计", nil, nil, 15},
		{2023, "教育", "助学", 20},
		{"小计", nil, nil, 20},
		{"合计", nil, nil, 35},
	}})
	res := mustConvert(t, path, Hints{})
	var got []string
	for _, r := range tableRows(res, "funds") {
		if r["role"] == roleTotal {
			got = append(got, r["year"]+" "+r["field"]+" "+r["item"])
		}
	}
	equal(t, "total rows", got, "2022 <nil> 小计", "2023 <nil> 小计", "<nil> <nil> 合计")
}

func TestRepeatedHeaderKeepsTheTitle(t *testing.T) {
	header := []any{"项目名称", "投资额（万元）", "签约日期"}
	path := writeWorkbook(t, "f.xlsx", sheet{name: "项目", rows: [][]any{
		{"始兴县2023年产业共建项目台账"},
		header,
		{"甲", 100, "2023-03-01"},
		header,
		{"乙", 200, "2023-06-01"},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "region", dataColumn(res, "projects", "region"), "shixing", "shixing")
	if len(res.Sheets) != 2 || res.Sheets[1].HeaderRow != 4 {
		t.Errorf("tables %+v, want the repeated header to start a second table", res.Sheets)
	}
}

func TestManyOneCellRowsStayData(t *testing.T) {
	rows := [][]any{{"塘厦镇产业共建项目台账"}, {"项目名称", "投资额（万元）", "签约日期"}}
	for i := range 30 {
		rows = append(rows, []any{fmt.Sprintf("项目%d", i)})
	}
	rows = append(rows, []any{"最后", 5, "2023-01-01"})
	res := mustConvert(t, writeWorkbook(t, "f.xlsx", sheet{name: "项目", rows: rows}), Hints{})
	if got := len(dataColumn(res, "projects", "name")); got != 31 {
		t.Errorf("%d projects, want 31: rows held as possible titles are data", got)
	}
}

// TestUnitColumnAgainstName: an indicator table's unit column and a unit
// in the indicator's name are of one rank; when they disagree, the unit
// column's counts, with a warning naming both.
func TestUnitColumnAgainstName(t *testing.T) {
	path := writeWorkbook(t, "塘厦镇指标.xlsx", sheet{name: "指标", rows: [][]any{
		{"年度", "指标", "数值", "单位"},
		{2023, "帮扶资金（万元）", 5, "亿元"},
		{2023, "签约项目总投资（万元）", 7, "万元"},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "values", dataColumn(res, "figures", "value"), "50000.000000", "7.000000")
	equal(t, "warnings", warningsOf(res), "D2 unit 万元→亿元")
}

// A ledger's unit column (单位, 金额单位) gives each row's amount its unit,
// before the header's and the table's unit line; the cell's own unit
// still wins. Where the unit column and the header disagree, the unit
// column counts, with a warning naming the cell.
func TestLedgerUnitColumn(t *testing.T) {
	funds := writeWorkbook(t, "f.xlsx", sheet{name: "资金", rows: [][]any{
		{"塘厦镇2023年帮扶资金台账"},
		{"单位：万元"},
		{"年度", "领域", "项目", "金额", "金额单位"},
		{2023, "教育", "甲", 50000, "元"},
		{2023, "医疗", "乙", 3, "万元"},
		{2023, "医疗", "丙", 0.01, "亿元"},
		{2023, "医疗", "丁", "2万元", "亿元"},
		{2023, "医疗", "戊", 4, nil},
	}})
	res := mustConvert(t, funds, Hints{})
	var amounts []string
	for _, r := range dataRows(tableRows(res, "funds")) {
		amounts = append(amounts, r["amount"])
	}
	equal(t, "amounts", amounts, "5.000000", "3.000000", "100.000000", "2.000000", "4.000000")
	equal(t, "warnings", warningsOf(res))

	projects := writeWorkbook(t, "p.xlsx", sheet{name: "项目", rows: [][]any{
		{"始兴县产业共建项目台账"},
		{"项目名称", "投资额（万元）", "单位", "签约日期"},
		{"甲", 2, "亿元", "2023-03-01"},
		{"乙", 5000, "万元", "2023-04-01"},
		{"丙", 1, "亿吨", "2023-04-01"},
	}})
	res = convertFile(t, defaultCat(t), projects, Hints{})
	var investments []string
	for _, r := range dataRows(tableRows(res, "projects")) {
		investments = append(investments, r["investment"])
	}
	equal(t, "investments", investments, "20000.000000", "5000.000000")
	equal(t, "warnings", warningsOf(res), "C3 unit 万元→亿元")
	if w := res.Warnings()[0]; w.En != "the unit column says 亿元, the column's header 万元: 亿元 counts" ||
		w.Zh != "单位列为 亿元，列标题中为 万元：以单位列的 亿元 为准" {
		t.Errorf("warning %q / %q", w.En, w.Zh)
	}
	problemAt(t, res, "C5", ErrUnknownUnit)
}

// In indicator tables, a unit column that disagrees with the unit of a
// year column's header is told as it is with the indicator's name.
func TestIndicatorUnitColumnAgainstHeader(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "目标", rows: [][]any{
		{"塘厦镇2023年目标任务"},
		{"指标", "单位", "2023年目标（万元）", "2023年（万元）"},
		{"财政帮扶资金", "亿元", 2, 3},
		{"社会帮扶资金", nil, 5, 6},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "warnings", warningsOf(res), "D3 unit 万元→亿元", "C3 unit 万元→亿元")
	var values []string
	for _, table := range []string{"figures", "targets"} {
		for _, r := range dataRows(tableRows(res, table)) {
			values = append(values, r["value"])
		}
	}
	equal(t, "values and targets", values, "30000.000000", "6.000000", "20000.000000", "5.000000")
}

// A group header merged over sub-headers gives them its year and its unit;
// under a year, only the year's value and target are read (上年同期 and
// 同比增长% are not that year's value).
func TestGroupHeaderOverSubHeaders(t *testing.T) {
	wide := writeWorkbook(t, "始兴县指标.xlsx", sheet{name: "指标", rows: [][]any{
		{"始兴县2023年主要指标"},
		{"指标名称", "单位", "2023年", nil, nil, nil},
		{nil, nil, "上年同期", "目标任务", "本年完成", "同比增长%"},
		{"帮扶资金", "万元", 1000, 1500, 1768, 76.8},
		{"新签约项目", "个", 30, 35, 37, 23.3},
	}, merges: []string{"A2:A3", "B2:B3", "C2:F2"}})
	res := mustConvert(t, wide, Hints{})
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Err())
	}
	var got []string
	for _, table := range []string{"figures", "targets"} {
		for _, r := range dataRows(tableRows(res, table)) {
			got = append(got, table+" "+r["year"]+" "+r["value"]+" "+r["value_cell"])
		}
	}
	equal(t, "figures and targets", got, "figures 2023 1768.000000 E4", "figures 2023 37.000000 E5",
		"targets 2023 1500.000000 D4", "targets 2023 35.000000 D5")

	ledger := writeWorkbook(t, "塘厦镇项目.xlsx", sheet{name: "项目", rows: [][]any{
		{"塘厦镇2023年产业共建项目台账"},
		{"序号", "项目名称", "投资情况（亿元）", nil, "签约日期"},
		{nil, nil, "计划总投资", "已完成投资", nil},
		{1, "甲", 1.5, 0.5, "2023-03-01"},
		{2, "乙", 2, 1, "2023-04-01"},
	}, merges: []string{"A2:A3", "B2:B3", "C2:D2", "E2:E3"}})
	res = mustConvert(t, ledger, Hints{})
	var investments []string
	for _, r := range dataRows(tableRows(res, "projects")) {
		investments = append(investments, r["investment"]+" "+r["investment_cell"])
	}
	equal(t, "investments", investments, "15000.000000 C4", "20000.000000 C5")
	equal(t, "warnings", warningsOf(res))
}

// unitLine reads the unit lines offices write, padded or not, and nothing
// from a line whose unit word is part of another word.
func TestUnitLineForms(t *testing.T) {
	cat := defaultCat(t)
	cases := map[string]string{
		"单位：亿元":   "亿元",
		"单位:亿元":   "亿元",
		"单位 :亿元":  "亿元",
		"单位 : 亿元": "亿元",
		"单位　：亿元":  "亿元",
		"单 位：亿元":  "亿元",
		"单　位：元":   "元",
		"（单位：万元）": "万元",
		"计量单位：亿元": "亿元",
		"金额单位：元 填报日期：2024年1月": "元",
		"单位：万元、人":             "万元 人",
		"塘厦镇2023年台账 单位：万元":    "万元",
		"填报单位：塘厦镇（盖章）":        "",
		"单位负责人：张三":            "",
		"单位：塘厦镇经济发展局":         "",
	}
	for text, want := range cases {
		var got []string
		for _, u := range cat.unitLine(text) {
			got = append(got, u.Name)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("unitLine(%q) = %q, want %q", text, got, want)
		}
	}
}

// A unit column's unit of the wrong kind is named at its own cell, with
// both kinds in English and in Chinese.
func TestWrongUnitInUnitColumn(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "目标", rows: [][]any{
		{"塘厦镇2023年目标任务"},
		{"指标", "单位", "2023年目标"},
		{"帮扶资金", "人", 100},
	}})
	p := problemAt(t, convertFile(t, defaultCat(t), path, Hints{}), "B3", ErrWrongUnit)
	var worded interface{ Zh() string }
	if !errors.As(p.Err, &worded) || !strings.Contains(p.Error(), "人 is a unit of people, expected one of money (万元)") ||
		worded.Zh() != "人 是人数的单位，应为金额的单位（如 万元）" {
		t.Errorf("problem %v, want the units named in both languages", p)
	}
}

// A table that names its region in its title, in the folder of the other
// region, is loaded as its title says, with a warning naming the title.
func TestRegionAgainstFolder(t *testing.T) {
	path := writeWorkbook(t, "资金.xlsx", fundSheet("塘厦镇2023年帮扶资金", 100))
	res := mustConvert(t, path, Hints{Folder: "shixing"})
	if r := res.Sheets[0].Region; r != "tangxia" {
		t.Errorf("region %q, want tangxia (the title's)", r)
	}
	equal(t, "warnings", warningsOf(res), "A1 region 始兴县→塘厦镇")
	equal(t, "warnings in its own folder", warningsOf(mustConvert(t, path, Hints{Folder: "塘厦镇"})))
}

// A unit row's unit under a column wins over its group header's; a year's
// group header may carry the unit of the columns under it.
func TestGroupHeaderUnitGivesWay(t *testing.T) {
	ledger := writeWorkbook(t, "塘厦镇项目.xlsx", sheet{name: "项目", rows: [][]any{
		{"塘厦镇2023年产业共建项目台账"},
		{"项目名称", "投资情况（亿元）", nil, "签约日期"},
		{nil, "计划总投资", "已完成投资", nil},
		{nil, "（万元）", nil, nil},
		{"甲", 5000, 100, "2023-03-01"},
	}, merges: []string{"A2:A4", "B2:C2", "D2:D4"}})
	equal(t, "investment", dataColumn(mustConvert(t, ledger, Hints{}), "projects", "investment"), "5000.000000")

	wide := writeWorkbook(t, "始兴县指标.xlsx", sheet{name: "指标", rows: [][]any{
		{"始兴县主要指标"},
		{"指标", "2023年（亿元）", nil},
		{nil, "目标任务", "本年完成"},
		{"帮扶资金", 0.4, 0.5},
	}, merges: []string{"A2:A3", "B2:C2"}})
	res := mustConvert(t, wide, Hints{})
	var got []string
	for _, table := range []string{"figures", "targets"} {
		for _, r := range dataRows(tableRows(res, table)) {
			got = append(got, table+" "+r["year"]+" "+r["value"])
		}
	}
	equal(t, "figures and targets", got, "figures 2023 5000.000000", "targets 2023 4000.000000")
}

// 其中 under 其中: a breakdown indented deeper breaks down the one above
// it, not their parent, and adds nothing to the parent's check.
func TestNestedBreakdowns(t *testing.T) {
	path := writeWorkbook(t, "f.xlsx", sheet{name: "资金", rows: [][]any{
		{"始兴县2023年帮扶资金"},
		{"年度", "领域", "项目", "金额（万元）"},
		{2023, "医疗", "医疗帮扶", 200},
		{2023, "医疗", "  其中：设备", 150},
		{2023, "医疗", "    其中：CT机", 100},
		{2023, "医疗", "  其中：培训", 60},
	}})
	res := mustConvert(t, path, Hints{})
	equal(t, "warnings", warningsOf(res), "D6 breakdown 200 万元→210 万元")
	equal(t, "roles", []string{roleLetters(res, "funds")}, "dbbb")
}

// Sign-off rows as offices write them: a note between the word and its
// colon (单位负责人（签字）：, 审核人签字：), and the short words.
func TestSignOffForms(t *testing.T) {
	cat := defaultCat(t)
	for _, text := range []string{"单位负责人（签字）：", "审核人签字：李四", "填表日期：2024年1月5日", "电话：123", "统计：王五", "填报：张三", "经办：李四"} {
		if !cat.isFooter(text) {
			t.Errorf("isFooter(%q) = false", text)
		}
	}
	for _, text := range []string{"统计局项目", "电话费补贴", "审核人员培训"} {
		if cat.isFooter(text) {
			t.Errorf("isFooter(%q) = true", text)
		}
	}
}
