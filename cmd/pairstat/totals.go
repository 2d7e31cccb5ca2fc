package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
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

// validate checks the format and resolves region and indicator names (codes,
// Chinese names or aliases) to codes; an unknown name is an error, not an
// empty result.
func (o *totalsOptions) validate(cat *transform.Catalog) error {
	if o.format != "table" && o.format != "csv" && o.format != "json" {
		return fmt.Errorf("--format must be table, csv or json, not %q", o.format)
	}
	f, err := o.filter.Resolve(cat)
	if err != nil {
		return fmt.Errorf("--%w", err) // --region "x" is not a region …
	}
	o.filter = f
	return nil
}

func newTotalsCmd(g *globals) *cobra.Command {
	return newFilterCmd(g, "totals", "Print the yearly indicator totals",
		func(ctx context.Context, cat *transform.Catalog, db *queries.DB, o totalsOptions) error {
			return printTotals(ctx, g, cat, db, o)
		})
}

// newFilterCmd is a read-only command on the totals' flags (totals,
// targets, trace): run gets them validated, names resolved to codes.
func newFilterCmd(g *globals, use, short string, run func(context.Context, *transform.Catalog, *queries.DB, totalsOptions) error) *cobra.Command {
	var o totalsOptions
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withDB(cmd.Context(), true, func(cat *transform.Catalog, db *queries.DB) error {
				if err := o.validate(cat); err != nil {
					return err
				}
				return run(cmd.Context(), cat, db, o)
			})
		},
	}
	o.flags(cmd)
	return cmd
}
