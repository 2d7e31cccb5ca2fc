package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newTargetsCmd(g *globals) *cobra.Command {
	return newFilterCmd(g, "targets", "Print the yearly targets (年度目标任务) with their actuals and completion",
		func(ctx context.Context, cat *transform.Catalog, db *queries.DB, o totalsOptions) error {
			targets, err := db.Targets(ctx, listFilter(o.filter))
			if err != nil {
				return err
			}
			return printTargets(g.stdout, targets, cat, g.lang, o)
		})
}

// printTargets writes the targets in the format o chooses: the CSV of SPEC
// §5, JSON, or a table for people (which says so when there are none).
func printTargets(w io.Writer, targets []queries.Target, cat *transform.Catalog, lang string, o totalsOptions) error {
	switch o.format {
	case "csv":
		return export.WriteTargetsCSV(w, targets)
	case "json":
		return export.WriteTargetsJSON(w, targets)
	}
	if len(targets) == 0 {
		msg := text(lang, "no targets loaded: ingest a workbook with a 年度目标任务 table\n", "尚未载入年度目标任务：请先载入含目标任务表的工作簿\n")
		if o.filter != (queries.Filter{}) {
			msg = text(lang, "no targets for this year, region and indicator\n", "所选年度、地区和指标没有目标任务\n")
		}
		_, err := io.WriteString(w, msg)
		return err
	}
	return writeTargetsTable(w, targets, cat, lang)
}

// writeTargetsTable prints the targets for people: names in the chosen
// language, thousands separators, completion as a percentage.
func writeTargetsTable(w io.Writer, targets []queries.Target, cat *transform.Catalog, lang string) error {
	header := []string{"year", "region", "indicator", "target", "actual", "unit", "completion"}
	if lang == "zh" {
		header = []string{"年度", "地区", "指标", "目标", "完成", "单位", "完成率"}
	}
	rows := make([][]string, len(targets))
	for i, t := range targets {
		completion, err := percent(t.Completion)
		if err != nil {
			return err
		}
		rows[i] = []string{strconv.Itoa(t.Year), regionName(cat, t.Region, lang), indicatorName(cat, t.Indicator, lang),
			thousands(t.Target), thousands(t.Actual), t.Unit, completion}
	}
	return writeAligned(w, header, rows, map[int]bool{3: true, 4: true, 6: true})
}

// percent writes a completion (a plain decimal with 4 places, 1.0625) as a
// percentage with 2 (106.25%), exactly: the decimal point moves, no float;
// "" stays "".
func percent(completion string) (string, error) {
	if completion == "" {
		return "", nil
	}
	d, err := decimal.NewFromString(completion)
	if err != nil {
		return "", fmt.Errorf("completion %q: %w", completion, err)
	}
	return d.Shift(2).StringFixed(2) + "%", nil
}
