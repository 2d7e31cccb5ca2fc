package transform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// fundSheet is a fund ledger with one amount cell, for cell-level cases.
func fundSheet(title string, amount any) sheet {
	return sheet{name: "资金", rows: [][]any{
		{title},
		{"年度", "领域", "项目", "金额（万元）"},
		{2023, "教育", "助学", amount},
	}}
}

func TestAmountConventions(t *testing.T) {
	cases := []struct {
		name   string
		header string
		cell   any
		want   string // stored amount in 万元, or "" for a problem
		cause  error
	}{
		{"number", "金额（万元）", 1234.56, "1234.560000", nil},
		{"binary noise rounded to 15 digits", "金额（万元）", 0.1 + 0.2, "0.300000", nil},
		{"text with comma", "金额（万元）", "1,250", "1250.000000", nil},
		{"text with full-width comma", "金额（万元）", "1，250", "1250.000000", nil},
		{"full-width digits", "金额（万元）", "１２５", "125.000000", nil},
		{"exponent", "金额（万元）", "1.25E+2", "125.000000", nil},
		{"cell unit wins over header", "金额（万元）", "125亿元", "1250000.000000", nil},
		{"cell unit 万", "金额（亿元）", "4768万", "4768.000000", nil},
		{"header unit 元", "金额（元）", 12345.67, "1.234567", nil},
		{"header unit 千元", "金额(千元)", 2, "0.200000", nil},
		{"no header unit: catalog unit", "金额", 7, "7.000000", nil},
		{"traditional header", "金額（萬元）", 5, "5.000000", nil},
		{"header with line break", "金额\n（亿元）", 1, "10000.000000", nil},
		{"header naming the currency", "金额（人民币万元）", 5, "5.000000", nil},
		{"header unit after a space", "金额 亿元", 1, "10000.000000", nil},
		{"dash is NULL", "金额（万元）", "-", "<nil>", nil},
		{"em dash is NULL", "金额（万元）", "—", "<nil>", nil},
		{"无 is NULL", "金额（万元）", "无", "<nil>", nil},
		{"slash is NULL", "金额（万元）", "/", "<nil>", nil},
		{"not a number", "金额（万元）", "约100", "", parse.ErrNotNumber},
		{"not a number with a unit", "金额（万元）", "约500万元", "", parse.ErrNotNumber},
		{"count unit for money", "金额（万元）", "5个", "", ErrWrongUnit},
		{"people unit for money", "金额（万元）", "5人", "", ErrWrongUnit},
		{"TRUE is no number", "金额（万元）", true, "", parse.ErrNotNumber},
		{"a percentage is no amount", "金额（万元）", "12.5%", "", parse.ErrNotNumber},
		{"a percentage in parentheses is no amount", "金额（万元）", "（12.5％）", "", parse.ErrNotNumber},
		{"FALSE is no zero", "金额（万元）", false, "", parse.ErrNotNumber},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := fundSheet("始兴县帮扶资金", c.cell)
			s.rows[1][3] = c.header
			res := convertFile(t, defaultCat(t), writeWorkbook(t, "f.xlsx", s), Hints{})
			if c.cause != nil {
				p := problemAt(t, res, "D3", c.cause)
				if p.File != "f.xlsx" || p.Sheet != "资金" || p.Fix == "" || p.FixZh == "" {
					t.Errorf("problem = %+v, want file, sheet and advice", p)
				}
				// The message quotes the whole cell as it shows, and names
				// units in words.
				shown := fmt.Sprintf("%q", c.cell)
				if b, ok := c.cell.(bool); ok {
					shown = fmt.Sprintf("%q", strings.ToUpper(fmt.Sprint(b)))
				}
				if c.cause == parse.ErrNotNumber && !strings.Contains(p.Error(), shown) ||
					c.name == "people unit for money" && !strings.Contains(p.Error(), "人 is a unit of people, expected one of money (万元)") {
					t.Errorf("problem = %v", p)
				}
				return
			}
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", res.Err())
			}
			if got := tableRows(res, "funds")[0]["amount"]; got != c.want {
				t.Errorf("amount = %s, want %s", got, c.want)
			}
		})
	}
}

