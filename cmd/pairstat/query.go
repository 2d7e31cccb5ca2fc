package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
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
			_, db, err := g.open(cmd.Context(), !o.write)
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := db.Query(cmd.Context(), strings.Join(args, " "))
			if err != nil {
				return err
			}
			switch o.format {
			case "csv":
				return writeCSV(g.stdout, t.Columns, t.Rows)
			case "json":
				return writeQueryJSON(g.stdout, t)
			case "table":
				return writeAligned(g.stdout, t.Columns, t.Rows, nil)
			}
			return fmt.Errorf("--format must be table, csv or json, not %q", o.format)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
	cmd.Flags().BoolVar(&o.write, "write", false, "open the database for writing")
	return cmd
}
