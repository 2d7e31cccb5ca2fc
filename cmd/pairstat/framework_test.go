package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/transform"
)

// frameworkInbox is the samples plus a long indicator table of Tangxia and
// a wide one of Shixing that report the framework's further indicators,
// named as offices do (Traditional script too), in 亿元, 元, 家, 名, 人, 人次,
// 场, 次 and 场次.
func frameworkInbox(t *testing.T) string {
	t.Helper()
	samples, err := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	inbox := filepath.Join(t.TempDir(), "inbox")
	must(t, copySamples(samples, inbox))
	writeRows(t, filepath.Join(inbox, "塘厦镇2023年帮扶协作指标.xlsx"), "指标", [][]any{
		{"塘厦镇2023年对口帮扶协作主要指标"},
		{"年度", "指标", "数值", "单位"},
		{2023, "財政援助資金", "1.5亿元", nil},
		{2023, "社会捐赠资金", 420, "万元"},
		{2023, "引导落地企业", "9家", nil},
		{2023, "引导企业实际投资", 3000000, "元"},
		{2023, "共建產業園", 1, "个"},
		{2023, "农村劳动力转移就业", "800人", nil},
		{2023, "技能培训人次", 2500, "人次"},
		{2023, "互派干部人才", 30, "名"},
		{2023, "帮助销售农产品金额", "1,880.25万元", nil},
		{2023, "共建示范村", "4个", nil},
		{2023, "招商推介活動", "9场", nil},
	})
	writeRows(t, filepath.Join(inbox, "始兴县帮扶协作指标（按年）.xlsx"), "按年", [][]any{
		{"指标名称", "单位", "2022年", "2023年"},
		{"财政帮扶资金投入", "亿元", 0.7, 1.05},
		{"动员社会帮扶资金（万元）", nil, 50, 120},
		{"引导企业到对口地区投资数", "家", 5, 7},
		{"实际投资额（万元）", nil, 2000, 3500.75},
		{"共建园区数", "个", 1, 1},
		{"转移就业人数（人）", nil, 700, 950},
		{"职业技能培训（人次）", nil, 1500, "2,400人次"},
		{"选派干部和专业技术人才", "人", 15, 18},
		{"消费帮扶销售金额", "亿元", 0.1, 0.15},
		{"示范村数", "个", 2, 3},
		{"联合招商推介会", "场次", 4, "6次"},
	})
	return inbox
}