// A small number or a TRUE in a date column is a mistake the cell names,
// not a date of 1900.
func TestNoDatesOf1900(t *testing.T) {
	for cell, cause := range map[any]error{12: parse.ErrNumberNotDate, 9999: parse.ErrNumberNotDate, true: parse.ErrBadDate} {
		path := writeWorkbook(t, "f.xlsx", sheet{name: "项目", rows: [][]any{
			{"塘厦镇产业共建项目台账"},
			{"项目名称", "投资额（万元）", "签约日期"},
			{"甲", 100, cell},
		}})
		problemAt(t, convertFile(t, defaultCat(t), path, Hints{}), "C3", cause)
	}
}

func TestDateConventions(t *testing.T) {
	cases := []struct {
		name     string
		cell     any
		date1904 bool
		want     string
	}{
		{"excel serial", 45003, false, "2023-03-18"},
		{"excel serial 1904 system", 43541, true, "2023-03-18"},
		{"iso text", "2023-03-18", false, "2023-03-18"},
		{"slashes", "2023/3/18", false, "2023-03-18"},
		{"dots", "2023.3.18", false, "2023-03-18"},
		{"chinese", "2023年3月18日", false, "2023-03-18"},
		{"month only", "2023年3月", false, "2023-03-01"},
		{"year only", "2023年", false, "2023-01-01"},
		{"date-time counts on its date", "2023-03-18 23:30:00", false, "2023-03-18"},
		{"serial with time", 45003.99, false, "2023-03-18"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if c.date1904 {
				on := true
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on}); err != nil {
					t.Fatal(err)
				}
			}
			rows := [][]any{{"项目名称", "签约日期"}, {"甲", c.cell}}
			for i, r := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), "塘厦.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			res := mustConvert(t, path, Hints{})
			if got := tableRows(res, "projects")[0]["signed_on"]; got != c.want {
				t.Errorf("signed_on = %s, want %s", got, c.want)
			}
		})
	}
}

func TestBadDateNamesCell(t *testing.T) {
	path := writeWorkbook(t, "塘厦.xlsx", sheet{name: "台账", rows: [][]any{
		{"项目名称", "签约日期", "开工日期"},
		{"甲", "2023-01-01", "下个月"},
		{"乙", "2023-02-30", nil},
	}})
	res := convertFile(t, defaultCat(t), path, Hints{})
	for _, cell := range []string{"C2", "B3"} {
		p := problemAt(t, res, cell, parse.ErrBadDate)
		var ce *ingest.CellError
		if !errors.As(error(p), &ce) || ce.Value == "" {
			t.Errorf("%s: problem without value: %+v", cell, p)
		}
	}
	if len(res.Problems) != 2 {
		t.Errorf("problems = %v, want exactly two", res.Err())
	}
}

// A formula with no saved result in a column the table reads is an error
// naming its cell: its amount is unknown, not empty. In a column the table
// does not read (序号), or in a total row, whose figure is never summed, it
// is no error.
func TestFormulaWithoutResult(t *testing.T) {
	path := writeWorkbook(t, "塘厦镇资金.xlsx", sheet{
		name: "资金",
		rows: [][]any{
			{"年度", "领域", "项目", "金额（万元）", "序号"},
			{2023, "教育", "助学", nil, nil},
			{2023, "医疗", "义诊", 3518, nil},
			{"合计", nil, nil, nil, nil},
		},
		formulas: map[string]string{"D2": "1000+250", "E3": "ROW()-1", "D4": "SUM(D2:D3)"},
	})
	res := convertFile(t, defaultCat(t), path, Hints{})
	problemAt(t, res, "D2", ErrNoResult)
	if len(res.Problems) != 1 {
		t.Errorf("problems = %v, want only D2's", res.Err())
	}
}

