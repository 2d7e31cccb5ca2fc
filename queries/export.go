package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ExportFilter narrows an export; empty fields do not filter.
type ExportFilter struct {
	Years []int
	// Region is a region code, or "all" for the totals of both regions
	// (the facts of every region).
	Region string
	// Indicators are indicator codes.
	Indicators []string
}

// args binds the filter as a list of years, a region and a list of
// indicator codes (NULL when empty). forFacts maps region "all" to no
// filter: facts belong to one region each.
func (f ExportFilter) args(forFacts bool) []any {
	var years, region, indicators any
	if len(f.Years) > 0 {
		ys := make([]int32, len(f.Years))
		for i, y := range f.Years {
			ys[i] = int32(y)
		}
		years = ys
	}
	if f.Region != "" && !(forFacts && f.Region == "all") {
		region = f.Region
	}
	if len(f.Indicators) > 0 {
		indicators = append([]string(nil), f.Indicators...)
	}
	return []any{years, region, indicators}
}

// ExportTotal is a yearly total with its indicator's names.
type ExportTotal struct {
	Total
	NameZh, NameEn string
}

// ExportTotals returns the totals selected by f, ordered like Totals.
func (db *DB) ExportTotals(ctx context.Context, f ExportFilter) ([]ExportTotal, error) {
	out, err := queryRows(ctx, db.sql, exportTotalsSQL, f.args(false), func(rows *sql.Rows) (t ExportTotal, err error) {
		var value any
		if err := rows.Scan(&t.Year, &t.Region, &t.Indicator, &value, &t.Unit, &t.Partial, &t.Basis,
			&t.NameZh, &t.NameEn); err != nil {
			return t, err
		}
		t.Value, err = decimalText(value)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("export totals: %w", err)
	}
	return out, nil
}

// LoadedSource is one loaded source file.
type LoadedSource struct {
	Path   string
	SHA256 string
	Size   int64 // bytes
	Rows   int64 // spreadsheet rows loaded
	// Warnings are the file's failed cross-checks and assumed units, in
	// Chinese, one per line ("" when none).
	Warnings string
}

// LoadedSources lists the loaded source files, ordered by path.
func (db *DB) LoadedSources(ctx context.Context) ([]LoadedSource, error) {
	out, err := queryRows(ctx, db.sql, exportSourcesSQL, nil, func(rows *sql.Rows) (s LoadedSource, err error) {
		var warnings sql.NullString
		err = rows.Scan(&s.Path, &s.SHA256, &s.Size, &s.Rows, &warnings)
		s.Warnings = warnings.String
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("export sources: %w", err)
	}
	return out, nil
}

// ParquetOptions choose what a Parquet export holds and how it is laid out.
type ParquetOptions struct {
	// Facts exports the normalized facts (export_facts.sql: every value with
	// its provenance) instead of the totals (export_totals.sql).
	Facts bool
	// Targets exports the targets in force with their actuals and
	// completion (targets.sql) instead of the totals; not with Facts.
	Targets bool
	// Partition writes a folder partitioned year=…/region=… (Hive style)
	// instead of one file. The folder must exist and be empty.
	Partition bool
}

// WriteParquet has DuckDB write the totals (facts or targets) selected by f to
// path as Parquet: money stays DECIMAL, dates stay DATE, rows keep the
// query's order. It only reads the database, so it works on a read-only
// one while other processes read it too. The path is a bound parameter of
// the COPY statement, never SQL text.
func (db *DB) WriteParquet(ctx context.Context, f ExportFilter, path string, o ParquetOptions) error {
	name, stmt, args := "export totals", parquetTotalsSQL, f.args(false)
	switch {
	case o.Facts && o.Targets:
		return errors.New("export: facts or targets, not both")
	case o.Targets && o.Partition:
		name, stmt = "export targets", parquetTargetsPartitionedSQL
	case o.Targets:
		name, stmt = "export targets", parquetTargetsSQL
	case o.Facts && o.Partition:
		name, stmt, args = "export facts", parquetFactsPartitionedSQL, f.args(true)
	case o.Facts:
		name, stmt, args = "export facts", parquetFactsSQL, f.args(true)
	case o.Partition:
		stmt = parquetTotalsPartitionedSQL
	}
	if strings.ContainsRune(path, 0) {
		return fmt.Errorf("%s: %w", name, errNulInPath)
	}
	if _, err := db.sql.ExecContext(ctx, stmt, append(args, path)...); err != nil {
		return fmt.Errorf("%s to parquet: %w", name, err)
	}
	return nil
}

// errNulInPath: a file name cannot hold a NUL character.
var errNulInPath = errors.New("a file name cannot hold a NUL character")