// TestFrameworkTotals: the framework's indicators are totalled, traced and
// exported like the headline six, whose totals on the samples stay as
// they were.
func TestFrameworkTotals(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pairstat.duckdb")
	runCLI(t, 0, "ingest", "--db", db, frameworkInbox(t))
	got := map[string]string{}
	for _, r := range totalsCSV(t, db)[1:] {
		got[strings.Join(r[:3], "/")] = r[3] + " " + r[4]
	}
	for key, want := range map[string]string{
		// The headline six of the programme's 2023 report.
		"2023/all/projects_signed":        "85 个",
		"2023/all/investment_signed":      "1250000 万元",
		"2023/all/projects_started":       "77 个",
		"2023/all/projects_in_production": "4 个",
		"2023/all/assistance_projects":    "13 个",
		"2023/all/assistance_funds":       "4768 万元",
		// The rest of the framework.
		"2023/tangxia/fiscal_aid":            "15000 万元",
		"2023/all/fiscal_aid":                "25500 万元",
		"2022/shixing/fiscal_aid":            "7000 万元",
		"2023/all/donated_funds":             "540 万元",
		"2023/all/enterprises_guided":        "16 个",
		"2023/all/enterprise_investment":     "3800.75 万元",
		"2023/all/parks_built":               "2 个",
		"2023/all/labour_placed":             "1750 人",
		"2023/tangxia/labour_trained":        "2500 人次",
		"2023/all/labour_trained":            "4900 人次",
		"2023/all/cadres_exchanged":          "48 人",
		"2023/all/consumption_sales":         "3380.25 万元",
		"2023/all/demo_villages":             "7 个",
		"2023/tangxia/promotion_events":      "9 场",
		"2023/shixing/promotion_events":      "6 场",
		"2023/all/promotion_events":          "15 场",
		"2022/all/promotion_events":          "4 场",
		"2022/tangxia/promotion_events":      "", // no data, no row
		"2024/all/labour_trained":            "",
		"2022/tangxia/enterprise_investment": "",
	} {
		if want == "" {
			if v, ok := got[key]; ok {
				t.Errorf("%s = %s, want no row", key, v)
			}
			continue
		}
		if v := got[key]; !sameTotal(v, want) {
			t.Errorf("%s = %q, want %q", key, v, want)
		}
	}

	trace := readCSV(t, runCLI(t, 0, "trace", "--db", db, "--year", "2023", "--indicator", "labour_trained", "--format", "csv"))
	var cells []string
	for _, r := range trace[1:] {
		cells = append(cells, r[0]+"!"+r[2]+"="+r[4])
	}
	slices.Sort(cells)
	if want := []string{"塘厦镇2023年帮扶协作指标.xlsx!C9=2500", "始兴县帮扶协作指标（按年）.xlsx!D8=2400"}; !slices.Equal(cells, want) {
		t.Errorf("trace of labour_trained 2023: %v, want %v", cells, want)
	}

	out := filepath.Join(t.TempDir(), "totals.csv")
	runCLI(t, 0, "export", "--db", db, "--format", "csv", "--out", out)
	exported := readCSV(t, runCLI(t, 0, "query", "--db", db, "--format", "csv",
		"SELECT unit FROM read_csv("+sqlPath(t, out)+", all_varchar = true) WHERE indicator = 'promotion_events' AND region = 'all' AND year = 2023"))
	if len(exported) != 2 || exported[1][0] != "场" {
		t.Errorf("csv export of promotion_events: %v", exported)
	}
}

// sameTotal compares "value unit" texts, values as decimals.
func sameTotal(got, want string) bool {
	g, gu, _ := strings.Cut(got, " ")
	w, wu, _ := strings.Cut(want, " ")
	return gu == wu && sameDecimal(g, w)
}

