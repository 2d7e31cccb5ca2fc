package queries_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/queries"
)

// targetsSheet is a wide table of the pair's 2023 targets, beside
// Tangxia's values (named by its sheet), amounts in 亿元.
func targetsSheet(target any) sheet {
	return sheet{name: "塘厦镇", rows: [][]any{
		{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"},
		{"指标", "单位", "2023年", "2023年目标"},
		{"帮扶资金", "亿元", 0.095, target},
	}}
}

func TestLoadTargets(t *testing.T) {
	db := openDB(t)
	_, v1 := loadSheets(t, db, "targets.xlsx", targetsSheet(0.1))
	const targets = `SELECT source_id, region, indicator, year, value::VARCHAR, unit, value_cell FROM targets`
	if got, want := fmt.Sprint(query(t, db, targets)), fmt.Sprintf("[[%d all assistance_funds 2023 1000.000000 万元 D3]]", v1); got != want {
		t.Errorf("targets = %s, want %s", got, want)
	}
	if sum, _ := total(t, db, 2023, "tangxia", "assistance_funds"); sum.Value != "950" {
		t.Errorf("total = %q, want 950: a target is never a value", sum.Value)
	}
	// A corrected workbook under the same path supersedes its targets.
	_, v2 := loadSheets(t, db, "targets.xlsx", targetsSheet("1.2亿元"))
	if got, want := fmt.Sprint(query(t, db, targets)), fmt.Sprintf("[[%d all assistance_funds 2023 12000.000000 万元 D3]]", v2); got != want {
		t.Errorf("targets after the correction = %s, want %s", got, want)
	}
}

// targetLines renders db.Targets as year region indicator target actual
// unit completion, one string per target.
func targetLines(t *testing.T, db *queries.DB) []string {
	t.Helper()
	got, err := db.Targets(context.Background(), queries.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, g := range got {
		lines = append(lines, fmt.Sprintf("%d %s %s %s %q %s %q", g.Year, g.Region, g.Indicator, g.Target, g.Actual, g.Unit, g.Completion))
	}
	return lines
}

func TestTargetsCompletion(t *testing.T) {
	db := openDB(t)
	// Tangxia's values beside the pair's targets; 1 ÷ 32 = 0.03125 rounds
	// half-up to 0.0313, 2 ÷ 3 to 0.6667; 培训人次 has no actual yet.
	loadSheets(t, db, "pair.xlsx", sheet{name: "塘厦镇", rows: [][]any{
		{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"},
		{"指标", "单位", "2023年", "2023年目标"},
		{"帮扶资金", "万元", 1, 32},
		{"新签约项目", "个", 2, 3},
		{"培训人次", "人次", nil, 500},
	}})
	// Shixing's own target: not added into the pair's.
	loadSheets(t, db, "shixing.xlsx", sheet{name: "目标", rows: [][]any{
		{"始兴县2023年目标任务"},
		{"指标", "2023年目标"},
		{"帮扶资金", 10},
	}})
	want := []string{
		`2023 all projects_signed 3 "2" 个 "0.6667"`,
		`2023 shixing assistance_funds 10 "" 万元 ""`,
		`2023 all assistance_funds 32 "1" 万元 "0.0313"`,
		`2023 all labour_trained 500 "" 人次 ""`,
	}
	if got := targetLines(t, db); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("targets =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A later workbook restating the pair's target puts it in force; the
	// earlier one stays as an earlier target.
	loadSheets(t, db, "pair-revised.xlsx", sheet{name: "两地", rows: [][]any{
		{"塘厦镇—始兴县2023年年度目标任务（调整）"},
		{"指标", "2023年目标"},
		{"帮扶资金", 64},
	}})
	got := targetLines(t, db)
	if len(got) != 4 || got[2] != `2023 all assistance_funds 64 "1" 万元 "0.0156"` {
		t.Errorf("after the revision, targets =\n%s", strings.Join(got, "\n"))
	}
	statuses := query(t, db, `SELECT status, count(*) FROM target_status WHERE indicator = 'assistance_funds' GROUP BY ALL ORDER BY status`)
	if fmt.Sprint(statuses) != "[[earlier target 1] [target 2]]" {
		t.Errorf("target statuses = %v", statuses)
	}
}
