package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// exportOptions are the flags of `pairstat export`.
type exportOptions struct {
	format     string
	out        string
	years      []int
	region     string
	indicators []string
	bom        bool // csv: write the UTF-8 byte-order mark
	partition  bool // parquet: a folder partitioned year=…/region=…
	facts      bool // parquet: the normalized facts instead of the totals
	targets    bool // csv, json, parquet: the targets instead of the totals
}

func (o *exportOptions) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.format, "format", "", "export format: "+export.NameList()+" (required)")
	cmd.Flags().StringVar(&o.out, "out", "", "file to write (a folder with --partition) (required)")
	cmd.Flags().IntSliceVar(&o.years, "year", nil, "only these years (repeat or separate with commas)")
	cmd.Flags().StringVar(&o.region, "region", "", "only this region (tangxia, shixing or all)")
	cmd.Flags().StringSliceVar(&o.indicators, "indicator", nil, "only these indicators (codes or names; repeat or separate with commas)")
	cmd.Flags().BoolVar(&o.bom, "bom", false, "csv: start with the UTF-8 byte-order mark (for Excel on Windows)")
	cmd.Flags().BoolVar(&o.partition, "partition", false, "parquet: write a folder partitioned year=…/region=…")
	cmd.Flags().BoolVar(&o.facts, "facts", false, "parquet: export every source value with its provenance instead of the totals")
	cmd.Flags().BoolVar(&o.targets, "targets", false, export.TargetList()+": export the targets with their actuals and completion instead of the totals (the xlsx always has them, on its 目标完成 sheet)")
	cmd.MarkFlagRequired("format")
	cmd.MarkFlagRequired("out")
}

// validate checks the flags and resolves region and indicator names to
// codes; an unknown name is an error, not an empty export.
func (o *exportOptions) validate(cat *transform.Catalog) (queries.ExportFilter, error) {
	var f queries.ExportFilter
	format, ok := export.Lookup(o.format)
	if !ok {
		return f, fmt.Errorf("--format must be %s, not %q", export.NameList(), o.format)
	}
	if o.out == "" {
		return f, errors.New("--out is required")
	}
	if o.bom && o.format != "csv" {
		return f, errors.New("--bom goes with --format csv only")
	}
	if (o.partition || o.facts) && o.format != "parquet" {
		return f, errors.New("--partition and --facts go with --format parquet only")
	}
	if o.targets && !format.Targets {
		return f, fmt.Errorf("--targets goes with --format %s: the %s export always holds the targets (its %s sheet)",
			export.TargetList(), o.format, export.SheetTargets)
	}
	if o.targets && o.facts {
		return f, errors.New("--targets and --facts: choose one")
	}
	f.Years = o.years
	// Reuse the totals' resolution of names, one indicator at a time.
	t := totalsOptions{format: "csv", filter: queries.Filter{Region: o.region}}
	if err := t.validate(cat); err != nil {
		return f, err
	}
	f.Region = t.filter.Region
	for _, name := range o.indicators {
		t := totalsOptions{format: "csv", filter: queries.Filter{Indicator: name}}
		if err := t.validate(cat); err != nil {
			return f, err
		}
		f.Indicators = append(f.Indicators, t.filter.Indicator)
	}
	return f, nil
}

func newExportCmd(g *globals) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export --format " + strings.Join(export.Names(), "|") + " --out PATH",
		Short: "Write the yearly totals (or the facts behind them, or the targets) to a file for other programs and people",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withDB(cmd.Context(), true, func(cat *transform.Catalog, db *queries.DB) error {
				f, err := o.validate(cat)
				if err != nil {
					return err
				}
				return export.Write(cmd.Context(), db, cat, f, o.options())
			})
		},
	}
	o.flags(cmd)
	return cmd
}

// options returns the export the flags choose.
func (o *exportOptions) options() export.Options {
	return export.Options{Format: o.format, Out: o.out, BOM: o.bom, Partition: o.partition, Facts: o.facts, Targets: o.targets}
}
