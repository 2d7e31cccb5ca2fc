package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// Target is a yearly target (年度目标任务) in force, with its actual and
// completion.
type Target struct {
	Year int
	// Region is a region code, or "all" for the pair's own target.
	Region    string
	Indicator string
	// Target and Actual are plain decimals in Unit; Actual is "" while the
	// year, region and indicator have no total.
	Target, Actual string
	Unit           string
	// Completion is Actual ÷ Target rounded half-up to 4 places, as a plain
	// decimal (1.0625 is 106.25%); "" without an actual or for a zero
	// target.
	Completion           string
	NameZh, NameEn, Area string
}

// Targets returns the targets in force selected by f, ordered like the
// totals (year, catalog order, region with "all" last).
func (db *DB) Targets(ctx context.Context, f ExportFilter) ([]Target, error) {
	out, err := queryRows(ctx, db.sql, targetsSQL, f.args(false), func(rows *sql.Rows) (t Target, err error) {
		var target, actual, completion any
		var area sql.NullString
		if err := rows.Scan(&t.Year, &t.Region, &t.Indicator, &target, &actual, &t.Unit, &completion,
			&t.NameZh, &t.NameEn, &area); err != nil {
			return t, err
		}
		t.Area = area.String
		if t.Target, err = decimalText(target); err != nil {
			return t, err
		}
		if t.Actual, err = decimalText(actual); err != nil {
			return t, err
		}
		t.Completion, err = decimalText(completion)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	return out, nil
}
