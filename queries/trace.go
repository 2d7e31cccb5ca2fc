package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// TraceStatusCounted marks the cells whose values sum to the total.
const TraceStatusCounted = "counted"

// TraceStatusTarget marks the target cells in force.
const TraceStatusTarget = "target"

// TraceRow is one cell behind a total, a row excluded from it, or a target
// cell (年度目标任务) of the same year, indicator and region.
type TraceRow struct {
	File, Sheet, Cell, Region string
	Value                     string // plain decimal
	// Status is "counted", or why the cell is not: "total row",
	// "breakdown row", "unassigned", "earlier report", "ledger wins" (the
	// fact_status view). A target cell never counts; its status is
	// "target" (the one in force), "earlier target", "target total row",
	// "target breakdown row" or "target unassigned" (the target_status
	// view). Region "all" is the pair's own target.
	Status string
	Label  string // project, item or indicator name
	// Check is a total or breakdown row's cross-check: "ok" or "mismatch";
	// "" for other rows.
	Check string
}

// Trace lists the cells behind the total of an indicator in a year, for one
// region ("" for both), and the target cells of that year, indicator and
// region, ordered by file, sheet and row.
func (db *DB) Trace(ctx context.Context, year int, indicator, region string) ([]TraceRow, error) {
	var reg any
	if region != "" && region != "all" {
		reg = region
	}
	out, err := queryRows(ctx, db.sql, traceSQL, []any{year, indicator, reg}, func(rows *sql.Rows) (r TraceRow, err error) {
		var value any
		var region, label, check sql.NullString
		if err := rows.Scan(&r.File, &r.Sheet, &r.Cell, &region, &value, &r.Status, &label, &check); err != nil {
			return r, err
		}
		r.Region, r.Label, r.Check = region.String, label.String, check.String
		r.Value, err = decimalText(value)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	return out, nil
}
