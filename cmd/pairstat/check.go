package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/transform"
)

func newCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check PATH...",
		Short: "Validate workbooks without loading them: what each sheet is, and every problem",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := g.loadCatalog()
			if err != nil {
				return err
			}
			return checkPaths(cmd.Context(), cat, args, g)
		},
	}
}

// checkPaths reports on every file under paths; it writes nothing. The
// result is errRejected when any file would be rejected.
func checkPaths(ctx context.Context, cat *transform.Catalog, paths []string, g *globals) error {
	files, special, err := pipeline.Find(paths, "")
	if err != nil {
		return err
	}
	for _, f := range special {
		printCheckIgnored(g, f.Name, messages.Skip(g.lang, f.Skip))
	}
	rejected := 0
	var skipped []string
	for _, f := range files {
		if !f.Spreadsheet {
			skipped = append(skipped, f.Name)
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		problems, res, err := g.judge().Check(cat, f)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			rejected++
		}
		messages.CheckReport(g.stdout, g.lang, cat, f.Name, problems, res, g.strict)
		res.Release()
	}
	for _, name := range skipped {
		printCheckIgnored(g, name, messages.NotSpreadsheet(g.lang))
	}
	if rejected > 0 {
		return errRejected
	}
	return nil
}

// printCheckIgnored reports a file check does not read, as a load would
// not: its name and why.
func printCheckIgnored(g *globals, name, why string) {
	fmt.Fprintf(g.stdout, messages.Pick(g.lang, "%s: ignored (%s)\n", "%s：已忽略（%s）\n"), ingest.QuoteName(name), why)
}
