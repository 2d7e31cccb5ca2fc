package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/buildinfo"
)

func newVersionCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the versions of pairstat, Go, DuckDB and excelize, and the catalog's SHA-256",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("--format must be text or json, not %q", format)
			}
			v, err := buildinfo.Read(cmd.Context(), g.catalog)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(v)
			}
			_, err = fmt.Fprintf(g.stdout, "pairstat        %s\ngo              %s\nduckdb          %s\nexcelize        %s\ncatalog sha256  %s\n",
				v.Pairstat, v.Go, v.DuckDB, v.Excelize, v.CatalogSHA256)
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
