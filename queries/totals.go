package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Filter narrows totals; zero fields do not filter.
type Filter struct {
	Year      int
	Region    string
	Indicator string
}

// Total is one yearly total of one indicator for one region (or "all").
type Total struct {
	Year      int
	Region    string
	Indicator string
	// Value is a plain decimal without trailing zeros, in Unit.
	Value string
	Unit  string
	// Partial marks a year whose latest cumulative report is not a full-year one.
	Partial bool
	// Basis says where the value comes from: ledger, figure or mixed (region all).
	Basis string
}

// Totals computes the yearly totals, ordered by year, catalog order of
// indicators, then region with "all" last.
func (db *DB) Totals(ctx context.Context, f Filter) ([]Total, error) {
	var year, region, indicator any
	if f.Year != 0 {
		year = f.Year
	}
	if f.Region != "" {
		region = f.Region
	}
	if f.Indicator != "" {
		indicator = f.Indicator
	}
	out, err := queryRows(ctx, db.sql, totalsSQL, []any{year, region, indicator}, func(rows *sql.Rows) (t Total, err error) {
		var value any
		if err := rows.Scan(&t.Year, &t.Region, &t.Indicator, &value, &t.Unit, &t.Partial, &t.Basis); err != nil {
			return t, err
		}
		t.Value, err = decimalText(value)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("totals: %w", err)
	}
	return out, nil
}

// Kinds of Conflict.
const (
	// ConflictLedger: a direct figure where a ledger reports the same year,
	// region and indicator with another total; the ledger's counts.
	ConflictLedger = "ledger"
	// ConflictRestated: a figure reported again for the same months, with
	// another value; the later report counts.
	ConflictRestated = "restated"
	// ConflictRestatedTarget: a target (年度目标任务) restated for the same
	// year, region (or "all") and indicator with another value; the target
	// in force counts (the latest report of the year, then the workbook
	// loaded last, then the row lowest on its sheet: trace's "earlier
	// target").
	ConflictRestatedTarget = "restated target"
)

// Conflict is a direct figure that does not count because something else
// reports the same year, region, indicator (and months) with another
// value: a ledger, or a later report; or a target not in force because
// the one in force for its year, region and indicator has another value.
type Conflict struct {
	Kind              string // ConflictLedger, ConflictRestated or ConflictRestatedTarget
	Year              int
	Region, Indicator string
	// The figure that does not count: its source, place and value (in the
	// indicator's unit).
	SourceID          int64
	File, Sheet, Cell string
	Value             string
	// What counts instead: its value, and its file, sheet and cell (a
	// ledger's: its files, no sheet or cell).
	CountedValue                           string
	CountedFile, CountedSheet, CountedCell string
}

// Conflicts lists the figures and targets that disagree with what counts
// instead of them, for warnings.
func (db *DB) Conflicts(ctx context.Context) ([]Conflict, error) {
	out, err := queryRows(ctx, db.sql, conflictsSQL, nil, func(rows *sql.Rows) (c Conflict, err error) {
		var value, counted any
		var countedFile, countedSheet, countedCell sql.NullString
		if err := rows.Scan(&c.Kind, &c.Year, &c.Region, &c.Indicator, &c.SourceID, &c.File, &c.Sheet, &c.Cell,
			&value, &counted, &countedFile, &countedSheet, &countedCell); err != nil {
			return c, err
		}
		c.CountedFile, c.CountedSheet, c.CountedCell = countedFile.String, countedSheet.String, countedCell.String
		if c.Value, err = decimalText(value); err != nil {
			return c, err
		}
		c.CountedValue, err = decimalText(counted)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	for i, c := range out {
		if c.Kind != ConflictLedger {
			continue
		}
		files, err := queryRows(ctx, db.sql, ledgerFilesSQL, []any{c.Year, c.Region, c.Indicator}, func(rows *sql.Rows) (path string, err error) {
			return path, rows.Scan(&path)
		})
		if err != nil {
			return nil, fmt.Errorf("conflicts: ledger files: %w", err)
		}
		out[i].CountedFile = strings.Join(files, ", ")
	}
	return out, nil
}
