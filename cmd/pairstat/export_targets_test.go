package main

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
)

// targetsDB ingests the samples with the pair's 2022 and 2023 targets
// (titles naming both regions: region all; 亿元 converted to 万元; 培训人次
// with no actual yet) and Shixing's own 2023 target, and returns the
// database's path.
func targetsDB(t *testing.T) string {
	t.Helper()
	inbox := samplesInbox(t)
	writeRows(t, filepath.Join(inbox, "两地2023年目标任务.xlsx"), "目标任务", [][]any{
		{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"},
		{"指标", "单位", "2023年目标"},
		{"新签约项目", "个", 80},
		{"签约项目总投资", "亿元", 120},
		{"帮扶资金", "亿元", 0.5},
		{"培训人次", "人次", 3000},
	})
	writeRows(t, filepath.Join(inbox, "两地2022年目标任务.xlsx"), "目标任务", [][]any{
		{"塘厦镇—始兴县2022年对口帮扶协作年度目标任务"},
		{"指标", "2022年目标"},
		{"新签约项目", 50},
	})
	writeRows(t, filepath.Join(inbox, "始兴县2023年目标任务.xlsx"), "目标", [][]any{
		{"始兴县2023年目标任务"},
		{"指标", "2023年目标"},
		{"新签约项目", 40},
	})
	return ingested(t, inbox)
}

// dbTargets reads the targets straight from the database: what every
// targets export is compared with.
func dbTargets(t *testing.T, path string) []queries.Target {
	t.Helper()
	db, err := queries.Open(t.Context(), path, true)
	must(t, err)
	defer db.Close()
	got, err := db.Targets(t.Context(), queries.ExportFilter{})
	must(t, err)
	return got
}

// wantTargets are the targets of targetsDB with their actuals (the samples'
// totals) and completions.
var wantTargets = []string{
	"2022 all projects_signed 50 60 个 1.2",
	"2023 shixing projects_signed 40 37 个 0.925",
	"2023 all projects_signed 80 85 个 1.0625",
	"2023 all investment_signed 1200000 1250000 万元 1.0417",
	"2023 all assistance_funds 5000 4768 万元 0.9536",
	"2023 all labour_trained 3000  人次 ",
}

// targetLine renders a target as year region indicator target actual unit
// completion, decimals without trailing zeros.
func targetLine(year, region, indicator, target, actual, unit, completion string) string {
	trim := func(s string) string {
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return strings.Join([]string{year, region, indicator, trim(target), trim(actual), unit, trim(completion)}, " ")
}

func TestExportTargetsFiles(t *testing.T) {
	db := targetsDB(t)
	var fromDB []string
	for _, g := range dbTargets(t, db) {
		fromDB = append(fromDB, targetLine(fmt.Sprint(g.Year), g.Region, g.Indicator, g.Target, g.Actual, g.Unit, g.Completion))
	}
	if !slices.Equal(fromDB, wantTargets) {
		t.Fatalf("db.Targets =\n%s\nwant\n%s", strings.Join(fromDB, "\n"), strings.Join(wantTargets, "\n"))
	}
	dir := t.TempDir()

	// CSV: the header of `pairstat targets`, a record per target.
	out := filepath.Join(dir, "targets.csv")
	runCLI(t, 0, "export", "--db", db, "--targets", "--format", "csv", "--out", out)
	rows := readCSV(t, readFile(t, out))
	if !slices.Equal(rows[0], []string{"year", "region", "indicator", "target", "actual", "unit", "completion"}) {
		t.Errorf("targets csv header %v", rows[0])
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, targetLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
	}
	if !slices.Equal(got, wantTargets) {
		t.Errorf("targets csv =\n%s", strings.Join(got, "\n"))
	}

	// JSON: the same keys, numbers with their digits, null without an
	// actual; the names and area after.
	out = filepath.Join(dir, "targets.json")
	runCLI(t, 0, "export", "--db", db, "--targets", "--format", "json", "--out", out)
	dec := json.NewDecoder(strings.NewReader(readFile(t, out)))
	dec.UseNumber()
	var objs []map[string]any
	must(t, dec.Decode(&objs))
	got = nil
	for _, o := range objs {
		text := func(k string) string {
			if o[k] == nil {
				return ""
			}
			return fmt.Sprint(o[k])
		}
		got = append(got, targetLine(text("year"), text("region"), text("indicator"), text("target"), text("actual"), text("unit"), text("completion")))
	}
	if !slices.Equal(got, wantTargets) {
		t.Errorf("targets json =\n%s", strings.Join(got, "\n"))
	}
	if o := objs[2]; o["name_zh"] != "新签约引进项目" || o["area"] != "产业共建" || o["completion"] != json.Number("1.0625") {
		t.Errorf("targets json object 3 = %v", o)
	}
	if o := objs[5]; o["actual"] != nil || o["completion"] != nil {
		t.Errorf("a target without a total has actual %v, completion %v; want null", o["actual"], o["completion"])
	}

	// Parquet, written by DuckDB and read back by it: DECIMAL columns.
	out = filepath.Join(dir, "targets.parquet")
	runCLI(t, 0, "export", "--db", db, "--targets", "--format", "parquet", "--out", out)
	rows = duckdbRows(t, db, "SELECT year, region, indicator, target::VARCHAR, coalesce(actual::VARCHAR, ''), unit, "+
		"coalesce(completion::VARCHAR, ''), typeof(completion) FROM read_parquet("+sqlPath(t, out)+")")
	got = nil
	for _, r := range rows[1:] {
		got = append(got, targetLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
		if r[7] != "DECIMAL(38,4)" {
			t.Errorf("parquet completion is %s, want DECIMAL(38,4)", r[7])
		}
	}
	if !slices.Equal(got, wantTargets) {
		t.Errorf("targets parquet =\n%s", strings.Join(got, "\n"))
	}
	part := filepath.Join(dir, "targets")
	runCLI(t, 0, "export", "--db", db, "--targets", "--format", "parquet", "--partition", "--out", part)
	rows = duckdbRows(t, db, "SELECT count(*) FROM read_parquet("+sqlPath(t, filepath.Join(part, "**", "*.parquet"))+
		", hive_partitioning = true) WHERE year = 2023 AND region = 'all'")
	if rows[1][0] != "4" {
		t.Errorf("partitioned targets: %s of the pair's 2023 targets, want 4", rows[1][0])
	}

	// The export's filters select targets as they select totals.
	out = filepath.Join(dir, "shixing.csv")
	runCLI(t, 0, "export", "--db", db, "--targets", "--format", "csv", "--year", "2023", "--region", "始兴县", "--out", out)
	if got, want := readFile(t, out), "year,region,indicator,target,actual,unit,completion\n2023,shixing,projects_signed,40,37,个,0.925\n"; got != want {
		t.Errorf("filtered targets csv = %q, want %q", got, want)
	}
}

// openXLSX opens a workbook through excelize, closed when the test ends.
func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	must(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// cellOf reads a cell's raw value and its number format through excelize.
func cellOf(t *testing.T, f *excelize.File, sheet, cell string) (value, format string) {
	t.Helper()
	value, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	must(t, err)
	id, err := f.GetCellStyle(sheet, cell)
	must(t, err)
	style, err := f.GetStyle(id)
	must(t, err)
	if style.CustomNumFmt != nil {
		format = *style.CustomNumFmt
	}
	return value, format
}

func TestExportTargetsSheet(t *testing.T) {
	db := targetsDB(t)
	out := filepath.Join(t.TempDir(), "totals.xlsx")
	runCLI(t, 0, "export", "--db", db, "--format", "xlsx", "--out", out)
	f := openXLSX(t, out)
	if got := f.GetSheetList(); !slices.Equal(got, []string{export.SheetSummary, export.SheetTargets, export.SheetData, export.SheetSources}) {
		t.Errorf("sheets %v", got)
	}
	rows, err := f.GetRows(export.SheetTargets, excelize.Options{RawCellValue: true})
	must(t, err)
	if !slices.Equal(rows[1][:7], []string{"年度", "地区", "指标", "单位", "目标", "实际完成", "完成率"}) {
		t.Errorf("目标完成 header %v", rows[1])
	}
	// The table: by year, then grouped by area under a heading row, the
	// pair's rows after a region's; each value cell a number.
	var got []string
	for i, r := range rows[2:] {
		if len(r) == 0 || r[0] == "" {
			break
		}
		if len(r) < 2 || r[1] == "" {
			got = append(got, "— "+r[0])
			continue
		}
		row := i + 3
		var cells []string
		for _, col := range []string{"E", "F", "G"} {
			v, format := cellOf(t, f, export.SheetTargets, fmt.Sprintf("%s%d", col, row))
			cells = append(cells, v+" "+format)
		}
		got = append(got, strings.Join(append(r[:4:4], cells...), " | "))
	}
	want := []string{
		"— 产业共建",
		"2022 | 两地合计 | 新签约引进项目 | 个 | 50 #,##0 | 60 #,##0 | 1.2 0.00%",
		"— 产业共建",
		"2023 | 始兴县 | 新签约引进项目 | 个 | 40 #,##0 | 37 #,##0 | 0.925 0.00%",
		"2023 | 两地合计 | 新签约引进项目 | 个 | 80 #,##0 | 85 #,##0 | 1.0625 0.00%",
		"2023 | 两地合计 | 签约项目总投资 | 万元 | 1200000 #,##0.00 | 1250000 #,##0.00 | 1.0417 0.00%",
		"— 全面帮扶",
		"2023 | 两地合计 | 协调投入帮扶资金 | 万元 | 5000 #,##0.00 | 4768 #,##0.00 | 0.9536 0.00%",
		"2023 | 两地合计 | 劳动力技能培训 | 人次 | 3000 #,##0 |  #,##0 |  0.00%",
	}
	if !slices.Equal(got, want) {
		t.Errorf("目标完成 =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The chart: the latest year's completion per indicator, a bar chart
	// with one series per region, over the chart's data beside the table.
	charts := chartXML(t, out)
	var chart string
	for _, c := range charts {
		if strings.Contains(c, "2023年目标完成率") {
			chart = c
		}
	}
	if chart == "" {
		t.Fatalf("no chart titled 2023年目标完成率 among %d charts", len(charts))
	}
	if !strings.Contains(chart, `<barDir val="bar">`) || !strings.Contains(chart, `<showVal val="1">`) {
		t.Errorf("the completion chart is not a bar chart with its values on the bars")
	}
	series := regexp.MustCompile(`<val><numRef><f>([^<]+)</f>`).FindAllStringSubmatch(chart, -1)
	var refs []string
	for _, s := range series {
		refs = append(refs, strings.ReplaceAll(s[1], "&#39;", "'"))
	}
	if want := []string{"'目标完成'!$J$3:$J$6", "'目标完成'!$K$3:$K$6"}; !slices.Equal(refs, want) {
		t.Errorf("completion chart series %v, want %v (始兴县, 两地合计)", refs, want)
	}
	for ref, want := range map[string]string{"I2": "2023年完成率", "J2": "始兴县", "K2": "两地合计", "I3": "新签约引进项目",
		"J3": "0.925", "K3": "1.0625", "I6": "劳动力技能培训", "J6": "", "K6": ""} {
		if v, _ := cellOf(t, f, export.SheetTargets, ref); v != want {
			t.Errorf("chart data %s = %q, want %q", ref, v, want)
		}
	}
}

// chartXML returns the chart parts of an xlsx file by name.
func chartXML(t *testing.T, path string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(path)
	must(t, err)
	defer z.Close()
	out := map[string]string{}
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, err := zf.Open()
		must(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		must(t, err)
		out[zf.Name] = string(data)
	}
	return out
}

// TestExportNoTargetsSheet: without targets the workbook has no 目标完成
// sheet and no chart of it, and the targets exports are empty ones.
func TestExportNoTargetsSheet(t *testing.T) {
	db := samplesDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "totals.xlsx")
	runCLI(t, 0, "export", "--db", db, "--format", "xlsx", "--out", out)
	f := openXLSX(t, out)
	if got := f.GetSheetList(); !slices.Equal(got, []string{export.SheetSummary, export.SheetData, export.SheetSources}) {
		t.Errorf("sheets %v", got)
	}
	for _, c := range chartXML(t, out) {
		if strings.Contains(c, "目标完成") {
			t.Errorf("a chart of targets without targets")
		}
	}
	csv := filepath.Join(dir, "targets.csv")
	runCLI(t, 0, "export", "--db", db, "--targets", "--format", "csv", "--out", csv)
	if got := readFile(t, csv); got != "year,region,indicator,target,actual,unit,completion\n" {
		t.Errorf("empty targets csv = %q", got)
	}
	js := filepath.Join(dir, "targets.json")
	runCLI(t, 0, "export", "--db", db, "--targets", "--format", "json", "--out", js)
	if got := readFile(t, js); got != "[]\n" {
		t.Errorf("empty targets json = %q", got)
	}
}
