package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newTargetsCmd(g *globals) *cobra.Command {
	return newFilterCmd(g, "targets", "Print the yearly targets (年度目标任务) with their actuals and completion",
		func(ctx context.Context, cat *transform.Catalog, db *queries.DB, o totalsOptions) error {
			targets, err := db.Targets(ctx, o.filter.List())
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
		msg := messages.Pick(lang, "no targets loaded: ingest a workbook with a 年度目标任务 table\n", "尚未载入年度目标任务：请先载入含目标任务表的工作簿\n")
		if o.filter != (queries.Filter{}) {
			msg = messages.Pick(lang, "no targets for this year, region and indicator\n", "所选年度、地区和指标没有目标任务\n")
		}
		_, err := io.WriteString(w, msg)
		return err
	}
	return export.WriteTargetsTable(w, targets, cat, lang)
}
