package queries_test

import (
	"fmt"
	"testing"
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
