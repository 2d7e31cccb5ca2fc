package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// Kinds of workbook Mixed writes, in turn.
var mixedKinds = []string{"project_ledger", "fund_ledger", "assistance_list", "indicator_long", "indicator_wide"}

// Mixed writes files workbooks into dir, every sheet kind in turn: a
// project ledger of rows projects, a fund ledger of rows/2 items (其中
// breakdowns and a 合计 row among them), an assistance project list of
// rows/4 projects, an indicator table in long form (four indicators, four
// years, three cumulative periods) and one in wide form (a column per
// year). Files alternate between the regions, which their names give.
// Every file has different content. It writes the files straight into
// dir.
func Mixed(dir string, files, rows int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range files {
		region := inboxRegion(i)
		kind := mixedKinds[i%len(mixedKinds)]
		path := filepath.Join(dir, fmt.Sprintf("%s-%s-%03d.xlsx", regionNames[region].name, kind, i+1))
		s := seed*100003 + uint64(i)
		r := rand.New(rand.NewPCG(s, 0x9e3779b97f4a7c15))
		var err error
		switch kind {
		case "project_ledger":
			_, err = write(path, ledger{region: region, rows: rows, seed: s, titled: true})
		case "fund_ledger":
			err = writeTable(path, "帮扶资金", fundRows(r, max(rows/2, 1)))
		case "assistance_list":
			err = writeTable(path, "帮扶项目", assistanceRows(r, max(rows/4, 1)))
		case "indicator_long":
			err = writeTable(path, "指标完成情况", longRows(r))
		case "indicator_wide":
			err = writeTable(path, "指标（按年）", wideRows(r))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

var fundFields = []string{"教育", "医疗帮扶", "劳务协作", "消费帮扶", "产业发展"}

// fundRows is a fund ledger: a title, the header, n items (every eighth
// followed by a 其中 breakdown) and a 合计 row.
func fundRows(r *rand.Rand, n int) [][]any {
	out := [][]any{{"帮扶资金台账（2021—2024年）"}, {"年度", "领域", "项目", "金额（万元）"}}
	var sum cents
	for i := range n {
		amount := cents(r.IntN(5_000_000) + 100)
		sum += amount
		out = append(out, []any{firstYear + i%years, fundFields[i%len(fundFields)], fmt.Sprintf("帮扶项目%d", i+1), amount.float()})
		if i%8 == 0 {
			out = append(out, []any{nil, nil, "其中：专项资金", (amount / 2).float()})
		}
	}
	return append(out, []any{"合计", nil, nil, sum.float()})
}

var statusWords = []string{"已落地", "在建", "已完成", "推进中", "落地见效"}

// assistanceRows is an assistance project list of n projects.
func assistanceRows(r *rand.Rand, n int) [][]any {
	out := [][]any{{"乡村振兴帮扶项目清单"}, {"项目名称", "镇/村", "状态", "完成时间"}}
	for i := range n {
		status := statusWords[r.IntN(len(statusWords))]
		var done any
		if status != "在建" && status != "推进中" {
			done = fmt.Sprintf("%d年%d月", firstYear+i%years, 1+r.IntN(12))
		}
		out = append(out, []any{fmt.Sprintf("帮扶项目%d", i+1), fmt.Sprintf("第%d村", 1+r.IntN(40)), status, done})
	}
	return out
}

var figureNames = []struct{ name, unit string }{{"新签约项目", "个"}, {"签约总投资", "亿元"}, {"新开工项目", "个"}, {"帮扶资金", "万元"}}

// longRows is an indicator table in long form: each indicator, year and
// cumulative period (1–3, 1–6 and 1–12 months) on a row.
func longRows(r *rand.Rand) [][]any {
	out := [][]any{{"年度", "指标", "数值", "单位", "报告期"}}
	for y := firstYear; y < firstYear+years; y++ {
		for _, f := range figureNames {
			v := 0
			for _, months := range []int{3, 6, 12} {
				v += 1 + r.IntN(50)
				out = append(out, []any{y, f.name, v, f.unit, fmt.Sprintf("%d年1-%d月", y, months)})
			}
		}
	}
	return out
}

// wideRows is an indicator table in wide form: a column per year.
func wideRows(r *rand.Rand) [][]any {
	head := []any{"指标名称", "单位"}
	for y := firstYear; y < firstYear+years; y++ {
		head = append(head, fmt.Sprintf("%d年", y))
	}
	out := [][]any{head}
	for _, f := range figureNames {
		row := []any{f.name, f.unit}
		for range years {
			row = append(row, 1+r.IntN(200))
		}
		out = append(out, row)
	}
	return out
}

// writeTable writes rows to the only sheet, named sheet, of a workbook at
// path.
func writeTable(path, sheet string, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, row := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &row); err != nil {
			return err
		}
	}
	return save(f, path)
}
