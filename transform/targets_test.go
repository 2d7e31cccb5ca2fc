package transform

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/transform/parse"
)

// targetLines renders a table's rows as "region indicator year value role
// cell" lines, in row order, for comparison.
func targetLines(res *Result, table string) []string {
	var out []string
	for _, r := range tableRows(res, table) {
		out = append(out, fmt.Sprintf("%s %s %s %s %s %s", r["region"], r["indicator"], r["year"], r["value"], r["role"], r["value_cell"]))
	}
	return out
}

// sheet1 writes a workbook of one sheet, Sheet1, holding rows.
func sheet1(t *testing.T, file string, rows [][]any) string {
	t.Helper()
	return writeWorkbook(t, file, sheet{name: "Sheet1", rows: rows})
}

// noFigures fails the test when the result has values: a target is never one.
func noFigures(t *testing.T, res *Result) {
	t.Helper()
	if rows := tableRows(res, "figures"); len(rows) != 0 {
		t.Errorf("figures = %v, want none: a target is never a value", rows)
	}
}

func wantLines(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %s\n want %s", what, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

func TestTargetsWidePairTable(t *testing.T) {
	path := sheet1(t, "目标任务.xlsx", [][]any{
		{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"},
		{"指标", "单位", "年度目标任务"},
		{"协调投入帮扶资金", "亿元", 1.25},
		{"新签约引进项目", "个", 12},
		{"合计", nil, nil},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "targets", targetLines(res, "targets"),
		"all assistance_funds 2023 12500.000000 data C3",
		"all projects_signed 2023 12.000000 data C4")
	noFigures(t, res)
	s := res.Sheets[0]
	if s.Kind != "indicator_wide" || s.Region != RegionAll || s.Targets != 2 || !slices.Equal(s.Years, []int{2023}) {
		t.Errorf("report = %+v", s)
	}
	if r := tableRows(res, "targets")[0]; r["unit"] != "万元" || r["sheet"] != "Sheet1" || r["row"] != "3" || r["period_to"] != "<nil>" {
		t.Errorf("target = %v", r)
	}
}

func TestTargetsBesideValues(t *testing.T) {
	path := writeWorkbook(t, "塘厦镇指标.xlsx", sheet{
		name: "按年",
		rows: [][]any{
			{"指标", "单位", "2022年", "2023年", "2023年目标", "2024年计划", "2023年度目标任务"},
			{"帮扶资金", "万元", 800, 950, 1000, 1100, nil},
			{"其中：教育", "万元", 100, 120, 150, nil, nil},
			{"签约项目", "个", 10, 14, nil, nil, 12},
		},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "figures", targetLines(res, "figures"),
		"tangxia assistance_funds 2022 800.000000 data C2",
		"tangxia assistance_funds 2023 950.000000 data D2",
		"tangxia assistance_funds 2022 100.000000 breakdown C3",
		"tangxia assistance_funds 2023 120.000000 breakdown D3",
		"tangxia projects_signed 2022 10.000000 data C4",
		"tangxia projects_signed 2023 14.000000 data D4")
	wantLines(t, "targets", targetLines(res, "targets"),
		"tangxia assistance_funds 2023 1000.000000 data E2",
		"tangxia assistance_funds 2024 1100.000000 data F2",
		"tangxia assistance_funds 2023 150.000000 breakdown E3",
		"tangxia projects_signed 2023 12.000000 data G4")
	if s := res.Sheets[0]; s.Targets != 3 || !slices.Equal(s.Years, []int{2022, 2023, 2024}) {
		t.Errorf("report = %+v", s)
	}
}

func TestTargetsLongBesideValue(t *testing.T) {
	path := writeWorkbook(t, "始兴县指标.xlsx", sheet{
		name: "指标",
		rows: [][]any{
			{"单位：万元"},
			{"年度", "指标", "报告期", "完成值", "目标值", "单位"},
			{2023, "帮扶资金", "2023年1-6月", 400, 1000, nil},
			{2023, "签约项目", "2023年1-6月", 5, 12, "个"},
			{2023, "投入帮扶资金", "2023年1-12月", 1080, "0.1亿元", nil},
			{2023, "新开工项目", nil, nil, 8, "个"},
		},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "figures", targetLines(res, "figures"),
		"shixing assistance_funds 2023 400.000000 data D3",
		"shixing projects_signed 2023 5.000000 data D4",
		"shixing assistance_funds 2023 1080.000000 data D5",
		"shixing projects_started 2023 <nil> data D6")
	wantLines(t, "targets", targetLines(res, "targets"),
		"shixing assistance_funds 2023 1000.000000 data E3",
		"shixing projects_signed 2023 12.000000 data E4",
		"shixing assistance_funds 2023 1000.000000 data E5",
		"shixing projects_started 2023 8.000000 data E6")
	r := tableRows(res, "targets")[0]
	if r["period_from"] != "1" || r["period_to"] != "6" || r["cumulative"] != "true" {
		t.Errorf("a target keeps its row's period: %v", r)
	}
}

func TestTargetsLongOnly(t *testing.T) {
	path := sheet1(t, "targets.xlsx", [][]any{
		{"塘厦镇2023年目标任务"},
		{"指标名称", "计划数", "单位"},
		{"签约项目", 12, "个"},
		{"帮扶资金", 1.5, "亿元"},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "targets", targetLines(res, "targets"),
		"tangxia projects_signed 2023 12.000000 data B3",
		"tangxia assistance_funds 2023 15000.000000 data B4")
	noFigures(t, res)
}

func TestTargetsRegionColumn(t *testing.T) {
	path := sheet1(t, "塘厦镇—始兴县目标.xlsx", [][]any{
		{"2023年度目标"},
		{"地区", "指标", "目标"},
		{"塘厦镇", "帮扶资金", 600},
		{"始兴县", "帮扶资金", 400},
		{"两地", "签约项目", 20},
		{nil, "帮扶资金", 1000},
		{"两地合计", "帮扶资金", 1000},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "targets", targetLines(res, "targets"),
		"tangxia assistance_funds 2023 600.000000 data C3",
		"shixing assistance_funds 2023 400.000000 data C4",
		"all projects_signed 2023 20.000000 data C5",
		"all assistance_funds 2023 1000.000000 data C6",
		"all assistance_funds 2023 1000.000000 total C7")
}

func TestTargetsPairRegionCellHasNoValue(t *testing.T) {
	path := sheet1(t, "指标.xlsx", [][]any{
		{"地区", "指标", "年度", "完成值", "目标值"},
		{"塘厦镇", "帮扶资金", 2023, 500, 600},
		{"两地", "帮扶资金", 2023, 900, 1000},
	})
	res := convertFile(t, defaultCat(t), path, Hints{})
	problemAt(t, res, "A3", ErrPairValue)
	if len(res.Problems) != 1 {
		t.Errorf("problems: %v", res.Err())
	}
}

func TestTargetsOneRegionTitle(t *testing.T) {
	path := sheet1(t, "targets.xlsx", [][]any{
		{"始兴县2023年对口帮扶协作年度目标任务"},
		{"指标", "单位", "目标任务"},
		{"帮扶资金", "万元", 900},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "targets", targetLines(res, "targets"), "shixing assistance_funds 2023 900.000000 data C3")
	if s := res.Sheets[0]; s.Region != "shixing" {
		t.Errorf("region = %q", s.Region)
	}
}

func TestTargetsValuesOfAPairTableNeedARegion(t *testing.T) {
	rows := [][]any{
		{"塘厦镇—始兴县2023年帮扶协作"},
		{"指标", "单位", "2023年", "2023年目标"},
		{"帮扶资金", "万元", 950, 1000},
	}
	res := convertFile(t, defaultCat(t), sheet1(t, "x.xlsx", rows), Hints{})
	// The fix says why the title, which names both regions, is not enough.
	if p := problemAt(t, res, "A2", ErrNoRegion); !strings.Contains(p.Fix, "sets the pair's targets") {
		t.Errorf("fix %q, want it to say the title sets the pair's targets only", p.Fix)
	}
	// The folder names the values' region; the targets stay the pair's.
	res = mustConvert(t, sheet1(t, "x.xlsx", rows), Hints{Folder: "tangxia"})
	wantLines(t, "figures", targetLines(res, "figures"), "tangxia assistance_funds 2023 950.000000 data C3")
	wantLines(t, "targets", targetLines(res, "targets"), "all assistance_funds 2023 1000.000000 data D3")
	if r := res.Sheets[0]; r.Region != "tangxia" || !r.PairTargets {
		t.Errorf("report: region %q, pair's targets %v; want tangxia, and the targets the pair's", r.Region, r.PairTargets)
	}
	// A table of the pair's targets only is the pair's, whatever folder
	// it is in: the report says what the load does.
	res = mustConvert(t, sheet1(t, "x.xlsx", [][]any{rows[0], {"指标", "单位", "2023年目标"}, {"帮扶资金", "万元", 1000}}),
		Hints{Folder: "tangxia"})
	wantLines(t, "targets", targetLines(res, "targets"), "all assistance_funds 2023 1000.000000 data C3")
	if r := res.Sheets[0]; r.Region != RegionAll {
		t.Errorf("report: region %q, want %q", r.Region, RegionAll)
	}
}

func TestTargetColumnWithoutYear(t *testing.T) {
	path := sheet1(t, "塘厦镇.xlsx", [][]any{
		{"对口帮扶协作目标任务"},
		{"指标", "单位", "年度目标任务"},
		{"帮扶资金", "万元", 900},
	})
	res := convertFile(t, defaultCat(t), path, Hints{})
	p := problemAt(t, res, "C2", ErrNoYear)
	if !strings.Contains(p.Error(), "target column") || !strings.Contains(fixTargetYear.En, "header") {
		t.Errorf("problem = %v", p)
	}
	if len(res.Problems) != 1 || len(tableRows(res, "targets")) != 0 {
		t.Errorf("problems %v, targets %v", res.Err(), tableRows(res, "targets"))
	}
}

func TestTargetHeaders(t *testing.T) {
	cat := defaultCat(t)
	k := cat.kind("indicator_wide")
	cases := []struct {
		header string
		year   int
		ok     bool
	}{
		{"2023年目标", 2023, true},
		{"2023年目标任务", 2023, true},
		{"2023年任务", 2023, true},
		{"2023年计划", 2023, true},
		{"2024计划", 2024, true},
		{"2023年度目标", 2023, true},
		{"年度目标任务", 0, true},
		{"计划", 0, true},
		{"2023年", 0, false},
		{"2023年完成值", 0, false},
		{"指标", 0, false},
	}
	for _, c := range cases {
		name, _ := parse.HeaderUnit(c.header, cat.unitNames)
		y, ok := k.targetHeader(name)
		if ok != c.ok || ok && y != c.year {
			t.Errorf("targetHeader(%q) = %d, %v; want %d, %v", c.header, y, ok, c.year, c.ok)
		}
		if _, _, isYear := yearHeader(name); c.ok && isYear {
			t.Errorf("%q is read as a year column", c.header)
		}
	}
}

func TestTargetHeadersAnyScriptAndWidth(t *testing.T) {
	path := sheet1(t, "塘厦镇.xlsx", [][]any{
		{"指標", "單位", "２０２３年 目標"},
		{"帮扶资金", "万元", 900},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "targets", targetLines(res, "targets"), "tangxia assistance_funds 2023 900.000000 data C2")
}

func TestTargetsTableStackedUnderValues(t *testing.T) {
	path := sheet1(t, "指标.xlsx", [][]any{
		{"塘厦镇2023年帮扶协作指标"},
		{"指标", "单位", "2023年"},
		{"帮扶资金", "万元", 950},
		{"合计", "万元", 950},
		{},
		{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"},
		{"单位：亿元"},
		{"指标", "年度目标任务"},
		{"帮扶资金", 0.1},
		{"签约项目", "12个"},
	})
	res := mustConvert(t, path, Hints{})
	wantLines(t, "figures", targetLines(res, "figures"),
		"tangxia assistance_funds 2023 950.000000 data C3")
	wantLines(t, "targets", targetLines(res, "targets"),
		"all assistance_funds 2023 1000.000000 data B9",
		"all projects_signed 2023 12.000000 data B10")
	if len(res.Sheets) != 2 || res.Sheets[1].Region != RegionAll || res.Sheets[1].Targets != 2 {
		t.Errorf("reports = %+v", res.Sheets)
	}
}

// A target's 其中 rows are checked against their parent as a value's are.
func TestTargetBreakdownChecked(t *testing.T) {
	path := sheet1(t, "塘厦镇.xlsx", [][]any{
		{"塘厦镇2023年帮扶资金分项"},
		{"单位：万元"},
		{"指标", "2023年", "2023年目标"},
		{"财政帮扶资金", 1000, 900},
		{"  其中：教育", 800, 1300},
	})
	equal(t, "warnings", warningsOf(mustConvert(t, path, Hints{})), "C5 breakdown 900 万元→1300 万元")
}
