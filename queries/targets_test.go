package queries_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
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

// pairTargets is a wide table of the pair's 2023 targets (指标 |
// 2023年目标), one row per indicator and target, from row 3.
func pairTargets(rows ...[]any) sheet {
	return sheet{name: "两地", rows: append([][]any{
		{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"},
		{"指标", "2023年目标"},
	}, rows...)}
}

// A target that is not in force because another target of its year,
// region and indicator with another value is — a later row, a later
// workbook, or the original workbook loaded again after a correction —
// is a conflict of kind restated target, with both values and places;
// equal targets, and a region's own target beside the pair's, are none.
// Its warnings are recorded and cleared like those of figures.
func TestTargetConflicts(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	original := []any{"培训人次", 500}
	loadSheets(t, db, "目标.xlsx", pairTargets(
		[]any{"财政帮扶资金", 4500}, // B3: restated by the adjustment
		[]any{"新签约项目", 80},    // B4: restated, equal
		[]any{"帮扶资金", 3000},   // B5: restated by the adjustment's B6
		original,              // B6
	))
	loadSheets(t, db, "始兴目标.xlsx", sheet{name: "目标", rows: [][]any{
		{"始兴县2023年目标任务"},
		{"指标", "2023年目标"},
		{"财政帮扶资金", 4000}, // Shixing's own: not the pair's
	}})
	_, adjusted := loadSheets(t, db, "目标（调整）.xlsx", pairTargets(
		[]any{"财政帮扶资金", 5000}, // B3: in force
		[]any{"新签约项目", 80},    // B4
		[]any{"帮扶资金", 3000},   // B5: restated below, equal to the original
		[]any{"帮扶资金", 3200},   // B6: in force
	))
	conflicts := func() []queries.Conflict {
		t.Helper()
		got, err := db.Conflicts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	restated := func(id int64, file, cell, value, counted, countedFile, countedCell string, indicator string) queries.Conflict {
		return queries.Conflict{Kind: queries.ConflictRestatedTarget, Year: 2023, Region: "all", Indicator: indicator,
			SourceID: id, File: file, Sheet: "两地", Cell: cell, Value: value, CountedValue: counted,
			CountedFile: countedFile, CountedSheet: "两地", CountedCell: countedCell}
	}
	origID := func() int64 {
		t.Helper()
		rows := query(t, db, `SELECT id FROM sources WHERE path = '目标.xlsx' AND status = 'loaded'`)
		if len(rows) != 1 {
			t.Fatalf("loaded sources of 目标.xlsx: %v", rows)
		}
		id, err := strconv.ParseInt(rows[0][0], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	want := []queries.Conflict{
		restated(origID(), "目标.xlsx", "B5", "3000", "3200", "目标（调整）.xlsx", "B6", "assistance_funds"),
		restated(adjusted, "目标（调整）.xlsx", "B5", "3000", "3200", "目标（调整）.xlsx", "B6", "assistance_funds"),
		restated(origID(), "目标.xlsx", "B3", "4500", "5000", "目标（调整）.xlsx", "B3", "fiscal_aid"),
	}
	if got := conflicts(); !slices.Equal(got, want) {
		t.Fatalf("conflicts =\n%+v\nwant\n%+v", got, want)
	}

	// Their warnings are recorded with the source of the target that does
	// not count, kept while they are the same, and cleared once resolved.
	ws := make([]queries.ConflictWarning, len(want))
	for i, c := range want {
		ws[i] = queries.ConflictWarning{SourceID: c.SourceID, Warning: transform.Warning{File: c.File, Sheet: c.Sheet, Cell: c.Cell,
			Kind: c.Kind, Expected: c.CountedValue + " 万元", Found: c.Value + " 万元", En: "restated target", Zh: "目标重复填报"}}
	}
	for _, record := range [][]queries.ConflictWarning{ws, ws, nil} {
		listed := recordConflicts(t, db, record)
		var cells []string
		for _, w := range listed {
			if w.Message == "restated target" { // not the units the workbooks' own warnings assume
				cells = append(cells, fmt.Sprint(w.SourceID, " ", w.Cell))
			}
		}
		var wantCells []string
		for _, w := range record {
			wantCells = append(wantCells, fmt.Sprint(w.SourceID, " ", w.Warning.Cell))
		}
		slices.Sort(cells)
		slices.Sort(wantCells)
		if !slices.Equal(cells, wantCells) {
			t.Errorf("after recording %d conflict warning(s), the sources' warnings are %v, want %v", len(record), cells, wantCells)
		}
	}

	// Correcting an unrelated cell of the original makes it the workbook
	// loaded last: its targets are in force again, and the adjustment's
	// that differ are the ones warned about.
	original[1] = 600
	loadSheets(t, db, "目标.xlsx", pairTargets(
		[]any{"财政帮扶资金", 4500},
		[]any{"新签约项目", 80},
		[]any{"帮扶资金", 3000},
		original,
	))
	want = []queries.Conflict{
		restated(adjusted, "目标（调整）.xlsx", "B6", "3200", "3000", "目标.xlsx", "B5", "assistance_funds"),
		restated(adjusted, "目标（调整）.xlsx", "B3", "5000", "4500", "目标.xlsx", "B3", "fiscal_aid"),
	}
	if got := conflicts(); !slices.Equal(got, want) {
		t.Fatalf("after the original is loaded again, conflicts =\n%+v\nwant\n%+v", got, want)
	}
}
