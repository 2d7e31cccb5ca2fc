package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// queryOptions are the flags of `pairstat query`.
type queryOptions struct {
	format string
	write  bool
}

func newQueryCmd(g *globals) *cobra.Command {
	var o queryOptions
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run an ad-hoc SQL statement on the database (read-only unless --write)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "table" && o.format != "csv" && o.format != "json" {
				return fmt.Errorf("--format must be table, csv or json, not %q", o.format)
			}
			return g.withDB(cmd.Context(), !o.write, func(_ *transform.Catalog, db *queries.DB) error {
				t, err := db.Query(cmd.Context(), strings.Join(args, " "))
				if err != nil {
					return err
				}
				switch o.format {
				case "csv":
					return export.WriteCSV(g.stdout, t.Columns, t.Rows)
				case "json":
					return export.WriteQueryJSON(g.stdout, t)
				}
				return export.WriteAligned(g.stdout, t.Columns, t.Rows, nil)
			})
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
	cmd.Flags().BoolVar(&o.write, "write", false, "open the database for writing")
	return cmd
}
