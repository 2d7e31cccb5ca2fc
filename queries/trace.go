package queries

import (
	"context"
	"fmt"
)

// TraceStatusCounted marks the cells whose values sum to the total.
const TraceStatusCounted = "counted"

// TraceRow is one cell behind a total, or a row excluded from it.
type TraceRow struct {
	File, Sheet, Cell, Region string
	Value                     string // plain decimal
	// Status is "counted", or why the cell is not: "total row",
	// "breakdown row", "unassigned", "earlier report", "ledger wins" (the
	// fact_status view).
	Status string
	Label  string // project, item or indicator name
	// Check is a total or breakdown row's cross-check: "ok" or "mismatch";
	// "" for other rows.
	Check string
}

// Trace lists the cells behind the total of an indicator in a year, for one
// region ("" for both), ordered by file, sheet and row.
func (db *DB) Trace(ctx context.Context, year int, indicator, region string) ([]TraceRow, error) {
	var reg any
	if region != "" && region != "all" {
		reg = region
	}
	rows, err := db.sql.QueryContext(ctx, statement("trace"), year, indicator, reg)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	defer rows.Close()
	var out []TraceRow
	for rows.Next() {
		var r TraceRow
		var value any
		var region, label, check *string
		if err := rows.Scan(&r.File, &r.Sheet, &r.Cell, &region, &value, &r.Status, &label, &check); err != nil {
			return nil, fmt.Errorf("trace: %w", err)
		}
		if region != nil {
			r.Region = *region
		}
		if label != nil {
			r.Label = *label
		}
		if check != nil {
			r.Check = *check
		}
		if r.Value, err = decimalText(value); err != nil {
			return nil, fmt.Errorf("trace: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	return out, nil
}
