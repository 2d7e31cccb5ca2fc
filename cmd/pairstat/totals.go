package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/queries"
)

// totalsOptions are the flags of `pairstat totals` (and of `run`'s output).
type totalsOptions struct {
	filter queries.Filter
	format string
}

func (o *totalsOptions) flags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.filter.Year, "year", 0, "only this year")
	cmd.Flags().StringVar(&o.filter.Region, "region", "", "only this region (tangxia, shixing or all)")
	cmd.Flags().StringVar(&o.filter.Indicator, "indicator", "", "only this indicator code")
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
}

func newTotalsCmd(g *globals) *cobra.Command {
	var o totalsOptions
	cmd := &cobra.Command{
		Use:   "totals",
		Short: "Print the yearly indicator totals",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := os.Stat(g.db); err != nil {
				return fmt.Errorf("no database at %s: run `pairstat ingest INBOX` first (or pass --db)", g.db)
			}
			cat, db, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			return printTotals(cmd, g, cat, db, o)
		},
	}
	o.flags(cmd)
	return cmd
}
