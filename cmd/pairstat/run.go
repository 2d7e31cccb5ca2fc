package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newRunCmd(g *globals) *cobra.Command {
	var o totalsOptions
	cmd := &cobra.Command{
		Use:   "run [INBOX]",
		Short: "Ingest the inbox, then print the yearly totals",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			inbox := "inbox"
			if len(args) == 1 {
				inbox = args[0]
			}
			return g.withDB(cmd.Context(), false, func(cat *transform.Catalog, db *queries.DB) error {
				if err := o.validate(cat); err != nil {
					return err
				}
				sum, err := ingestPaths(cmd.Context(), cat, db, []string{inbox}, g)
				if err != nil {
					return err
				}
				return errors.Join(printTotals(cmd, g, cat, db, o), sum.err())
			})
		},
	}
	o.flags(cmd)
	return cmd
}

// printTotals writes the totals in the chosen format to stdout.
func printTotals(cmd *cobra.Command, g *globals, cat *transform.Catalog, db *queries.DB, o totalsOptions) error {
	totals, err := db.Totals(cmd.Context(), o.filter)
	if err != nil {
		return err
	}
	switch o.format {
	case "csv":
		return writeTotalsCSV(g.stdout, totals)
	case "json":
		return writeTotalsJSON(g.stdout, totals)
	default:
		return writeTotalsTable(g.stdout, totals, cat, g.lang)
	}
}