// TestFrameworkWrongUnit: a unit of another dimension (人 for events, 次
// for people) rejects the workbook, naming file and cell.
func TestFrameworkWrongUnit(t *testing.T) {
	dir := t.TempDir()
	writeRows(t, filepath.Join(dir, "始兴县指标.xlsx"), "指标", [][]any{
		{"年度", "指标", "数值", "单位"},
		{2023, "招商推介活动", 3, "人"},
		{2023, "转移就业", "40次", nil},
	})
	var stdout, stderr bytes.Buffer
	if got := Do(t.Context(), []string{"--lang", "en", "check", dir}, strings.NewReader(""), &stdout, &stderr); got != 3 {
		t.Fatalf("check: status %d, want 3; stderr:\n%s", got, stderr.String())
	}
	// The unit column's unit is named at its own cell.
	for _, want := range []string{"cell D2: 人 is a unit of people, expected one of events (场)", "cell C3: 次 is a unit of events, expected one of people (人)"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestFrameworkSummarySheet: 年度汇总 heads each area's indicators with a
// row naming the area (merged across the table), areas and indicators in
// catalog order, and each chart plots the rows of its own indicator.
func TestFrameworkSummarySheet(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pairstat.duckdb")
	runCLI(t, 0, "ingest", "--db", db, frameworkInbox(t))
	out := filepath.Join(t.TempDir(), "totals.xlsx")
	runCLI(t, 0, "export", "--db", db, "--format", "xlsx", "--out", out)
	cat, err := transform.LoadCatalog("")
	must(t, err)
	f, err := excelize.OpenFile(out)
	must(t, err)
	defer f.Close()
	rows, err := f.GetRows(export.SheetSummary)
	must(t, err)
	merged, err := f.GetMergeCells(export.SheetSummary)
	must(t, err)
	isMerged := map[string]string{}
	for _, m := range merged {
		isMerged[m.GetStartAxis()] = m.GetEndAxis()
	}

	var areas, indicators []string
	area := ""
	indicatorOfRow := map[int]string{}
	name := ""
	for i := 2; i < len(rows); i++ { // below the header
		r := rows[i]
		row := i + 1
		switch {
		case len(r) == 0:
		case len(r) == 1 && isMerged["A"+strconv.Itoa(row)] != "": // not a note
			area = r[0]
			areas = append(areas, area)
			if end := isMerged["A"+strconv.Itoa(row)]; end != "G"+strconv.Itoa(row) {
				t.Errorf("area heading %s (row %d) merged to %s, want across the table to G", area, row, end)
			}
		case len(r) >= 3 && r[2] != "":
			if r[0] != "" {
				name = r[0]
				ind, ok := cat.Indicator(name)
				if !ok {
					t.Fatalf("row %d: %q is not an indicator", row, name)
				}
				if ind.Area != area {
					t.Errorf("%s under the heading %q, want %q", ind.Code, area, ind.Area)
				}
				indicators = append(indicators, ind.Code)
			}
			ind, _ := cat.Indicator(name)
			indicatorOfRow[row] = ind.Code
		}
	}
	if want := []string{"产业共建", "乡村振兴", "全面帮扶"}; !slices.Equal(areas, want) {
		t.Errorf("area headings %v, want %v", areas, want)
	}
	var want []string
	for _, ind := range cat.Indicators {
		want = append(want, ind.Code)
	}
	if !slices.Equal(indicators, want) {
		t.Errorf("indicators %v, want the catalog's %v", indicators, want)
	}
	if v, _ := f.GetCellValue(export.SheetSummary, "E"+strconv.Itoa(rowOfIndicator(indicatorOfRow, "promotion_events")+2)); v != "15" {
		t.Errorf("promotion_events 2023 both regions = %q, want 15", v)
	}

	// Each chart's series point at the rows of the indicator of its title.
	charts := chartsOf(t, out)
	if len(charts) != len(cat.Indicators) {
		t.Fatalf("%d charts, want %d", len(charts), len(cat.Indicators))
	}
	for title, refs := range charts {
		if len(refs) == 0 {
			t.Errorf("chart %s has no series", title)
		}
		for _, ref := range refs {
			ind, ok := cat.Indicator(title[:strings.LastIndex(title, "（")]) // 名称（单位）
			if !ok || indicatorOfRow[ref] != ind.Code {
				t.Errorf("chart %s plots row %d (%s)", title, ref, indicatorOfRow[ref])
			}
		}
	}
}

// rowOfIndicator is the first sheet row of an indicator.
func rowOfIndicator(indicatorOfRow map[int]string, code string) int {
	first := 0
	for r, c := range indicatorOfRow {
		if c == code && (first == 0 || r < first) {
			first = r
		}
	}
	return first
}

// chartsOf reads the charts of an xlsx file: each title with the rows its
// series' values point at.
func chartsOf(t *testing.T, path string) map[string][]int {
	t.Helper()
	title := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	values := regexp.MustCompile(`<val><numRef><f>[^<!]*年度汇总[^<!]*!\$D\$(\d+):\$E\$(\d+)</f>`)
	charts := map[string][]int{}
	for name, data := range chartXML(t, path) {
		m := title.FindStringSubmatch(data)
		if m == nil {
			t.Fatalf("%s has no title", name)
		}
		var rows []int
		for _, v := range values.FindAllStringSubmatch(data, -1) {
			if v[1] != v[2] {
				t.Errorf("%s: a series spans rows %s to %s", name, v[1], v[2])
			}
			r, _ := strconv.Atoi(v[1])
			rows = append(rows, r)
		}
		charts[m[1]] = rows
	}
	return charts
}
