package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// exportFormats are the formats of `pairstat export`, in the order `run
// --export` writes them.
var exportFormats = []string{"csv", "json", "parquet", "xlsx"}

// utf8BOM is the byte-order mark that makes Excel on Windows read a CSV
// file as UTF-8.
const utf8BOM = "\ufeff"

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
}

func (o *exportOptions) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.format, "format", "", "export format: csv, json, parquet or xlsx (required)")
	cmd.Flags().StringVar(&o.out, "out", "", "file to write (a folder with --partition) (required)")
	cmd.Flags().IntSliceVar(&o.years, "year", nil, "only these years (repeat or separate with commas)")
	cmd.Flags().StringVar(&o.region, "region", "", "only this region (tangxia, shixing or all)")
	cmd.Flags().StringSliceVar(&o.indicators, "indicator", nil, "only these indicators (codes or names; repeat or separate with commas)")
	cmd.Flags().BoolVar(&o.bom, "bom", false, "csv: start with the UTF-8 byte-order mark (for Excel on Windows)")
	cmd.Flags().BoolVar(&o.partition, "partition", false, "parquet: write a folder partitioned year=…/region=…")
	cmd.Flags().BoolVar(&o.facts, "facts", false, "parquet: export every source value with its provenance instead of the totals")
	cmd.MarkFlagRequired("format")
	cmd.MarkFlagRequired("out")
}

// validate checks the flags and resolves region and indicator names to
// codes; an unknown name is an error, not an empty export.
func (o *exportOptions) validate(cat *transform.Catalog) (queries.ExportFilter, error) {
	var f queries.ExportFilter
	switch o.format {
	case "csv", "json", "parquet", "xlsx":
	default:
		return f, fmt.Errorf("--format must be csv, json, parquet or xlsx, not %q", o.format)
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
		Use:   "export --format csv|json|parquet|xlsx --out PATH",
		Short: "Write the yearly totals (or the facts behind them) to a file for other programs and people",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withDB(cmd.Context(), true, func(cat *transform.Catalog, db *queries.DB) error {
				f, err := o.validate(cat)
				if err != nil {
					return err
				}
				return export(cmd.Context(), db, cat, f, o)
			})
		},
	}
	o.flags(cmd)
	return cmd
}

// export writes one export to o.out: through a temporary file (or folder)
// beside it, renamed into place once complete.
func export(ctx context.Context, db *queries.DB, cat *transform.Catalog, f queries.ExportFilter, o exportOptions) error {
	if o.format == "parquet" {
		po := queries.ParquetOptions{Facts: o.facts, Partition: o.partition}
		write := func(tmp string) error { return db.WriteParquet(ctx, f, tmp, po) }
		if o.partition {
			return writeDirAtomic(o.out, write)
		}
		return writeFileAtomic(o.out, write)
	}
	totals, err := db.ExportTotals(ctx, f)
	if err != nil {
		return err
	}
	var sources []queries.LoadedSource
	if o.format == "xlsx" {
		if sources, err = db.LoadedSources(ctx); err != nil {
			return err
		}
	}
	return writeAtomic(o.out, func(w io.Writer) error {
		switch o.format {
		case "csv":
			if o.bom {
				if _, err := io.WriteString(w, utf8BOM); err != nil {
					return err
				}
			}
			return writeTotalsCSV(w, plainTotals(totals))
		case "json":
			return writeExportJSON(w, totals)
		default:
			return writeXLSX(w, xlsxBook{totals: totals, sources: sources, cat: cat})
		}
	})
}

func plainTotals(totals []queries.ExportTotal) []queries.Total {
	out := make([]queries.Total, len(totals))
	for i, t := range totals {
		out[i] = t.Total
	}
	return out
}

// exportJSON is one total in the JSON export: the totals JSON with the
// indicator's names beside it.
type exportJSON struct {
	totalJSON
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// writeExportJSON writes an array of objects: the contract keys (year,
// region, indicator, value, unit), partial, basis, name_zh and name_en; the
// value is a JSON number with its exact decimal digits. No totals is [].
func writeExportJSON(w io.Writer, totals []queries.ExportTotal) error {
	out := make([]exportJSON, len(totals))
	for i, t := range totals {
		out[i] = exportJSON{
			totalJSON: totalJSON{t.Year, t.Region, t.Indicator, json.Number(t.Value), t.Unit, t.Partial, t.Basis},
			NameZh:    t.NameZh,
			NameEn:    t.NameEn,
		}
	}
	return writeJSON(w, out)
}

// exportAll writes every format into dir, for `run --export`: totals.csv,
// totals.json, totals.parquet, totals.xlsx and facts.parquet.
func exportAll(ctx context.Context, db *queries.DB, cat *transform.Catalog, f queries.ExportFilter, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var outs []exportOptions
	for _, format := range exportFormats {
		outs = append(outs, exportOptions{format: format, out: filepath.Join(dir, "totals."+format)})
	}
	outs = append(outs, exportOptions{format: "parquet", facts: true, out: filepath.Join(dir, "facts.parquet")})
	for _, o := range outs {
		if err := export(ctx, db, cat, f, o); err != nil {
			return err
		}
	}
	return nil
}

// writeAtomic writes a file through write: into a temporary file in the
// same folder, renamed to path once complete, so path is never a partly
// written file; on error the temporary file is removed and path is as it
// was.
func writeAtomic(path string, write func(io.Writer) error) error {
	return writeFileAtomic(path, func(tmp string) error {
		file, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		defer file.Close()
		buf := bufio.NewWriter(file)
		if err := write(buf); err != nil {
			return err
		}
		if err := buf.Flush(); err != nil {
			return err
		}
		return file.Close()
	})
}

// writeFileAtomic has write fill a temporary file (given by name, empty) in
// path's folder, then renames it to path.
func writeFileAtomic(path string, write func(tmp string) error) (err error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("export: %s is a folder", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	file, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	tmp := file.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err := file.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := write(tmp); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := syncPath(tmp); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}

// writeDirAtomic has write fill a temporary folder (empty) beside path,
// then renames it to path. An earlier partitioned export at path is
// replaced; any other existing file or folder is left alone and is an
// error.
func writeDirAtomic(path string, write func(tmp string) error) (err error) {
	path = filepath.Clean(path)
	replace := false
	if info, err := os.Stat(path); err == nil {
		if !info.IsDir() || !isPartitionedExport(path) {
			return fmt.Errorf("export: %s exists and is not a partitioned export: remove it or choose another --out", path)
		}
		replace = true
	}
	tmp, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := write(tmp); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := filepath.WalkDir(tmp, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return syncPath(p)
	}); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if !replace {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("export %s: %w", path, err)
		}
		return nil
	}
	// Move the earlier export aside, the new one in, then remove the old.
	old := tmp + ".old"
	if err := os.Rename(path, old); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		if back := os.Rename(old, path); back != nil {
			return fmt.Errorf("export %s: %w (the earlier export is in %s)", path, err, old)
		}
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("export %s: remove the earlier export: %w", path, err)
	}
	return nil
}

// isPartitionedExport reports whether dir holds nothing but year=…
// partitions (or nothing): what writeDirAtomic may replace.
func isPartitionedExport(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "year=") {
			return false
		}
	}
	return true
}

// syncPath flushes a written file to disk before it is renamed into place.
func syncPath(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	return file.Sync()
}