func TestRegionPrecedence(t *testing.T) {
	ledger := func(title string, regionCol bool) sheet {
		header := []any{"项目名称", "签约日期"}
		row := []any{"甲", "2023-01-01"}
		if regionCol {
			header = append(header, "所属地区")
			row = append(row, "始興縣")
		}
		rows := [][]any{header, row}
		if title != "" {
			rows = append([][]any{{title}}, rows...)
		}
		return sheet{name: "台账", rows: rows}
	}
	cases := []struct {
		name   string
		file   string
		sheet  sheet
		folder string
		want   string
	}{
		{"region column wins over title", "塘厦.xlsx", ledger("塘厦镇项目台账", true), "", "shixing"},
		{"title", "x.xlsx", ledger("塘厦镇2023年产业共建项目台账", false), "shixing", "tangxia"},
		{"title naming both decides nothing: file name", "始兴县台账.xlsx", ledger("塘厦镇对口帮扶始兴县项目台账", false), "", "shixing"},
		{"sheet name", "x.xlsx", sheet{name: "塘廈鎮", rows: ledger("", false).rows}, "", "tangxia"},
		{"file name", "Tangxia-2023.xlsx", ledger("项目台账", false), "shixing", "tangxia"},
		{"inbox folder", "x.xlsx", ledger("项目台账", false), "始兴县", "shixing"},
		{"inbox folder by code", "x.xlsx", ledger("", false), "tangxia", "tangxia"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustConvert(t, writeWorkbook(t, c.file, c.sheet), Hints{Folder: c.folder})
			if got := tableRows(res, "projects")[0]["region"]; got != c.want {
				t.Errorf("region = %s, want %s", got, c.want)
			}
		})
	}
	t.Run("no region anywhere", func(t *testing.T) {
		res := convertFile(t, defaultCat(t), writeWorkbook(t, "ledger.xlsx", ledger("项目台账", false)), Hints{})
		p := problemAt(t, res, "A2", ErrNoRegion) // the header's first cell
		if p.Sheet != "台账" || !strings.Contains(p.Fix, "地区") {
			t.Errorf("problem = %+v", p)
		}
		if r := res.Sheets[0]; !slices.Equal(r.Unread, []int{3}) || len(r.Footer) != 0 {
			t.Errorf("report: rows not read %v, footer %v; want 3 not read, no footer", r.Unread, r.Footer)
		}
	})
	t.Run("unknown region in column", func(t *testing.T) {
		s := ledger("", true)
		s.rows[1][2] = "东莞"
		res := convertFile(t, defaultCat(t), writeWorkbook(t, "x.xlsx", s), Hints{})
		problemAt(t, res, "C2", ErrUnknownRegion)
	})
}

func TestHeaderBelowTitleAndNotes(t *testing.T) {
	rows := [][]any{{"始兴县2023年帮扶资金"}, {}, {"说明：金额单位万元"}}
	for i := 0; i < 10; i++ {
		rows = append(rows, []any{})
	}
	rows = append(rows, []any{nil, nil, "序号", "领  域", "金 额", "联系人"}, []any{nil, nil, 1, "醫療", "８８", "张三"})
	res := mustConvert(t, writeWorkbook(t, "f.xlsx", sheet{name: "S", rows: rows}), Hints{})
	r := tableRows(res, "funds")
	if res.Sheets[0].HeaderRow != 14 || len(r) != 1 || r[0]["year"] != "2023" || r[0]["field"] != "医疗" || r[0]["amount"] != "88.000000" || r[0]["amount_cell"] != "E15" {
		t.Fatalf("report %+v rows %v", res.Sheets[0], r)
	}
}

func TestUnknownIndicatorNamesCell(t *testing.T) {
	path := writeWorkbook(t, "塘厦.xlsx", sheet{name: "指标", rows: [][]any{
		{"年度", "指标名称", "完成值"},
		{2023, "帮扶资金", 10},
		{2023, "引进人才", 5},
		{nil, "其中：教育", 3},
	}})
	res := convertFile(t, defaultCat(t), path, Hints{})
	p := problemAt(t, res, "B3", ErrUnknownIndicator)
	if p.Value != "引进人才" {
		t.Errorf("value = %q", p.Value)
	}
	if len(res.Problems) != 1 {
		t.Errorf("a 其中 row under an indicator is a breakdown, not an error: %v", res.Err())
	}
}

