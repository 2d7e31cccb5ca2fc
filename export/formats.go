package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// Source is what an export reads: the database (*queries.DB).
type Source interface {
	ExportTotals(ctx context.Context, f queries.ExportFilter) ([]queries.ExportTotal, error)
	LoadedSources(ctx context.Context) ([]queries.LoadedSource, error)
	Targets(ctx context.Context, f queries.ExportFilter) ([]queries.Target, error)
	WriteParquet(ctx context.Context, f queries.ExportFilter, path string, o queries.ParquetOptions) error
}

// Options choose one export: its format, the file (or folder) it goes to
// and the options of its format.
type Options struct {
	Format    string // a Format's name
	Out       string // the file to write; a folder with Partition
	BOM       bool   // csv: start with the UTF-8 byte-order mark
	Partition bool   // parquet: a folder partitioned year=…/region=…
	Facts     bool   // parquet: the normalized facts instead of the totals
	Targets   bool   // a format with Targets: the targets instead of the totals
}

// Format is one export format.
type Format struct {
	Name  string // the --format value
	Ext   string // the extension of its file, with the dot
	Holds string // what its file holds
	// Targets: --targets exports the targets (with their actuals and
	// completion) in this format instead of the totals.
	Targets bool
	// write writes the export of the totals to w; nil for a format the
	// database writes itself (parquet).
	write func(w io.Writer, b book, o Options) error
	// workbook: the export holds the loaded source files and the targets
	// too.
	workbook bool
}

// book is what a written export holds: the totals (or, with
// Options.Targets, the targets), the loaded source files and the targets
// (for a workbook) and the catalog, for names.
type book struct {
	totals  []queries.ExportTotal
	targets []queries.Target
	sources []queries.LoadedSource
	cat     *transform.Catalog
}

// formats is the table of export formats, in the order `run --export`
// writes them.
var formats = []Format{
	{Name: "csv", Ext: ".csv", Holds: "the totals (or the targets), one record per total (the columns of SPEC §5)", Targets: true,
		write: func(w io.Writer, b book, o Options) error {
			if o.BOM {
				if _, err := io.WriteString(w, utf8BOM); err != nil {
					return err
				}
			}
			if o.Targets {
				return WriteTargetsCSV(w, b.targets)
			}
			return WriteTotalsCSV(w, plainTotals(b.totals))
		}},
	{Name: "json", Ext: ".json", Holds: "the totals (or the targets), an array of objects with the indicator's names", Targets: true,
		write: func(w io.Writer, b book, o Options) error {
			if o.Targets {
				return WriteTargetsJSON(w, b.targets)
			}
			return writeExportJSON(w, b.totals)
		}},
	{Name: "parquet", Ext: ".parquet", Holds: "the totals, the facts behind them or the targets; one file or a folder partitioned year=…/region=… (written by the database)", Targets: true},
	{Name: "xlsx", Ext: ".xlsx", Holds: "a workbook: 年度汇总 with charts, 目标完成 (the targets and their completion, with a chart; when there are targets), 数据 (one row per total), 数据来源 (the loaded source files)",
		write: func(w io.Writer, b book, _ Options) error { return writeXLSX(w, b) }, workbook: true},
}

// Formats returns the export formats, in the order `run --export` writes
// them.
func Formats() []Format { return append([]Format(nil), formats...) }

// Names returns the names of the export formats, in table order.
func Names() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// NameList names the formats for people: csv, json, parquet or xlsx.
func NameList() string { return peopleList(Names()) }

// peopleList joins names for people: a, b or c.
func peopleList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// TargetList names the formats with a targets export for people: csv,
// json or parquet.
func TargetList() string {
	var names []string
	for _, f := range formats {
		if f.Targets {
			names = append(names, f.Name)
		}
	}
	return peopleList(names)
}

// Lookup finds a format by name.
func Lookup(name string) (Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Write writes one export to o.Out: through a temporary file (or folder)
// beside it, renamed into place once complete.
func Write(ctx context.Context, src Source, cat *transform.Catalog, f queries.ExportFilter, o Options) error {
	format, ok := Lookup(o.Format)
	if !ok {
		return fmt.Errorf("export: unknown format %q", o.Format)
	}
	if o.Targets && !format.Targets {
		return fmt.Errorf("export: %s has no targets export", format.Name)
	}
	if format.write == nil {
		po := queries.ParquetOptions{Facts: o.Facts, Targets: o.Targets, Partition: o.Partition}
		write := func(tmp string) error { return src.WriteParquet(ctx, f, tmp, po) }
		if o.Partition {
			return writeDirAtomic(o.Out, write)
		}
		return writeFileAtomic(o.Out, write)
	}
	b := book{cat: cat}
	var err error
	if !o.Targets {
		if b.totals, err = src.ExportTotals(ctx, f); err != nil {
			return err
		}
	}
	if o.Targets || format.workbook {
		if b.targets, err = src.Targets(ctx, f); err != nil {
			return err
		}
	}
	if format.workbook {
		if b.sources, err = src.LoadedSources(ctx); err != nil {
			return err
		}
	}
	return writeAtomic(o.Out, func(w io.Writer) error { return format.write(w, b, o) })
}

// WriteAll writes every format into dir, for `run --export`: totals.csv,
// totals.json, totals.parquet, totals.xlsx and facts.parquet.
func WriteAll(ctx context.Context, src Source, cat *transform.Catalog, f queries.ExportFilter, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var outs []Options
	for _, format := range formats {
		outs = append(outs, Options{Format: format.Name, Out: filepath.Join(dir, "totals"+format.Ext)})
	}
	outs = append(outs, Options{Format: "parquet", Facts: true, Out: filepath.Join(dir, "facts.parquet")})
	for _, o := range outs {
		if err := Write(ctx, src, cat, f, o); err != nil {
			return err
		}
	}
	return nil
}
