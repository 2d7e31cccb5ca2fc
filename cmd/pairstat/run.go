package main

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newRunCmd(g *globals) *cobra.Command {
	var o totalsOptions
	var exportDir string
	cmd := &cobra.Command{
		Use:   "run [INBOX]",
		Short: "Ingest the inbox, then print the yearly totals",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			inbox := "inbox"
			if len(args) == 1 {
				inbox = args[0]
			}
			if err := requirePaths([]string{inbox}); err != nil {
				return err
			}
			return g.withDB(cmd.Context(), false, func(cat *transform.Catalog, db *queries.DB) error {
				if err := o.validate(cat); err != nil {
					return err
				}
				sum, err := loadPaths(cmd.Context(), cat, db, []string{inbox}, g)
				if err != nil {
					return err
				}
				printed := printTotals(cmd.Context(), g, cat, db, o)
				var exported error
				if exportDir != "" {
					exported = export.WriteAll(cmd.Context(), db, cat, o.filter.List(), exportDir)
				}
				// A failed print or export is a failure (1), not hidden
				// behind the status of rejected inputs (3).
				if err := errors.Join(printed, exported); err != nil {
					return err
				}
				return summaryErr(sum)
			})
		},
	}
	o.flags(cmd)
	cmd.Flags().StringVar(&exportDir, "export", "", "then write every export format into this folder (totals.csv, .json, .parquet, .xlsx, facts.parquet)")
	return cmd
}

// printTotals writes the totals in the chosen format to stdout.
func printTotals(ctx context.Context, g *globals, cat *transform.Catalog, db *queries.DB, o totalsOptions) error {
	totals, err := db.Totals(ctx, o.filter)
	if err != nil {
		return err
	}
	switch o.format {
	case "csv":
		return export.WriteTotalsCSV(g.stdout, totals)
	case "json":
		return export.WriteTotalsJSON(g.stdout, totals)
	}
	var earlier []queries.Total
	if o.filter.Year != 0 {
		before := o.filter
		before.Year--
		if earlier, err = db.Totals(ctx, before); err != nil {
			return err
		}
	}
	return export.WriteTotalsTable(g.stdout, totals, earlier, cat, g.lang)
}