func TestCustomCatalog(t *testing.T) {
	data, err := os.ReadFile("catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	custom := strings.Replace(string(data), "indicators:\n", `indicators:
  - code: volunteers
    name_zh: 志愿服务人数
    name_en: Volunteers
    area: 志愿服务
    dimension: people
    aliases: [志愿者人数]
`, 1)
	custom = strings.Replace(custom, "delivered: [", "delivered: [已交付, ", 1)
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	if err := os.WriteFile(path, []byte(custom), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := LoadCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	wb := writeWorkbook(t, "始兴.xlsx",
		sheet{name: "指标", rows: [][]any{{"年度", "指标", "数值"}, {2023, "志愿者人数", "1,200人"}}},
		sheet{name: "项目", rows: [][]any{{"项目名称", "状态", "年度"}, {"甲", "已交付", 2023}}})
	res := convertFile(t, cat, wb, Hints{})
	if len(res.Problems) > 0 {
		t.Fatal(res.Err())
	}
	fig := tableRows(res, "figures")[0]
	if fig["indicator"] != "volunteers" || fig["value"] != "1200.000000" || fig["unit"] != "人" {
		t.Errorf("figure = %v", fig)
	}
	if a := tableRows(res, "assistance")[0]; a["delivered"] != "true" {
		t.Errorf("custom status word: %v", a)
	}
	// The default catalog knows neither.
	res = convertFile(t, defaultCat(t), wb, Hints{})
	problemAt(t, res, "B2", ErrUnknownIndicator)
	problemAt(t, res, "B2", ErrUnknownStatus)
}

func TestBadCatalog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	if err := os.WriteFile(path, []byte("indicators:\n  - code: x\n    dimension: weight\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCatalog(path); !errors.Is(err, ErrCatalog) {
		t.Errorf("err = %v, want ErrCatalog", err)
	}
}

func TestMergedGroupCellsFillDown(t *testing.T) {
	path := writeWorkbook(t, "资金.xlsx", sheet{
		name: "资金",
		rows: [][]any{
			{"地区", "年度", "领域", "项目", "金额（万元）"},
			{"始兴县", 2022, "教育", "助学", 10},
			{nil, nil, nil, "奖教", 20},
			{nil, 2023, "医疗", "设备", 30},
			{"塘厦镇", nil, nil, "义诊", 40},
		},
		merges: []string{"A2:A4", "B2:B3", "C2:C3", "B4:B5", "C4:C5"},
	})
	res := mustConvert(t, path, Hints{})
	type fund struct{ region, year, yearCell, field string }
	var got []fund
	for _, r := range tableRows(res, "funds") {
		got = append(got, fund{r["region"], r["year"], r["year_cell"], r["field"]})
	}
	want := []fund{
		{"shixing", "2022", "B2", "教育"},
		{"shixing", "2022", "B2", "教育"},
		{"shixing", "2023", "B4", "医疗"},
		{"tangxia", "2023", "B4", "医疗"},
	}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("rows = %+v, want %+v", got, want)
		}
	}
}

func TestTotalRowsByRegionOrSuffix(t *testing.T) {
	path := writeWorkbook(t, "指标.xlsx", sheet{
		name: "指标",
		rows: [][]any{
			{"年度", "地区", "指标", "数值"},
			{2023, "塘厦镇", "帮扶资金", 10},
			{2023, "始兴县", "帮扶资金", 20},
			{2023, "两地合计", "帮扶资金", 30},
			{2023, "Total", "帮扶资金", 30},
		},
	})
	res := mustConvert(t, path, Hints{})
	if roles := roleLetters(res, "figures"); roles != "ddtt" {
		t.Errorf("roles = %s, want ddtt", roles)
	}
}

// roleLetters are the first letters of the roles of a table's rows, in
// order: d (data), t (total), b (breakdown).
func roleLetters(res *Result, table string) string {
	roles := ""
	for _, r := range tableRows(res, table) {
		roles += r["role"][:1]
	}
	return roles
}

// A project whose name begins with a total word's characters is a
// project; a total word followed by anything but a letter marks a total.
func TestNamesBeginningWithTotalWords(t *testing.T) {
	path := writeWorkbook(t, "塘厦镇项目.xlsx", sheet{
		name: "项目",
		rows: [][]any{
			{"项目名称", "投资额（万元）", "签约日期"},
			{"小计算器组装厂", 100, "2023-03-01"},
			{"总计量检测中心", 100, "2023-04-01"},
			{"合计划外追加项目", 100, "2023-05-01"},
			{"TotalEnergies光伏项目", 100, "2023-06-01"},
			{"合计（万元）", 400, nil},
			{"Total 2023", 400, nil},
		},
	})
	res := mustConvert(t, path, Hints{})
	if roles := roleLetters(res, "projects"); roles != "ddddtt" {
		t.Errorf("roles = %s, want ddddtt", roles)
	}
	if len(res.Warnings()) != 0 {
		t.Errorf("warnings: %v", res.Warnings())
	}
}

func TestStatusWords(t *testing.T) {
	cat := defaultCat(t)
	cases := []struct {
		status           string
		delivered, known bool
	}{
		{"已落地", true, true},
		{"落地見效", true, true},
		{"项目已完成验收", true, true},
		{"未完成", false, true},
		{"未落地见效", false, true},
		{"尚未落地见效", false, true},
		{"暂未完成", false, true},
		{"没有完成验收", false, true},
		{"在建", false, true},
		{"正在谈判", false, false},
		{"已完成。", true, true},
		{"已竣工", true, true},
		{"预计完成", false, true},
		{"计划2024年完成", false, true},
		{"争取年底完成", false, true},
		{"部分完成", false, true},
		{"已完成50%", false, false},
		{"完成招标", false, false},
		{"落地见效（未）", false, false},
		{"完成前期工作", false, true},
	}
	for _, c := range cases {
		for range 20 { // the same answer every time (the words are a map)
			if d, k := cat.Delivered(c.status); d != c.delivered || k != c.known {
				t.Errorf("Delivered(%q) = %v, %v; want %v, %v", c.status, d, k, c.delivered, c.known)
				break
			}
		}
	}
}

func TestWideTablePeriodColumns(t *testing.T) {
	path := writeWorkbook(t, "塘厦.xlsx", sheet{
		name: "按年",
		rows: [][]any{
			{"指标", "单位", "2022年完成值", "2023年1-6月", "2023年目标"},
			{"新签约项目", "个", 60, 40, 90},
		},
	})
	res := mustConvert(t, path, Hints{})
	rows := tableRows(res, "figures")
	if len(rows) != 2 {
		t.Fatalf("figures = %v, want two (the 目标 column is not a value)", rows)
	}
	if r := rows[0]; r["year"] != "2022" || r["period_to"] != "<nil>" || r["value"] != "60.000000" {
		t.Errorf("2022 = %v", r)
	}
	if r := rows[1]; r["year"] != "2023" || r["period_from"] != "1" || r["period_to"] != "6" || r["cumulative"] != "true" {
		t.Errorf("2023 = %v", r)
	}
}

// The other words offices mark total and breakdown rows with.
func TestMoreRowMarkers(t *testing.T) {
	cat := defaultCat(t)
	for label, want := range map[string]string{
		"合计数": roleTotal, "总合计": roleTotal, "汇总": roleTotal, "两地汇总": roleTotal,
		"（其中）设备": roleBreakdown, "内含：设备": roleBreakdown, "含：设备": roleBreakdown, "包括：培训": roleBreakdown,
		"含山县项目": "", "包括项目": "", "汇总表编制": "",
	} {
		if got := cat.rowMarker(label); got != want {
			t.Errorf("rowMarker(%q) = %q, want %q", label, got, want)
		}
	}
}
