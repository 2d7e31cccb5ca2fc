package main

import (
	"context"
	"fmt"
	"io"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newTraceCmd(g *globals) *cobra.Command {
	cmd := newFilterCmd(g, "trace --year Y --indicator CODE [--region R]",
		"List the source cells behind a total, the rows excluded from it, and the target cells of its year",
		func(ctx context.Context, _ *transform.Catalog, db *queries.DB, o totalsOptions) error {
			rows, err := db.Trace(ctx, o.filter.Year, o.filter.Indicator, o.filter.Region)
			if err != nil {
				return err
			}
			return writeTrace(g, rows, o.format)
		})
	cmd.MarkFlagRequired("year")
	cmd.MarkFlagRequired("indicator")
	return cmd
}

func writeTrace(g *globals, rows []queries.TraceRow, format string) error {
	records := export.TraceRecords(rows)
	sum := decimal.Zero
	for _, r := range rows {
		if r.Status == queries.TraceStatusCounted {
			v, err := decimal.NewFromString(r.Value)
			if err != nil {
				return fmt.Errorf("trace value %q: %w", r.Value, err)
			}
			sum = sum.Add(v)
		}
	}
	switch format {
	case "csv":
		return export.WriteCSV(g.stdout, export.TraceHeader, records)
	case "json":
		return export.WriteTraceJSON(g.stdout, rows)
	}
	if err := export.WriteAligned(g.stdout, export.TraceHeader, records, map[int]bool{4: true}); err != nil {
		return err
	}
	counted := messages.Pick(g.lang, "counted cells: none, so there is no total (not a total of 0)\n", "计入的单元格：无，因此没有总数（不是 0）\n")
	if n := countCounted(rows); n > 0 {
		counted = fmt.Sprintf(messages.Pick(g.lang, "counted cells: %d rows, sum %s\n", "计入的单元格：%d 行，合计 %s\n"), n, sum.String())
	}
	if _, err := io.WriteString(g.stdout, counted); err != nil {
		return err
	}
	for _, r := range rows {
		if r.Status == queries.TraceStatusTarget {
			if _, err := fmt.Fprintf(g.stdout, messages.Pick(g.lang, "target in force (%s): %s\n", "现行目标（%s）：%s\n"),
				r.Region, r.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

func countCounted(rows []queries.TraceRow) int {
	n := 0
	for _, r := range rows {
		if r.Status == queries.TraceStatusCounted {
			n++
		}
	}
	return n
}
