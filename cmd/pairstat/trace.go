package main

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/queries"
)

// traceOptions are the flags of `pairstat trace`.
type traceOptions struct {
	year      int
	indicator string
	region    string
	format    string
}

func newTraceCmd(g *globals) *cobra.Command {
	var o traceOptions
	cmd := &cobra.Command{
		Use:   "trace --year Y --indicator CODE [--region R]",
		Short: "List the source cells behind a total, and the rows excluded from it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, db, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			t := totalsOptions{filter: queries.Filter{Year: o.year, Region: o.region, Indicator: o.indicator}, format: o.format}
			if err := t.validate(cat); err != nil {
				return err
			}
			rows, err := db.Trace(cmd.Context(), o.year, t.filter.Indicator, t.filter.Region)
			if err != nil {
				return err
			}
			return writeTrace(g, rows, o.format)
		},
	}
	cmd.Flags().IntVar(&o.year, "year", 0, "year of the total (required)")
	cmd.Flags().StringVar(&o.indicator, "indicator", "", "indicator code or name (required)")
	cmd.Flags().StringVar(&o.region, "region", "", "only this region")
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
	cmd.MarkFlagRequired("year")
	cmd.MarkFlagRequired("indicator")
	return cmd
}

var traceHeader = []string{"file", "sheet", "cell", "region", "value", "status", "label"}

func writeTrace(g *globals, rows []queries.TraceRow, format string) error {
	records := make([][]string, len(rows))
	sum := decimal.Zero
	for i, r := range rows {
		records[i] = []string{r.File, r.Sheet, r.Cell, r.Region, r.Value, r.Status, r.Label}
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
		return writeCSV(g.stdout, traceHeader, records)
	case "json":
		return writeQueryJSON(g.stdout, &queries.Table{Columns: traceHeader, Rows: records, Nulls: make([][]bool, len(records))})
	}
	if err := writeAligned(g.stdout, traceHeader, records, map[int]bool{4: true}); err != nil {
		return err
	}
	_, err := fmt.Fprintf(g.stdout, text(g.lang, "counted cells: %d rows, sum %s\n", "计入的单元格：%d 行，合计 %s\n"),
		countCounted(rows), sum.String())
	return err
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
