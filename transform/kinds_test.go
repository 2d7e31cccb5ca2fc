package transform

import (
	"testing"
)

func TestProjectLedger(t *testing.T) {
	path := writeWorkbook(t, "ledger.xlsx", sheet{
		name: "台账",
		rows: [][]any{
			{"塘厦镇2023年产业共建项目台账"},
			{"填报单位：塘厦镇投资促进局"},
			{"序号", "项目名称", "產業", "投资额（亿元）", "签约日期", "开工日期", "投产日期", "备注"},
			{1, "紧固件项目", "制造", 2.5, 45003, "2023年5月6日", nil, "重点"},
			{2, "电子项目", "电子", "3000万", "2023/3/18", "—", nil, nil},
			{3, "物流项目", nil, nil, "2023年", nil, nil, nil},
			{"合计", nil, nil, 2.8, nil, nil, nil, nil},
		},
		merges:   []string{"A1:H1"},
		dateCols: []int{5},
	})
	res := mustConvert(t, path, Hints{})
	if len(res.Sheets) != 1 || res.Sheets[0].Kind != "project_ledger" || res.Sheets[0].HeaderRow != 3 {
		t.Fatalf("sheet report = %+v", res.Sheets)
	}
	if res.Sheets[0].Region != "tangxia" {
		t.Errorf("region from title = %q, want tangxia", res.Sheets[0].Region)
	}
	rows := tableRows(res, "projects")
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want 3 data rows and 1 total row", len(rows))
	}
	want := []map[string]string{
		{"row": "4", "role": "data", "name": "紧固件项目", "industry": "制造", "investment": "25000.000000", "investment_cell": "D4",
			"signed_on": "2023-03-18", "signed_cell": "E4", "started_on": "2023-05-06", "produced_on": "<nil>", "note": "重点"},
		{"row": "5", "role": "data", "investment": "3000.000000", "signed_on": "2023-03-18", "started_on": "<nil>"},
		{"row": "6", "role": "data", "industry": "<nil>", "investment": "<nil>", "signed_on": "2023-01-01"},
		{"row": "7", "role": "total", "investment": "28000.000000"},
	}
	for i, w := range want {
		for k, v := range w {
			if got := rows[i][k]; got != v {
				t.Errorf("row %d %s = %q, want %q", i, k, got, v)
			}
		}
		if rows[i]["region"] != "tangxia" {
			t.Errorf("row %d region = %q", i, rows[i]["region"])
		}
	}
}

func TestFundLedgerBreakdownAndTotals(t *testing.T) {
	path := writeWorkbook(t, "funds.xlsx", sheet{
		name: "帮扶资金",
		rows: [][]any{
			{"始兴县帮扶资金明细"},
			{"年度", "领域", "项目", "金额（万元）"},
			{2023, "教育", "助学", 100.5},
			{nil, nil, "其中：奖学金", 40},
			{2023, "劳务对接", "培训", "1,250"},
			{nil, nil, "　　技能培训", 250},
			{2023, "市场消费", "展销", "-"},
			{"小计", nil, nil, 1350.5},
			{"总 计", nil, nil, 1350.5},
		},
	})
	res := mustConvert(t, path, Hints{})
	rows := tableRows(res, "funds")
	roles := ""
	for _, r := range rows {
		roles += r["role"][:1]
	}
	if roles != "dbdbdtt" {
		t.Fatalf("roles = %s, want dbdbdtt (data, breakdown, total)", roles)
	}
	if rows[1]["parent_row"] != "3" || rows[3]["parent_row"] != "5" {
		t.Errorf("parent rows = %s, %s; want 3, 5", rows[1]["parent_row"], rows[3]["parent_row"])
	}
	if rows[2]["field"] != "劳务协作" || rows[4]["field"] != "消费帮扶" {
		t.Errorf("field aliases: %q, %q", rows[2]["field"], rows[4]["field"])
	}
	if rows[2]["amount"] != "1250.000000" || rows[4]["amount"] != "<nil>" {
		t.Errorf("amounts: %q, %q (a '-' is NULL, not zero)", rows[2]["amount"], rows[4]["amount"])
	}
	if rows[0]["region"] != "shixing" || rows[0]["year"] != "2023" || rows[0]["amount_cell"] != "D3" {
		t.Errorf("first row = %v", rows[0])
	}
}

