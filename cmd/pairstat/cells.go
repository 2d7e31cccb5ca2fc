package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/messages"
)

// cellsOptions are the options of `pairstat cells`.
type cellsOptions struct {
	file  string
	sheet string // "" for every sheet
}

func newCellsCmd(g *globals) *cobra.Command {
	o := &cellsOptions{}
	cmd := &cobra.Command{
		Use:   "cells FILE",
		Short: "What pairstat reads from a file, in any format it reads: CSV sheet,cell,type,value",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return writeCells(g, o)
		},
	}
	cmd.Flags().StringVar(&o.sheet, "sheet", "", "only the sheet of this name")
	return cmd
}

// writeCells prints every non-empty cell of the file (SPEC §5) as CSV, in
// sheet and row order. A file pairstat rejects is reported as `check`
// reports it, and the result is errRejected.
func writeCells(g *globals, o *cellsOptions) error {
	if g.lang != "zh" && g.lang != "en" {
		return fmt.Errorf("--lang must be zh or en, not %q", g.lang)
	}
	wb, err := ingest.OpenTyped(o.file, o.file)
	if err != nil {
		return rejectedFile(g, o.file, err)
	}
	defer wb.Close()
	sheets := wb.Sheets()
	if o.sheet != "" {
		if !slices.Contains(sheets, o.sheet) {
			return fmt.Errorf(messages.Pick(g.lang, "%s has no sheet %q; its sheets: %s", "%s 中没有工作表 %q；其工作表为：%s"),
				o.file, o.sheet, strings.Join(sheets, messages.Pick(g.lang, ", ", "、")))
		}
		sheets = []string{o.sheet}
	}
	if err := export.WriteCellsCSV(g.stdout, wb, sheets); err != nil {
		return rejectedFile(g, o.file, err)
	}
	return nil
}

// rejectedFile prints why a file cannot be read and returns errRejected.
func rejectedFile(g *globals, name string, err error) error {
	fmt.Fprintf(g.stderr, "pairstat: %s\n", messages.Problem(messages.AsCellError(name, err), g.lang))
	return errRejected
}