func TestAssistanceList(t *testing.T) {
	path := writeWorkbook(t, "始兴县帮扶项目.xlsx", sheet{
		name: "Sheet1",
		rows: [][]any{
			{"项目名称", "镇/村", "状态", "完成时间"},
			{"村道硬化", "太平镇", "已落地", 45100},
			{"光伏", "马市镇", "落地見效", "2023年6月"},
			{"冷库", "顿岗镇", "在建", nil},
		},
		dateCols: []int{4},
	})
	res := mustConvert(t, path, Hints{})
	rows := tableRows(res, "assistance")
	if len(rows) != 3 {
		t.Fatalf("rows = %d", len(rows))
	}
	if rows[0]["delivered"] != "true" || rows[0]["year"] != "2023" || rows[1]["delivered"] != "true" || rows[2]["delivered"] != "false" {
		t.Errorf("delivered/year: %v", rows)
	}
	if rows[0]["region"] != "shixing" {
		t.Errorf("region from file name = %q", rows[0]["region"])
	}
}

func TestIndicatorTables(t *testing.T) {
	path := writeWorkbook(t, "indicators.xlsx",
		sheet{name: "塘厦镇", rows: [][]any{
			{"年度", "指标", "数值", "单位", "报告期"},
			{2023, "新签约项目", 40, "个", "2023年1-6月"},
			{2023, "签约总投资", "62.5亿元", nil, "2023年1-12月"},
			{nil, "帮扶资金", 4768, "万元", "2023年"},
		}},
		sheet{name: "始兴县按年", rows: [][]any{
			{"指标名称", "单位", "2022年", "2023年度", 2024},
			{"帮扶资金(亿元)", nil, 0.5, 0.45, nil},
			{"新开工项目", "个", 10, "１２", "-"},
		}},
	)
	res := mustConvert(t, path, Hints{})
	if res.Sheets[0].Kind != "indicator_long" || res.Sheets[1].Kind != "indicator_wide" {
		t.Fatalf("kinds = %s, %s", res.Sheets[0].Kind, res.Sheets[1].Kind)
	}
	rows := tableRows(res, "figures")
	type fig struct{ region, indicator, year, from, to, value string }
	var got []fig
	for _, r := range rows {
		got = append(got, fig{r["region"], r["indicator"], r["year"], r["period_from"], r["period_to"], r["value"]})
	}
	want := []fig{
		{"tangxia", "projects_signed", "2023", "1", "6", "40.000000"},
		{"tangxia", "investment_signed", "2023", "1", "12", "625000.000000"},
		{"tangxia", "assistance_funds", "2023", "1", "12", "4768.000000"},
		{"shixing", "assistance_funds", "2022", "<nil>", "<nil>", "5000.000000"},
		{"shixing", "assistance_funds", "2023", "<nil>", "<nil>", "4500.000000"},
		{"shixing", "projects_started", "2022", "<nil>", "<nil>", "10.000000"},
		{"shixing", "projects_started", "2023", "<nil>", "<nil>", "12.000000"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d figures %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("figure %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestTwoRowMergedHeader(t *testing.T) {
	path := writeWorkbook(t, "塘厦.xlsx", sheet{
		name: "项目",
		rows: [][]any{
			{"项目名称", "投资额", "日期", nil, nil},
			{nil, "万元", "签约", "开工", "投产"},
			{"甲", 100, "2023-01-05", "2023-02-01", nil},
		},
		merges: []string{"A1:A2", "C1:E1"},
	})
	res := mustConvert(t, path, Hints{})
	if res.Sheets[0].Kind != "project_ledger" || res.Sheets[0].HeaderRow != 2 {
		t.Fatalf("report = %+v", res.Sheets[0])
	}
	rows := tableRows(res, "projects")
	if len(rows) != 1 || rows[0]["investment"] != "100.000000" || rows[0]["signed_on"] != "2023-01-05" || rows[0]["started_on"] != "2023-02-01" {
		t.Fatalf("rows = %v", rows)
	}
}

func TestNotesSheetSkippedAndNoSheetRejected(t *testing.T) {
	path := writeWorkbook(t, "塘厦.xlsx",
		sheet{name: "填表说明", rows: [][]any{{"1. 金额单位为万元"}, {"2. 日期填写到日"}}})
	res := convertFile(t, defaultCat(t), path, Hints{})
	if res.Sheets[0].Kind != "" || res.Sheets[0].Skipped == "" {
		t.Errorf("notes sheet = %+v, want skipped with a reason", res.Sheets[0])
	}
	p := problemAt(t, res, "", ErrNoSheet)
	if p.Sheet != "" || p.Fix == "" {
		t.Errorf("problem = %+v", p)
	}
}
